import type { JsonObject, JsonValue, Mutation, MutationOutbox } from '@mutation-outbox/core';
import type { CommittedRecord } from '../evidence';
import type { PlanItem } from '../plan';
import type { AddressBy } from '../protocol';
import { LocalStore, sqlOf } from './local-store';

const json = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value ?? null)) as JsonValue;

/** Applies a plan item to the app's own tables and returns the mutation that carries it to the server. */
async function applyLocally(store: LocalStore, item: PlanItem, addressBy: AddressBy): Promise<Mutation> {
  const contact = item.type === 'contact.create' ? null : await store.contact(item.contact);
  // See AddressBy: the id the row holds now (temporary, then the server id), or the temporary id for good.
  const localId = contact?.id ?? item.contact;
  const contactId = addressBy === 'temp-id' ? item.contact : localId;
  switch (item.type) {
    case 'contact.create': {
      const fields = item.fields ?? {};
      await store.putContact({ tmpId: item.contact, id: item.contact, name: fields.name ?? '', email: fields.email ?? null, phone: fields.phone ?? null, notes: fields.notes ?? null });
      return { type: item.type, entityId: item.contact, payload: json(fields) };
    }
    case 'contact.update': {
      const fields = json(item.fields) as JsonObject;
      const previous = await store.patchContact(item.contact, fields);
      return { type: item.type, entityId: contactId, payload: fields, rollbackData: previous };
    }
    case 'contact.delete': {
      const deleted = await store.deleteContact(item.contact);
      return { type: item.type, entityId: contactId, payload: null, rollbackData: json(deleted) };
    }
    case 'activity.create': {
      const activity = item.activity ?? `${item.contact}-activity-${item.index}`;
      const fields = item.activityFields ?? { activity: 'Visit', date: '2026-01-01' };
      await store.putActivity({ tmpId: activity, id: activity, contactId: localId, ...fields });
      return { type: item.type, entityId: activity, payload: { contactId, ...fields }, partitionKey: contactId };
    }
  }
}

/**
 * Performs one plan item the way an offline-first app does: its optimistic local write, the
 * enqueue, and the record of the plan index, all in ONE outbox transaction. Resolves once that
 * transaction committed; after a crash, the record tells exactly which items were queued.
 */
export async function enqueuePlanItem(outbox: MutationOutbox, item: PlanItem, addressBy: AddressBy): Promise<CommittedRecord> {
  return outbox.transaction(async (tx) => {
    const store = new LocalStore(sqlOf(tx));
    const entry = await outbox.enqueue(await applyLocally(store, item, addressBy), { tx });
    const record: CommittedRecord = { index: item.index, entryId: entry.id, key: entry.idempotencyKey };
    await store.recordEnqueue(record);
    return record;
  });
}
