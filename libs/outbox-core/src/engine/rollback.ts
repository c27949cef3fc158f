import { ACTIVE_STATUSES } from '../model/entry';
import type { EntryError, OutboxEntry } from '../model/entry';
import type { RollbackReason } from '../model/events';
import type { JsonValue } from '../model/json';
import type { StorageTransaction } from '../ports/storage';
import type { EngineContext } from './engine-context';
import { withServerIds } from './temp-ids';

/** What a cascading rollback did. */
export interface RollbackResult {
  /** Entries rolled back, in the order they were undone (newest first). */
  readonly rolledBack: OutboxEntry[];
  /** The entry whose rollback handler failed (held as failed), if one did. */
  readonly failedAt: OutboxEntry | null;
}

const PAGE = 500;

/**
 * Active entries after `root` that depend on it, oldest first: later entries for the same entity
 * (by temporary or server id), and entries referencing an entity whose create is undone with it.
 */
export async function findDependants(context: EngineContext, root: OutboxEntry, tx?: StorageTransaction): Promise<OutboxEntry[]> {
  // Canonical ids: an entity addressed by its temporary id and later by its server id is one entity.
  const { canonical, tempIds } = context;
  const rootId = await canonical.of(root.entityId, tx);
  const entities = new Set([rootId]);
  // References cascade only to entities whose create is being undone (still unmapped temporary
  // ids); an entity the server already has stays valid for whoever references it.
  const uncreated = new Set(tempIds.isTemp(rootId) ? [rootId] : []);
  const dependants: OutboxEntry[] = [];
  let afterSeq: number | null = root.seq;
  while (afterSeq !== null) {
    const page = await context.storage.list({ statuses: ACTIVE_STATUSES, afterSeq, limit: PAGE }, tx);
    for (const entry of page.entries) {
      const view = await canonical.view(entry, tx);
      const sameEntity = entities.has(view.entityId);
      const refersToUndone = view.references.some((id) => uncreated.has(id));
      if (sameEntity || refersToUndone) {
        dependants.push(entry);
        entities.add(view.entityId);
        if (tempIds.isTemp(view.entityId)) uncreated.add(view.entityId);
      }
    }
    afterSeq = page.nextAfterSeq;
  }
  return dependants;
}

/**
 * Rolls back `root` and every dependant, newest first. Each entry's rollback handler runs in the
 * same storage transaction that marks it rolled back, so it runs exactly once. When a handler
 * throws, that entry is held as failed with the handler's error and the cascade stops there
 * (older entries stay as they were, so local state is never undone out of order).
 */
export async function rollbackCascade(
  context: EngineContext,
  root: OutboxEntry,
  reason: RollbackReason,
  error: EntryError | null,
  serverState?: JsonValue,
): Promise<RollbackResult> {
  const dependants = await findDependants(context, root);
  const order = [...dependants.reverse(), root];
  const rolledBack: OutboxEntry[] = [];
  for (const entry of order) {
    const entryReason: RollbackReason = entry.id === root.id ? reason : 'dependency';
    const entryError: EntryError | null =
      entry.id === root.id ? error : { code: 'DEPENDENCY_ROLLED_BACK', message: `Undone because an earlier change it depends on (${root.type} ${root.entityId}) was undone` };
    const ok = await rollbackOne(context, entry, entryReason, entryError, entry.id === root.id ? serverState : undefined);
    if (!ok) return { rolledBack, failedAt: entry };
    rolledBack.push(ok);
  }
  return { rolledBack, failedAt: null };
}

async function rollbackOne(
  context: EngineContext,
  entry: OutboxEntry,
  reason: RollbackReason,
  error: EntryError | null,
  serverState: JsonValue | undefined,
): Promise<OutboxEntry | null> {
  const definition = context.registry.find(entry.type);
  const now = context.clock.now();
  try {
    const done = await context.storage.transaction(async (tx) => {
      const current = await context.storage.get(entry.id, tx);
      if (!current || current.status === 'rolled_back' || current.status === 'succeeded') return current;
      // The app renamed its rows when temporary ids were mapped: show the handler the server ids.
      const resolved = await withServerIds(current, context.tempIds, (tempId) => context.storage.getServerId(tempId, tx));
      const resolveId = (id: string) => context.canonical.of(id, tx);
      // The server's state: from the conflict being lost now, else from one this entry was sent again after.
      const knownState = serverState ?? current.serverState;
      await definition?.rollback?.({ entry: resolved, tx, reason, error, resolveId, ...(knownState !== undefined ? { serverState: knownState } : {}) });
      // An entry rolled back after an attempt counts it (`entry` is the attempted copy then).
      const attempts = Math.max(current.attempts, entry.attempts);
      await context.storage.update(entry.id, { status: 'rolled_back', attempts, lastError: error, nextAttemptAt: null, updatedAt: now }, { tx });
      return { ...current, status: 'rolled_back' as const, attempts, lastError: error, nextAttemptAt: null, updatedAt: now };
    });
    if (done) context.events.emit('entry:rolled-back', { entry: done, reason, error });
    return done ?? entry;
  } catch (handlerError) {
    const failure: EntryError = {
      code: 'ROLLBACK_FAILED',
      message: `Could not undo the local change: ${handlerError instanceof Error ? handlerError.message : String(handlerError)}`,
    };
    await context.storage.update(entry.id, { status: 'failed', attempts: entry.attempts, lastError: failure, nextAttemptAt: null, updatedAt: now });
    const held = { ...entry, status: 'failed' as const, lastError: failure };
    context.events.emit('entry:failed', { entry: held, error: failure });
    return null;
  }
}
