import type { IdMappedHook, JsonObject, JsonValue, MutationDefinition, StorageTransaction } from '@mutation-outbox/core';
import { LocalStore, sqlOf } from './local-store';
import type { LocalActivity, LocalContact } from './local-store';

/** What a `contact.delete` keeps as rollback data: the deleted row and its activities. */
export interface DeletedContact {
  readonly contact: LocalContact;
  readonly activities: readonly LocalActivity[];
}

const isObject = (value: JsonValue | null): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const store = (tx: StorageTransaction) => new LocalStore(sqlOf(tx));

/** A temporary id's server id when one is recorded by now (a rollback may restore rows saved before the mapping). */
async function current(tx: StorageTransaction, id: string): Promise<string> {
  return id.startsWith('tmp_') ? ((await tx.storage.getServerId(id, tx)) ?? id) : id;
}

/**
 * The app's four mutation types, each with a rollback handler that undoes its optimistic local
 * write inside the outbox's rollback transaction: a refused create deletes the row, a refused
 * update restores the fields it changed, a refused delete restores the contact and its
 * activities (with ids mapped since), a refused activity deletes it.
 */
export function chaosMutations(): MutationDefinition[] {
  return [
    { type: 'contact.create', kind: 'create', rollback: ({ entry, tx }) => store(tx).removeContact(entry.entityId) },
    {
      type: 'contact.update',
      kind: 'update',
      rollback: async ({ entry, tx }) => {
        if (isObject(entry.rollbackData)) await store(tx).patchContact(entry.entityId, entry.rollbackData);
      },
    },
    {
      type: 'contact.delete',
      kind: 'delete',
      rollback: async ({ entry, tx }) => {
        if (!isObject(entry.rollbackData)) return;
        const deleted = entry.rollbackData as unknown as DeletedContact;
        const local = store(tx);
        await local.putContact({ ...deleted.contact, id: await current(tx, deleted.contact.id) });
        for (const activity of deleted.activities) {
          await local.putActivity({ ...activity, id: await current(tx, activity.id), contactId: await current(tx, activity.contactId) });
        }
      },
    },
    {
      type: 'activity.create',
      kind: 'create',
      references: (payload) => (isObject(payload) && typeof payload['contactId'] === 'string' ? [payload['contactId']] : []),
      rollback: ({ entry, tx }) => store(tx).removeActivity(entry.entityId),
    },
  ];
}

/** Rewrites the app's rows when a temporary id gets its server id, in the settling transaction. */
export const mapLocalIds: IdMappedHook = ({ tempId, serverId, tx }) => store(tx).mapId(tempId, serverId);
