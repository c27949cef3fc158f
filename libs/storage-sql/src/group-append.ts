import type { NewOutboxEntry, OutboxCounts, OutboxEntry, OutboxLimits } from '@mutation-outbox/core';
import type { PendingAppend } from './append-group';
import { activeLoad, checkLimits } from './outbox-queries';
import type { TallySnapshot } from './outbox-tally';
import type { SqlTransaction } from './sql-transaction';

/** What one call of a group came to: its appended entries, or why it was refused. */
export type AppendOutcome = { readonly ok: OutboxEntry[] } | { readonly error: unknown };

/** The storage's appending steps that a group commit combines. */
export interface GroupAppendSteps {
  /** The counts as `tx` sees them. */
  counts(tx: SqlTransaction): Promise<OutboxCounts>;
  /** Inserts entries whose limits were checked, counting them in the tally. */
  insert(tx: SqlTransaction, entries: readonly NewOutboxEntry[]): Promise<OutboxEntry[]>;
  /** Checks one call's limits, then inserts its entries (`insert`). */
  append(tx: SqlTransaction, entries: readonly NewOutboxEntry[], limits: OutboxLimits): Promise<OutboxEntry[]>;
  /** The tally's state now, to restore if a savepoint starting now is rolled back. */
  saveTally(): TallySnapshot;
  /** Puts the tally back to `snapshot`. */
  restoreTally(snapshot: TallySnapshot): void;
}

/**
 * Thrown by `appendTogether` when an insert failed: the transaction must be rolled back and the
 * group redone with `appendEach`, which finds the failing call and rejects it alone.
 */
class IsolateCalls extends Error {
  constructor(cause: unknown) {
    super('An insert of the group failed; redo it call by call', { cause });
  }
}

/**
 * Commits a group of `append` calls and settles each call's promise: in ONE transaction (`run`)
 * all together when they fit the limits and insert cleanly (`appendTogether`); when an insert
 * failed, in a new transaction call by call (`appendEach`), so only the failing call is rejected.
 * A failed transaction or commit rejects every call with its error.
 */
export async function commitAppendGroup(
  group: readonly PendingAppend[],
  steps: GroupAppendSteps,
  run: (work: (tx: SqlTransaction) => Promise<AppendOutcome[]>) => Promise<AppendOutcome[]>,
): Promise<void> {
  try {
    const [single] = group;
    settle(
      group,
      await run(async (tx) => (group.length === 1 && single ? [{ ok: await steps.append(tx, single.entries, single.limits) }] : appendTogether(tx, group, steps))),
    );
  } catch (error) {
    if (!(error instanceof IsolateCalls)) {
      for (const request of group) request.reject(error);
      return;
    }
    try {
      settle(group, await run((tx) => appendEach(tx, group, steps)));
    } catch (retryError) {
      for (const request of group) request.reject(retryError);
    }
  }
}

/**
 * The fast path of a group commit: when every call passes its limit check with all earlier calls
 * of the group counted (one counts read for the whole group), inserts every call's entries at
 * once, in call order, without savepoints. Otherwise falls back to `appendEach` in the same
 * transaction (nothing was written yet). Throws `IsolateCalls` when the insert fails, after which
 * `tx` must be rolled back.
 */
async function appendTogether(tx: SqlTransaction, group: readonly PendingAppend[], steps: GroupAppendSteps): Promise<AppendOutcome[]> {
  if (!fitsTogether(await steps.counts(tx), group)) return appendEach(tx, group, steps);
  let appended: OutboxEntry[];
  try {
    appended = await steps.insert(tx, group.flatMap((request) => request.entries));
  } catch (error) {
    throw new IsolateCalls(error);
  }
  let next = 0;
  return group.map((request) => ({ ok: appended.slice(next, (next += request.entries.length)) }));
}

/**
 * The careful path: each call in a savepoint of its own, with its own limit check, so a call that
 * fails (over its limit, a duplicate id...) is rejected alone and writes nothing, and the others
 * still commit. Throws only when the transaction itself is gone (then the whole group fails).
 */
async function appendEach(tx: SqlTransaction, group: readonly PendingAppend[], steps: GroupAppendSteps): Promise<AppendOutcome[]> {
  const outcomes: AppendOutcome[] = [];
  for (const request of group) outcomes.push(await appendInSavepoint(tx, request.entries, request.limits, steps));
  return outcomes;
}

/**
 * One call's append (limit check and inserts) in a savepoint: when it fails, its statements and
 * its counting are undone and the outcome holds the error. Throws only when the transaction itself
 * is gone (the savepoint could not be rolled back).
 */
export async function appendInSavepoint(
  tx: SqlTransaction,
  entries: readonly NewOutboxEntry[],
  limits: OutboxLimits,
  steps: GroupAppendSteps,
): Promise<AppendOutcome> {
  const saved = steps.saveTally();
  await tx.run('SAVEPOINT outbox_append');
  try {
    const ok = await steps.append(tx, entries, limits);
    await tx.run('RELEASE outbox_append');
    return { ok };
  } catch (error) {
    try {
      await tx.run('ROLLBACK TO outbox_append');
      await tx.run('RELEASE outbox_append');
    } catch {
      throw error; // the transaction itself is gone
    }
    steps.restoreTally(saved);
    return { error };
  }
}

/** Whether each call passes its own limit check with every earlier call of the group appended. */
function fitsTogether(counts: OutboxCounts, group: readonly PendingAppend[]): boolean {
  let sum = counts;
  try {
    for (const request of group) {
      const load = activeLoad(request.entries);
      checkLimits(sum, load, request.limits);
      sum = { ...sum, pending: sum.pending + load.entries, activeBytes: sum.activeBytes + load.bytes };
    }
    return true;
  } catch {
    return false; // over a limit or a bad status: the careful path rejects that call alone
  }
}

/** Resolves or rejects each call of a group with its outcome. */
function settle(group: readonly PendingAppend[], outcomes: readonly AppendOutcome[]): void {
  group.forEach((request, i) => {
    const outcome = outcomes[i];
    if (outcome && 'ok' in outcome) request.resolve(outcome.ok);
    else request.reject(outcome?.error);
  });
}
