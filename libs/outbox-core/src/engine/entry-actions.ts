import type { EntryStatus, OutboxEntry } from '../model/entry';
import { EntryNotFoundError, InvalidEntryStateError, StorageLockedError } from '../model/errors';
import type { MutationResult } from '../model/results';
import type { AttemptReport, Delivery } from './delivery';
import type { EngineContext } from './engine-context';
import { underFlushLease } from './flush-lease';
import { hasBlockingPredecessor } from './predecessors';
import { rollbackCascade } from './rollback';
import type { RollbackResult } from './rollback';

/** What `retryEntryNow` did: the caller's result and, when it attempted, the delivery report. */
export interface RetryDone {
  readonly result: MutationResult;
  readonly report: AttemptReport | null;
}

/**
 * The work of `retryEntry` (the caller holds the outbox's exclusive lock): clears the entry's
 * backoff wait and, unless `mayAttempt` is false (offline, paused, stopping), an earlier entry
 * must go first or another instance is delivering, attempts it once, re-sending at once while a
 * conflict resolver asks to retry. Throws `EntryNotFoundError`, or `InvalidEntryStateError`
 * unless the entry is pending or failed.
 */
export async function retryEntryNow(context: EngineContext, delivery: Delivery, entryId: string, mayAttempt: boolean): Promise<RetryDone> {
  const entry = await requireEntry(context, entryId, ['pending', 'failed'], 'retry');
  await context.storage.update(entryId, { nextAttemptAt: null, updatedAt: context.clock.now() });
  const fresh = { ...entry, nextAttemptAt: null };
  const attempted = !mayAttempt || (await hasBlockingPredecessor(context, fresh)) ? null : await underFlushLease(context, () => attemptNow(delivery, entryId));
  const report = attempted?.value;
  if (!report) return { result: { entry: fresh, outcome: 'not-attempted' }, report: null };
  const latest = (await context.storage.get(entryId)) ?? { ...entry, status: 'succeeded' as const };
  const outcome: MutationResult['outcome'] = report.outcome === 'conflict-retry' || report.outcome === 'skipped' ? 'not-attempted' : report.outcome;
  return { result: { entry: latest, outcome }, report };
}

/**
 * The work of `rollbackEntry` (the caller holds the outbox's exclusive lock): rolls back a pending
 * or failed entry and its dependants, holding the flush lease. Throws `StorageLockedError` while
 * another instance on the same storage is delivering, `EntryNotFoundError` or
 * `InvalidEntryStateError`; a failing rollback handler is reported in the result.
 */
export async function discardEntry(context: EngineContext, entryId: string): Promise<RollbackResult> {
  const done = await underFlushLease(context, async () => {
    const entry = await requireEntry(context, entryId, ['pending', 'failed'], 'roll back');
    return rollbackCascade(context, entry, 'discarded', { code: 'DISCARDED', message: 'Discarded on the device' });
  });
  if (!done) throw new StorageLockedError(`Cannot roll back entry "${entryId}" now: another instance is delivering the outbox (it holds the flush lease); try again once it is done`);
  return done.value;
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
