import { ACTIVE_STATUSES } from '../model/entry';
import type { OutboxEntry } from '../model/entry';
import type { FlushResult } from '../model/results';
import type { EngineContext } from './engine-context';
import type { AttemptReport, Delivery } from './delivery';
import type { CanonicalView } from './canonical-ids';
import { LeaseLostError } from './flush-lease';

/** Why a run must stop now, or null to go on. */
export type StopReason = NonNullable<FlushResult['stoppedBy']>;

/** Hooks the flusher calls back into the outbox. */
export interface FlusherHooks {
  /** Checked before every attempt: a reason stops the run. */
  stopReason(): StopReason | null;
  /** The run holds the lease and starts with `total` entries to deliver. */
  onStart(total: number): Promise<void>;
  /** An entry was settled (succeeded, rolled back or held as failed) or scheduled. */
  onReport(report: AttemptReport): void;
}

/** The outcome of one flush run plus in how many milliseconds the next entry becomes due. */
export interface FlushRun extends FlushResult {
  readonly nextWakeInMs: number | null;
}

const PAGE = 200;

/** How a pass over the active entries ended; `deferred`: an entry was left unattempted, pass again. */
interface PassResult {
  readonly nextWakeInMs: number | null;
  readonly stoppedBy?: StopReason;
  readonly deferred: boolean;
}

/** What a run has done so far. */
type Counters = { attempted: number; succeeded: number; retryScheduled: number; failed: number; rolledBack: number };

/**
 * One flush run: walks active entries in enqueue order and delivers each due one whose ordering
 * key (everything for `global`, the partition key for `partition`) is not blocked by an earlier
 * unsettled entry, and none of whose dependencies (same entity, referenced temporary ids) is
 * still unsettled. Consecutive deliverable entries go in one batch when the transport supports it.
 * Successes are recorded in groups (`successCommit`): the next entry is sent while the accepted
 * ones wait, unless it needs their answer; whatever is still held is recorded when a pass ends.
 */
export class Flusher {
  constructor(
    private readonly context: EngineContext,
    private readonly delivery: Delivery,
    private readonly hooks: FlusherHooks,
  ) {}

  /**
   * Runs while holding the flush lease (or returns `stoppedBy: 'locked'` at once when another
   * instance holds it, or as soon as it finds the lease was taken over, recording nothing more).
   * Entries a crashed run left in flight go back to pending first: with the lease held, nobody
   * else is sending them. `ignoreSchedule`: the backoff waits are skipped, not the server's.
   */
  async run(ignoreSchedule: boolean): Promise<FlushRun> {
    const stopped = this.hooks.stopReason();
    const counters = { attempted: 0, succeeded: 0, retryScheduled: 0, failed: 0, rolledBack: 0 };
    let held: { readonly value: FlushRun } | null = null;
    try {
      held = stopped ? null : await this.context.lease.hold(() => this.runHoldingLease(ignoreSchedule, counters));
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
    }
    if (held) return held.value;
    return { ...counters, remaining: await this.activeCount(), nextWakeInMs: null, stoppedBy: stopped ?? 'locked' };
  }

  private async runHoldingLease(ignoreSchedule: boolean, counters: Counters): Promise<FlushRun> {
    const { storage, clock } = this.context;
    await storage.recoverInFlight(clock.now());
    const counts = await storage.counts();
    await this.hooks.onStart(counts.pending + counts.inFlight);
    let nextWakeInMs: number | null = null;
    let stoppedBy: StopReason | undefined;
    for (let again = true; again && stoppedBy === undefined; ) {
      let pass: PassResult;
      try {
        pass = await this.pass(ignoreSchedule, counters);
      } finally {
        // Before the next pass lists entries again, and before the run ends (even by an error).
        for (const report of await this.delivery.settleHeld()) this.count(report, counters);
      }
      nextWakeInMs = pass.nextWakeInMs;
      stoppedBy = pass.stoppedBy;
      again = pass.deferred;
    }
    return { ...counters, remaining: await this.activeCount(), nextWakeInMs, ...(stoppedBy ? { stoppedBy } : {}) };
  }

  /** Adds a settled entry's report to the run's counters and passes it on. */
  private count(report: AttemptReport, counters: Counters): void {
    if (report.outcome !== 'not-attempted' && report.outcome !== 'auth') counters.attempted++;
    if (report.outcome === 'succeeded') counters.succeeded++;
    if (report.outcome === 'rolled_back') counters.rolledBack++;
    if (report.outcome === 'failed') counters.failed++;
    if (report.outcome === 'retry') counters.retryScheduled++;
    this.hooks.onReport(report);
  }

  private async activeCount(): Promise<number> {
    const counts = await this.context.storage.counts();
    return counts.pending + counts.inFlight + counts.failed;
  }

  private async pass(
    ignoreSchedule: boolean,
    counters: Counters,
  ): Promise<PassResult> {
    const { storage, options, tempIds, transport, waits, lease } = this.context;
    const global = options.ordering === 'global';
    const batchSize = transport.sendBatch ? Math.max(1, options.batchSize) : 1;
    const blockedKeys = new Set<string>();
    const unsettledEntities = new Set<string>();
    let nextWakeInMs: number | null = null;
    let deferred = false;
    let batch: OutboxEntry[] = [];
    // Ordering and dependencies compare canonical ids: a temporary id and its server id are one entity.
    const views = new Map<string, CanonicalView>();
    const keyOf = (view: CanonicalView) => (global ? '*' : view.partitionKey);
    const block = (entryId: string) => {
      const view = views.get(entryId);
      if (!view) return;
      blockedKeys.add(keyOf(view));
      unsettledEntities.add(view.entityId);
    };
    const isBlocked = (view: CanonicalView) =>
      blockedKeys.has(keyOf(view)) || unsettledEntities.has(view.entityId) || view.references.some((id) => unsettledEntities.has(id));

    const record = (reports: readonly AttemptReport[]) => {
      for (const report of reports) {
        if (report.outcome === 'conflict-retry' || report.outcome === 'skipped') continue;
        this.count(report, counters);
        if (report.outcome !== 'succeeded' && report.outcome !== 'rolled_back') {
          block(report.entryId);
          if (report.outcome === 'not-attempted') deferred = true;
        }
        if (report.retryInMs !== undefined) nextWakeInMs = Math.min(nextWakeInMs ?? Infinity, report.retryInMs);
      }
    };

    const sendBatch = async (): Promise<StopReason | undefined> => {
      const group = batch;
      batch = [];
      if (group.length === 0) return undefined;
      // Nothing is sent once another instance took the lease over.
      await lease.assertHeld();
      let reports = await this.delivery.deliver(
        group.map((entry) => entry.id),
        { holdSuccesses: true },
      );
      for (;;) {
        record(reports);
        const retryNow = reports.filter((report) => report.outcome === 'conflict-retry');
        if (retryNow.length === 0) break;
        counters.attempted += retryNow.length;
        reports = await this.delivery.deliver(
          retryNow.map((report) => report.entryId),
          { holdSuccesses: true },
        );
      }
      if (this.delivery.heldAreDue()) record(await this.delivery.settleHeld());
      return this.hooks.stopReason() ?? undefined;
    };

    let afterSeq: number | undefined;
    for (;;) {
      const page = await storage.list({ statuses: ACTIVE_STATUSES, limit: PAGE, ...(afterSeq !== undefined ? { afterSeq } : {}) });
      for (const entry of page.entries) {
        const stop = this.hooks.stopReason();
        if (stop) return { nextWakeInMs, stoppedBy: stop, deferred: false };
        let view = await this.context.canonical.view(entry);
        // Wait for the answer of the batch and of the held successes first (recording them) when
        // this entry needs it: a temporary id one of them creates, or the version an earlier
        // change of the same entity produces (the entry is rebased on it).
        const needsAnswer = (earlier: OutboxEntry) =>
          (tempIds.isTemp(earlier.entityId) && (earlier.entityId === entry.entityId || entry.references.includes(earlier.entityId))) ||
          (entry.expectedVersion !== null && views.get(earlier.id)?.entityId === view.entityId);
        if (batch.some(needsAnswer) || this.delivery.heldEntries.some(needsAnswer)) {
          const stopped = await sendBatch();
          record(await this.delivery.settleHeld());
          if (stopped) return { nextWakeInMs, stoppedBy: stopped, deferred: false };
          // The answers may have mapped a temporary id of this entry: compare it by its server id now.
          view = await this.context.canonical.view(entry);
        }
        views.set(entry.id, view);
        const waitMs = waits.remainingMs(entry, ignoreSchedule);
        if (isBlocked(view) || entry.status === 'failed') {
          block(entry.id);
        } else if (waitMs > 0) {
          nextWakeInMs = Math.min(nextWakeInMs ?? Infinity, waitMs);
          block(entry.id);
        } else {
          batch.push(entry);
          if (batch.length >= batchSize) {
            const stopped = await sendBatch();
            if (stopped) return { nextWakeInMs, stoppedBy: stopped, deferred: false };
          }
          continue;
        }
        // In global order nothing after a blocked entry may go: stop scanning.
        if (global) {
          const stopped = await sendBatch();
          return { nextWakeInMs, deferred: deferred && !stopped, ...(stopped ? { stoppedBy: stopped } : {}) };
        }
      }
      if (page.nextAfterSeq === null) break;
      afterSeq = page.nextAfterSeq;
    }
    const stopped = await sendBatch();
    return { nextWakeInMs, deferred: deferred && !stopped, ...(stopped ? { stoppedBy: stopped } : {}) };
  }
}
