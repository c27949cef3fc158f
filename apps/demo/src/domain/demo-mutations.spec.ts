import { beforeEach, describe, expect, it } from 'vitest';
import type { MutationDefinition, OutboxEntry, StorageTransaction } from '@mutation-outbox/core';
import type { SqlExecutor } from '../db/sql-executor';
import { createAppDatabase, RecordingOutbox } from '../test-support/sql-js-database';
import { ContactsService } from './contacts-service';
import { demoIdMapping, demoMutations } from './demo-mutations';

let sql: SqlExecutor;
let outbox: RecordingOutbox;
let service: ContactsService;
let definitions: Map<string, MutationDefinition>;
const tx = {} as StorageTransaction;
/** What the outbox would answer for an id no server id is known for yet. */
const resolveId = async (id: string) => id;

beforeEach(async () => {
  ({ sql } = await createAppDatabase());
  outbox = new RecordingOutbox(sql);
  service = new ContactsService(outbox, sql, () => 1_000);
  definitions = new Map(demoMutations(() => sql).map((d) => [d.type, d]));
});

/** The i-th enqueued mutation as the outbox would store it. */
function entry(i: number): OutboxEntry {
  const m = outbox.enqueued[i];
  if (!m) throw new Error(`no mutation ${i}`);
  return {
    id: `e${i}`, seq: i + 1, idempotencyKey: `k${i}`, type: m.type, entityId: m.entityId, partitionKey: m.entityId, payload: m.payload,
    expectedVersion: m.expectedVersion ?? null, rollbackData: m.rollbackData ?? null, references: m.references ?? [], status: 'pending',
    attempts: 0, nextAttemptAt: null, lastError: null, createdAt: 0, updatedAt: 0, sizeBytes: 0,
  };
}

function def(type: string): MutationDefinition {
  const d = definitions.get(type);
  if (!d) throw new Error(type);
  return d;
}

const ann = { name: 'Ann', email: null, phone: null, notes: null };

describe('demoMutations', () => {
  it('validates payloads', () => {
    expect(def('contact.create').validate?.({ name: ' ' })).toBe('name is required');
    expect(def('contact.create').validate?.({ name: 'Ann' })).toBeUndefined();
    expect(def('activity.create').validate?.({ contactId: 'c', activity: '', date: '2026-01-01' })).toMatch(/required/);
    expect(def('activity.create').references?.({ contactId: 'tmp_1', activity: 'x', date: '2026-01-01' })).toEqual(['tmp_1']);
  });

  it('rolls a create back by removing the contact and its activities', async () => {
    const id = await service.createContact(ann);
    await service.registerActivity(id, 'Call', '2026-01-02');
    await def('contact.create').rollback?.({ entry: entry(0), tx, resolveId, reason: 'rejected', error: null });
    await def('activity.create').rollback?.({ entry: entry(1), tx, resolveId, reason: 'dependency', error: null });
    expect(await service.listContacts()).toEqual([]);
    expect(await sql.all('SELECT * FROM activities')).toEqual([]);
  });

  it('rolls an edit back to the previous values, or to the server state after a lost conflict', async () => {
    const id = await service.createContact(ann);
    await service.updateContact(id, { ...ann, phone: '555', notes: 'x' });
    await def('contact.update').rollback?.({ entry: entry(1), tx, resolveId, reason: 'rejected', error: null });
    expect(await service.getContact(id)).toMatchObject({ phone: null, notes: null });

    await service.updateContact(id, { ...ann, name: 'Annie' });
    const serverState = { id, version: 4, name: 'Ann B.', email: 'b@example.com', phone: null, notes: null };
    await def('contact.update').rollback?.({ entry: entry(2), tx, resolveId, reason: 'conflict', error: null, serverState });
    expect(await service.getContact(id)).toMatchObject({ name: 'Ann B.', email: 'b@example.com', version: 4 });
  });

  it('rolls a delete back by restoring the contact and its activities', async () => {
    const id = await service.createContact(ann);
    await service.registerActivity(id, 'Call', '2026-01-02');
    await service.deleteContact(id);
    await def('contact.delete').rollback?.({ entry: entry(2), tx, resolveId, reason: 'rejected', error: null });
    expect(await service.getContact(id)).toMatchObject({ id, name: 'Ann' });
    expect((await service.listActivities(id)).map((a) => a.activity)).toEqual(['Call']);
  });

  it('undoes a delete with the versions and activity ids the server gave while it was queued', async () => {
    const id = await service.createContact(ann);
    const activityId = await service.registerActivity(id, 'Call', '2026-01-02');
    await service.deleteContact(id);
    // While the delete waits, the create and the activity are acknowledged (their rows are gone locally).
    await def('contact.create').onSucceeded?.({ entry: entry(0), outcome: { kind: 'ok', serverId: id, version: 1 }, tx });
    await demoIdMapping(() => sql)({ tempId: activityId, serverId: 'a-9', entry: entry(1), tx });
    await def('activity.create').onSucceeded?.({ entry: { ...entry(1), entityId: 'a-9' }, outcome: { kind: 'ok', serverId: 'a-9', version: 2 }, tx });
    const mapped = async (candidate: string) => (candidate === activityId ? 'a-9' : candidate);
    await def('contact.delete').rollback?.({ entry: entry(2), tx, resolveId: mapped, reason: 'dependency', error: null });
    expect(await service.getContact(id)).toMatchObject({ id, name: 'Ann', version: 1 });
    expect((await service.listActivities(id)).map((a) => [a.id, a.version])).toEqual([['a-9', 2]]);
  });

  it('records the server version on success', async () => {
    const id = await service.createContact(ann);
    await def('contact.create').onSucceeded?.({ entry: entry(0), outcome: { kind: 'ok', serverId: id, version: 1 }, tx });
    expect((await service.getContact(id))?.version).toBe(1);
  });

  it('takes the server’s fields on success unless the user edited the contact again since', async () => {
    const id = await service.createContact({ ...ann, notes: 'mine' });
    await service.updateContact(id, { ...ann, notes: 'mine', phone: '555' });
    const body = { id, version: 3, name: 'Ann', email: null, phone: '555', notes: 'theirs' };
    const queued = { ...entry(1), createdAt: 1_000 };
    await def('contact.update').onSucceeded?.({ entry: queued, outcome: { kind: 'ok', version: 3, body }, tx });
    expect(await service.getContact(id)).toMatchObject({ notes: 'theirs', phone: '555', version: 3 });

    await sql.run('UPDATE contacts SET notes = ?, updated_at = 2000 WHERE id = ?', ['newer local', id]);
    await def('contact.update').onSucceeded?.({ entry: queued, outcome: { kind: 'ok', version: 4, body }, tx });
    expect(await service.getContact(id)).toMatchObject({ notes: 'newer local', version: 4 });
  });

  it('moves a contact and its activities to the server id', async () => {
    const id = await service.createContact(ann);
    const activityId = await service.registerActivity(id, 'Call', '2026-01-02');
    await demoIdMapping(() => sql)({ tempId: id, serverId: '17', entry: entry(0), tx });
    await demoIdMapping(() => sql)({ tempId: activityId, serverId: '90', entry: entry(1), tx });
    expect(await service.getContact(id)).toBeNull();
    expect(await service.listActivities('17')).toMatchObject([{ id: '90', contactId: '17' }]);
  });
});
