import type { JsonObject } from '@mutation-outbox/core';
import type { SqlExecutor } from '../db/sql-executor';
import type { AppOutbox } from '../outbox/app-outbox';
import { activityFromRow, contactFromRow } from './contact';
import type { Activity, Contact, ContactFields } from './contact';

/** A contact with how many activities it has, for the list. */
export interface ContactSummary extends Contact {
  readonly activityCount: number;
}

/** Thrown when a screen asks for a contact that is gone (deleted, or rolled back meanwhile). */
export class ContactNotFoundError extends Error {
  constructor(readonly contactId: string) {
    super(`This contact no longer exists on this device (${contactId}).`);
    this.name = 'ContactNotFoundError';
  }
}

/**
 * The demo's reads and writes. Every write changes the local tables at once (optimistic) and
 * enqueues the matching mutation in the same transaction, so both survive or neither does.
 */
export class ContactsService {
  constructor(
    private readonly outbox: AppOutbox,
    private readonly read: SqlExecutor,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Every contact, by name. */
  async listContacts(): Promise<ContactSummary[]> {
    const rows = await this.read.all(
      `SELECT c.*, (SELECT COUNT(*) FROM activities a WHERE a.contact_id = c.id) AS activity_count
       FROM contacts c ORDER BY c.name COLLATE NOCASE, c.updated_at`,
    );
    return rows.map((row) => ({ ...contactFromRow(row), activityCount: Number(row['activity_count'] ?? 0) }));
  }

  /** One contact, or null. */
  async getContact(id: string): Promise<Contact | null> {
    const rows = await this.read.all('SELECT * FROM contacts WHERE id = ?', [id]);
    return rows[0] ? contactFromRow(rows[0]) : null;
  }

  /** A contact's activities, newest date first. */
  async listActivities(contactId: string): Promise<Activity[]> {
    const rows = await this.read.all('SELECT * FROM activities WHERE contact_id = ? ORDER BY date DESC, created_at DESC', [contactId]);
    return rows.map(activityFromRow);
  }

  /** Creates a contact locally under a temporary id and queues `contact.create`; returns the id. */
  async createContact(fields: ContactFields): Promise<string> {
    return this.outbox.write(async ({ sql, enqueue, tempId }) => {
      const id = tempId();
      await sql.run('INSERT INTO contacts (id, name, email, phone, notes, version, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?)', [
        id,
        fields.name,
        fields.email,
        fields.phone,
        fields.notes,
        this.now(),
      ]);
      await enqueue({ type: 'contact.create', entityId: id, payload: withoutNulls(fields) });
      return id;
    });
  }

  /**
   * Applies the changed fields locally and queues `contact.update` with only those fields, the
   * version last seen from the server and the previous values (to undo, or to merge on conflict).
   * Returns false when nothing changed (nothing is queued).
   */
  async updateContact(id: string, fields: ContactFields): Promise<boolean> {
    return this.outbox.write(async ({ sql, enqueue }) => {
      const current = await findContact(sql, id);
      const changed: JsonObject = {};
      const previous: JsonObject = {};
      for (const key of ['name', 'email', 'phone', 'notes'] as const) {
        if (fields[key] === current[key]) continue;
        changed[key] = fields[key];
        previous[key] = current[key];
      }
      if (Object.keys(changed).length === 0) return false;
      await sql.run('UPDATE contacts SET name = ?, email = ?, phone = ?, notes = ?, updated_at = ? WHERE id = ?', [
        fields.name,
        fields.email,
        fields.phone,
        fields.notes,
        this.now(),
        id,
      ]);
      await enqueue({
        type: 'contact.update',
        entityId: id,
        payload: changed,
        rollbackData: previous,
        ...(current.version === null ? {} : { expectedVersion: current.version }),
      });
      return true;
    });
  }

  /** Deletes a contact and its activities locally and queues `contact.delete` (keeping them to undo). */
  async deleteContact(id: string): Promise<void> {
    await this.outbox.write(async ({ sql, enqueue }) => {
      const current = await findContact(sql, id);
      const activities = (await sql.all('SELECT * FROM activities WHERE contact_id = ?', [id])).map(activityFromRow);
      await sql.run('DELETE FROM activities WHERE contact_id = ?', [id]);
      await sql.run('DELETE FROM contacts WHERE id = ?', [id]);
      await enqueue({
        type: 'contact.delete',
        entityId: id,
        payload: null,
        rollbackData: { contact: { ...current }, activities: activities.map((a) => ({ ...a })) },
        ...(current.version === null ? {} : { expectedVersion: current.version }),
      });
    });
  }

  /** Registers an activity for a contact locally and queues `activity.create` (which depends on the contact). */
  async registerActivity(contactId: string, activity: string, date: string): Promise<string> {
    return this.outbox.write(async ({ sql, enqueue, tempId }) => {
      await findContact(sql, contactId);
      const id = tempId();
      await sql.run('INSERT INTO activities (id, contact_id, activity, date, version, created_at) VALUES (?, ?, ?, ?, NULL, ?)', [
        id,
        contactId,
        activity,
        date,
        this.now(),
      ]);
      await enqueue({ type: 'activity.create', entityId: id, payload: { contactId, activity, date }, references: [contactId] });
      return id;
    });
  }
}

async function findContact(sql: SqlExecutor, id: string): Promise<Contact> {
  const rows = await sql.all('SELECT * FROM contacts WHERE id = ?', [id]);
  if (!rows[0]) throw new ContactNotFoundError(id);
  return contactFromRow(rows[0]);
}

function withoutNulls(fields: ContactFields): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null) out[key] = value;
  return out;
}
