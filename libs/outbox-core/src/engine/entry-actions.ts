import { serverMayHaveApplied } from '../model/entry';
import type { EntryStatus, OutboxEntry } from '../model/entry';
import { EntryNotFoundError, InvalidEntryStateError, RollbackMayDivergeError, StorageLockedError } from '../model/errors';
import type { MutationResult, NotAttemptedReason } from '../model/results';
import type { AttemptReport, Delivery } from './delivery';
import type { EngineContext } from './engine-context';
import { LeaseLostError } from './flush-lease';
import type { StopReason } from './flusher';
import { hasBlockingPredecessor } from './predecessors';
import { findDependants, rollbackCascade } from './rollback';
import type { RollbackResult } from './rollback';

/** What `retryEntryNow` did: the caller's result and, when it attempted, the delivery report. */
export interface RetryDone {
  readonly result: MutationResult;
  readonly report: AttemptReport | null;
}

/**
 * The work of `retryEntry` (the caller holds the outbox's exclusive lock): makes the entry pending
 * and due now, durably, so that whatever happens next it goes with the next flush; then, unless
 * `stoppedBy` says the outbox may not deliver now (offline, paused, stopping), an earlier entry
 * must go first or another instance is delivering, attempts it once, re-sending at once while a
 * conflict resolver asks to retry. Throws `EntryNotFoundError`, or `InvalidEntryStateError`
 * unless the entry is pending or failed.
 */
export async function retryEntryNow(context: EngineContext, delivery: Delivery, entryId: string, stoppedBy: StopReason | null): Promise<RetryDone> {
  const entry = await requireEntry(context, entryId, ['pending', 'failed'], 'retry');
  const now = context.clock.now();
  await context.storage.update(entryId, { status: 'pending', nextAttemptAt: null, updatedAt: now });
  const fresh: OutboxEntry = { ...entry, status: 'pending', nextAttemptAt: null, updatedAt: now };
  const queued = (reason: NotAttemptedReason): RetryDone => ({ result: { entry: fresh, outcome: 'not-attempted', reason }, report: null });
  if (stoppedBy !== null) return queued(stoppedBy);
  if (await hasBlockingPredecessor(context, fresh)) return queued('waiting-for-earlier');
  let attempted: { readonly value: AttemptReport | undefined } | null;
  try {
    attempted = await context.lease.hold(() => attemptNow(delivery, entryId));
  } catch (error) {
    if (!(error instanceof LeaseLostError)) throw error;
    attempted = null;
  }
  const report = attempted?.value;
  if (!report) return queued('locked');
  const latest = (await context.storage.get(entryId)) ?? { ...entry, status: 'succeeded' as const };
  if (report.outcome === 'conflict-retry' || report.outcome === 'skipped' || report.outcome === 'not-attempted') {
    return { result: { entry: latest, outcome: 'not-attempted', reason: 'stopped' }, report };
  }
  return { result: { entry: latest, outcome: report.outcome }, report };
}

/** Options of `rollbackEntry`. */
export interface RollbackOptions {
  /**
   * Undo the entry (and its dependants) on the device even though the server may already have
   * applied it (see `serverMayHaveApplied`): the caller accepts that device and server disagree.
   * Default false: such entries refuse with `RollbackMayDivergeError`.
   */
  readonly acceptDivergence?: boolean;
}

/**
 * The work of `rollbackEntry` (the caller holds the outbox's exclusive lock): rolls back a pending
 * or failed entry and its dependants, holding the flush lease. Throws `StorageLockedError` while
 * another instance on the same storage is delivering, `EntryNotFoundError`,
 * `InvalidEntryStateError`, or `RollbackMayDivergeError` when the server may have applied the
 * entry or a dependant (unless `acceptDivergence`); a failing rollback handler is reported in the result.
 */
export async function discardEntry(context: EngineContext, entryId: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  const done = await context.lease.hold(async () => {
    const entry = await requireEntry(context, entryId, ['pending', 'failed'], 'roll back');
    if (options.acceptDivergence !== true) await refuseDivergence(context, entry);
    return rollbackCascade(context, entry, 'discarded', { code: 'DISCARDED', message: 'Discarded on the device' });
  });
  if (!done) throw new StorageLockedError(`Cannot roll back entry "${entryId}" now: another instance is delivering the outbox (it holds the flush lease); try again once it is done`);
  return done.value;
}

/** Throws `RollbackMayDivergeError` when the server may have applied `entry` or one of its dependants. */
async function refuseDivergence(context: EngineContext, entry: OutboxEntry): Promise<void> {
  for (const candidate of [entry, ...(await findDependants(context, entry))]) {
    const reason = serverMayHaveApplied(candidate);
    if (reason) throw new RollbackMayDivergeError(entry.id, candidate.id === entry.id ? reason : `its dependant "${candidate.id}" would be undone with it, and ${reason}`);
  }
}

/** Delivers one entry now, re-sending at once while a conflict resolver asks to retry. */
async function attemptNow(delivery: Delivery, entryId: string): Promise<AttemptReport | undefined> {
  for (;;) {
    const [report] = await delivery.deliver([entryId]);
    if (report?.outcome !== 'conflict-retry') return report;
  }
}

async function requireEntry(context: EngineContext, entryId: string, allowed: readonly EntryStatus[], operation: string): Promise<OutboxEntry> {
  const entry = await context.storage.get(entryId);
  if (!entry) throw new EntryNotFoundError(entryId);
  if (!allowed.includes(entry.status)) throw new InvalidEntryStateError(entryId, entry.status, operation);
  return entry;
}
