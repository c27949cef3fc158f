import type { OutboxEntry } from '../model/entry';
import { PayloadTooLargeError } from '../model/errors';
import type { JsonObject } from '../model/json';
import { isJsonObject } from '../model/json';
import type { Mutation } from '../model/mutation';
import type { MutationDefinition } from '../model/mutation-definition';
import type { StorageTransaction } from '../ports/storage';
import type { EngineContext } from './engine-context';
import { findDependants } from './rollback';
import { entrySize } from './validate-mutation';
import type { ValidatedMutation } from './validate-mutation';

/** What coalescing did: folded the mutation into the entity's last entry, or cancelled that entry. */
export interface Coalesced {
  readonly result: 'merged' | 'cancelled';
  readonly entry: OutboxEntry;
}


/**
 * Folds a new mutation into its entity's newest active entry when both types opt in
 * (`coalesce: true`) and that entry was never attempted (so the server cannot have seen it):
 * - update + update → one update with the fields merged (later values win);
 * - create + update → one create with the fields merged;
 * - create + delete → the create is cancelled and nothing is sent, unless a later entry refers
 *   to the entity (then the delete is queued as usual).
 * The oldest rollback data and expected version are kept, so a rollback still restores the state
 * from before the first change. Runs inside `tx`; returns null when nothing was folded.
 */
export async function coalesce(
  context: EngineContext,
  mutation: Mutation,
  definition: MutationDefinition,
  validated: ValidatedMutation,
  tx: StorageTransaction,
  isBusy: (entryId: string) => boolean,
): Promise<Coalesced | null> {
  const { storage, registry, clock, options } = context;
  const tail = await storage.latestActiveForEntity(mutation.entityId, tx);
  if (!tail || tail.status !== 'pending' || tail.attempts > 0 || isBusy(tail.id)) return null;
  const tailKind = registry.find(tail.type)?.coalesce ? registry.find(tail.type)?.kind : undefined;
  if (tail.partitionKey !== (mutation.partitionKey ?? mutation.entityId)) return null;
  const now = clock.now();

  if ((tailKind === 'update' || tailKind === 'create') && definition.kind === 'update' && isJsonObject(tail.payload) && isJsonObject(mutation.payload)) {
    const payload: JsonObject = { ...tail.payload, ...mutation.payload };
    const references = [...new Set([...tail.references, ...validated.references])];
    const sizeBytes = entrySize({ ...tail, payload });
    if (sizeBytes > options.limits.maxEntryBytes) throw new PayloadTooLargeError(sizeBytes, options.limits.maxEntryBytes);
    await storage.update(tail.id, { payload, references, sizeBytes, updatedAt: now }, { tx });
    return { result: 'merged', entry: { ...tail, payload, references, sizeBytes, updatedAt: now } };
  }

  if (tailKind === 'create' && definition.kind === 'delete') {
    if ((await findDependants(context, tail, tx)).some((entry) => entry.entityId !== tail.entityId)) return null;
    const lastError = { code: 'CANCELLED', message: 'Created and deleted on the device before it was sent: nothing to send' };
    await storage.update(tail.id, { status: 'rolled_back', lastError, updatedAt: now }, { tx });
    return { result: 'cancelled', entry: { ...tail, status: 'rolled_back', lastError, updatedAt: now } };
  }
  return null;
}
