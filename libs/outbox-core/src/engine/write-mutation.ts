import type { OutboxEntry } from '../model/entry';
import { InvalidMutationError } from '../model/errors';
import type { Mutation } from '../model/mutation';
import type { StorageTransaction } from '../ports/storage';
import { buildEntry } from './build-entry';
import { coalesce } from './coalesce';
import type { EngineContext } from './engine-context';
import { validateMutation } from './validate-mutation';

/** What writing a mutation did: appended a new entry, folded it into one, or cancelled one. */
export interface WrittenMutation {
  readonly result: 'appended' | 'merged' | 'cancelled';
  readonly entry: OutboxEntry;
}

/** Checks a mutation before any I/O; throws a typed error for bad input. */
export function checkMutation(context: EngineContext, mutation: Mutation) {
  if (typeof mutation !== 'object' || mutation === null) throw new InvalidMutationError('mutation', 'must be an object');
  const definition = context.registry.get(mutation.type);
  return { definition, validated: validateMutation(mutation, definition, context.options.limits.maxEntryBytes) };
}

/**
 * Writes a checked mutation: appends it (within `tx` when given), or, for a type that opted into
 * coalescing, folds it into its entity's last unsent entry — reading that entry and writing are
 * then one transaction, so a concurrent delivery or enqueue never sees half of it.
 */
export async function writeMutation(
  context: EngineContext,
  mutation: Mutation,
  checked: ReturnType<typeof checkMutation>,
  tx: StorageTransaction | undefined,
  isBusy: (entryId: string) => boolean,
): Promise<WrittenMutation> {
  const { storage, clock, random, options } = context;
  const { definition, validated } = checked;
  const entry = buildEntry(mutation, validated, clock.now(), random);
  const append = async (within?: StorageTransaction): Promise<WrittenMutation> => ({
    result: 'appended',
    entry: (await storage.append([entry], options.limits, within ? { tx: within } : {}))[0] as OutboxEntry,
  });
  if (!definition.coalesce) return append(tx);
  const fold = async (within: StorageTransaction) => (await coalesce(context, mutation, definition, validated, within, isBusy)) ?? append(within);
  return tx ? fold(tx) : storage.transaction(fold);
}
