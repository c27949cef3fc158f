import { beforeEach, describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../db/sql-executor';
import { createAppDatabase, RecordingOutbox } from '../test-support/sql-js-database';
import { ContactNotFoundError, ContactsService } from './contacts-service';

let sql: SqlExecutor;
let outbox: RecordingOutbox;
let service: ContactsService;

beforeEach(async () => {
  ({ sql } = await createAppDatabase());
  outbox = new RecordingOutbox(sql);
  service = new ContactsService(outbox, sql, () => 1_000);
});

const ann = { name: 'Ann', email: 'ann@example.com', phone: null, notes: null };

describe('ContactsService', () => {
  it('creates a contact locally under a temporary id and queues contact.create without null fields', async () => {
    const id = await service.createContact(ann);
    expect(id).toBe('tmp_1');
    expect(await service.getContact(id)).toEqual({ id, ...ann, version: null, updatedAt: 1_000 });
    expect(outbox.enqueued).toEqual([{ type: 'contact.create', entityId: id, payload: { name: 'Ann', email: 'ann@example.com' } }]);
  });

  it('queues only the changed fields of an edit, with previous values and the known version', async () => {
    const id = await service.createContact(ann);
    await sql.run('UPDATE contacts SET version = 3 WHERE id = ?', [id]);
    expect(await service.updateContact(id, { ...ann, phone: '555' })).toBe(true);
    expect(outbox.enqueued[1]).toEqual({ type: 'contact.update', entityId: id, payload: { phone: '555' }, rollbackData: { phone: null }, expectedVersion: 3 });
    expect((await service.getContact(id))?.phone).toBe('555');
  });

  it('queues nothing for an edit that changes nothing', async () => {
    const id = await service.createContact(ann);
    expect(await service.updateContact(id, ann)).toBe(false);
    expect(outbox.enqueued).toHaveLength(1);
  });

  it('registers an activity that references its contact', async () => {
    const id = await service.createContact(ann);
    const activityId = await service.registerActivity(id, 'Call', '2026-01-02');
    expect(outbox.enqueued[1]).toEqual({ type: 'activity.create', entityId: activityId, payload: { contactId: id, activity: 'Call', date: '2026-01-02' }, references: [id] });
    expect(await service.listActivities(id)).toEqual([{ id: activityId, contactId: id, activity: 'Call', date: '2026-01-02', version: null }]);
    expect((await service.listContacts())[0]?.activityCount).toBe(1);
  });

  it('deletes a contact with its activities and keeps them in the rollback data', async () => {
    const id = await service.createContact(ann);
    await service.registerActivity(id, 'Call', '2026-01-02');
    await service.deleteContact(id);
    expect(await service.listContacts()).toEqual([]);
    const entry = outbox.enqueued[2];
    expect(entry?.type).toBe('contact.delete');
    expect(entry?.rollbackData).toMatchObject({ contact: { id, name: 'Ann' }, activities: [{ activity: 'Call' }] });
  });

  it('writes nothing and queues nothing when the contact is gone', async () => {
    await expect(service.registerActivity('tmp_404', 'Call', '2026-01-02')).rejects.toBeInstanceOf(ContactNotFoundError);
    await expect(service.updateContact('tmp_404', ann)).rejects.toBeInstanceOf(ContactNotFoundError);
    expect(outbox.enqueued).toEqual([]);
    expect(await sql.all('SELECT * FROM activities')).toEqual([]);
  });

  it('lists contacts by name, case-insensitively', async () => {
    await service.createContact({ ...ann, name: 'bob' });
    await service.createContact({ ...ann, name: 'Alice' });
    expect((await service.listContacts()).map((c) => c.name)).toEqual(['Alice', 'bob']);
  });
});
