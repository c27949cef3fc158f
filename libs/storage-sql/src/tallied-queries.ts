import type { EntryPatch, NewOutboxEntry, OutboxCounts, OutboxEntry, OutboxLimits } from '@mutation-outbox/core';
import type { GroupAppendSteps } from './group-append';
import { activeLoad, checkLimits } from './outbox-queries';
import type { CountedRow, OutboxQueries } from './outbox-queries';
import type { OutboxTally, TallySnapshot } from './outbox-tally';
import type { SqlExecutor } from './sql-transaction';

/**
 * The outbox's counted operations: each write runs its statements (`OutboxQueries`) and, once they
 * succeeded, reports what it changed to the connection's `OutboxTally`; limit checks and `counts`
 * read the tally. The caller runs them inside a transaction and restores the tally's snapshot
 * (`saveTally`/`restoreTally`) when that transaction or savepoint rolls back.
 */
export class TalliedQueries implements GroupAppendSteps {
  constructor(
    private readonly queries: OutboxQueries,
    private readonly tally: OutboxTally,
  ) {}

  /** The counts as `x` sees them (the database's, when another connection committed meanwhile). */
  counts(x: SqlExecutor): Promise<OutboxCounts> {
    return this.tally.current(
      () => this.queries.dataVersion(x),
      () => this.queries.recount(x),
    );
  }

  /** Checks `limits` against the current counts (`OutboxFullError`), then inserts the entries. */
  async append(x: SqlExecutor, entries: readonly NewOutboxEntry[], limits: OutboxLimits): Promise<OutboxEntry[]> {
    const load = activeLoad(entries);
    if (load.entries > 0) checkLimits(await this.counts(x), load, limits);
    return this.insert(x, entries);
  }

  /** Inserts entries whose limits were already checked. */
  async insert(x: SqlExecutor, entries: readonly NewOutboxEntry[]): Promise<OutboxEntry[]> {
    const appended = await this.queries.insert(x, entries);
    for (const entry of appended) this.tally.add(entry.status, entry.sizeBytes);
    return appended;
  }

  /** `OutboxQueries.update`, counted. */
  async update(x: SqlExecutor, id: string, patch: EntryPatch): Promise<void> {
    const change = await this.queries.update(x, id, patch);
    if (change) this.moved(change.before, change.after);
  }

  /** `OutboxQueries.remove`, counted. */
  async remove(x: SqlExecutor, id: string): Promise<void> {
    const removed = await this.queries.remove(x, id);
    if (removed) this.moved(removed, null);
  }

  /** `OutboxQueries.recoverInFlight`, counted. */
  async recoverInFlight(x: SqlExecutor, now: number): Promise<number> {
    const moved = await this.queries.recoverInFlight(x, now);
    this.tally.recovered(moved);
    return moved;
  }

  /** The tally's state, to restore if the transaction or savepoint starting now rolls back. */
  saveTally(): TallySnapshot {
    return this.tally.save();
  }

  /** Puts the tally back to `snapshot` (its writes were rolled back). */
  restoreTally(snapshot: TallySnapshot): void {
    this.tally.restore(snapshot);
  }

  private moved(before: CountedRow, after: CountedRow | null): void {
    this.tally.subtract(before.status, before.sizeBytes);
    if (after) this.tally.add(after.status, after.sizeBytes);
  }
}
