import type { ActivityState, CommittedRecord, ContactState, EntityState } from './evidence';
import type { PlanItem } from './plan';

/**
 * The server state the run must end in: the committed mutations that were not rolled back,
 * replayed in plan order (per contact this is the order the outbox must keep) on an empty
 * server, with each temporary id replaced by the server id its create got (`serverIds`: create's
 * idempotency key → server id, from the server's applied log). Mutations of a contact whose
 * create has no server id are skipped; the checks report that create as lost.
 */
export function expectedServerState(
  plan: readonly PlanItem[],
  committed: readonly CommittedRecord[],
  rolledBack: ReadonlySet<string>,
  serverIds: ReadonlyMap<string, string>,
): EntityState {
  const byIndex = new Map(committed.map((record) => [record.index, record]));
  const idOf = new Map<string, string>();
  const contacts = new Map<string, ContactState>();
  const activities = new Map<string, ActivityState>();
  for (const item of plan) {
    const record = byIndex.get(item.index);
    if (!record || rolledBack.has(record.entryId)) continue;
    const created = serverIds.get(record.key);
    if (item.type === 'contact.create') {
      if (created === undefined) continue;
      idOf.set(item.contact, created);
      const fields = item.fields ?? {};
      contacts.set(created, { id: created, version: 1, name: fields.name ?? '', email: fields.email ?? null, phone: fields.phone ?? null, notes: fields.notes ?? null });
      continue;
    }
    const contactId = idOf.get(item.contact);
    const contact = contactId === undefined ? undefined : contacts.get(contactId);
    if (contactId === undefined || contact === undefined) continue;
    if (item.type === 'contact.update') {
      contacts.set(contactId, { ...contact, ...item.fields, version: contact.version + 1 });
    } else if (item.type === 'contact.delete') {
      contacts.delete(contactId);
      for (const [id, activity] of activities) if (activity.contactId === contactId) activities.delete(id);
    } else if (created !== undefined && item.activityFields) {
      activities.set(created, { id: created, version: 1, contactId, ...item.activityFields });
    }
  }
  const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
  return { contacts: [...contacts.values()].sort(byId), activities: [...activities.values()].sort(byId) };
}
