import type { JsonObject, StorageTransaction } from '@mutation-outbox/core';
import type { CommittedRecord, LocalState } from '../evidence';

/** The slice of a SQL storage's transaction handle (`SqlTransaction`) the app's own tables use. */
export interface SqlHandle {
  run(sql: string, params?: readonly (string | number | null)[]): Promise<unknown>;
  all(sql: string, params?: readonly (string | number | null)[]): Promise<Record<string, unknown>[]>;
}

/** The SQL handle of a transaction; throws when the storage does not offer one. */
export function sqlOf(tx: StorageTransaction): SqlHandle {
  const handle = tx as unknown as Partial<SqlHandle>;
  if (typeof handle.run !== 'function' || typeof handle.all !== 'function') throw new TypeError('Expected a SQL transaction handle with run() and all()');
  return handle as SqlHandle;
}

/** A contact row of the app: `tmpId` never changes, `id` becomes the server id once mapped. */
export interface LocalContact {
  readonly tmpId: string;
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly notes: string | null;
}

/** An activity row of the app. */
export interface LocalActivity {
  readonly tmpId: string;
  readonly id: string;
  readonly contactId: string;
  readonly activity: string;
  readonly date: string;
}

/** The editable contact fields. */
export const CONTACT_FIELDS = ['name', 'email', 'phone', 'notes'] as const;

const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS chaos_enqueued (plan_index INTEGER PRIMARY KEY, entry_id TEXT NOT NULL, idempotency_key TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS local_contacts (tmp_id TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, email TEXT, phone TEXT, notes TEXT)',
  'CREATE TABLE IF NOT EXISTS local_activities (tmp_id TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, contact_id TEXT NOT NULL, activity TEXT NOT NULL, date TEXT NOT NULL)',
];

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const toContact = (row: Record<string, unknown>): LocalContact => ({
  tmpId: String(row['tmp_id']),
  id: String(row['id']),
  name: String(row['name']),
  email: text(row['email']),
  phone: text(row['phone']),
  notes: text(row['notes']),
});
const toActivity = (row: Record<string, unknown>): LocalActivity => ({
  tmpId: String(row['tmp_id']),
  id: String(row['id']),
  contactId: String(row['contact_id']),
  activity: String(row['activity']),
  date: String(row['date']),
});

/**
 * The simulated app's own tables in the outbox database: its optimistic contacts and activities,
 * and the record of which plan items it enqueued (written in the enqueue's transaction, so after
 * a crash the app knows exactly what it already queued).
 */
export class LocalStore {
  constructor(private readonly sql: SqlHandle) {}

  /** Creates the app's tables when missing. */
  async createSchema(): Promise<void> {
    for (const statement of SCHEMA) await this.sql.run(statement);
  }

  /** Records that plan item `index` was enqueued as this entry. */
  async recordEnqueue(record: CommittedRecord): Promise<void> {
    await this.sql.run('INSERT INTO chaos_enqueued (plan_index, entry_id, idempotency_key) VALUES (?, ?, ?)', [record.index, record.entryId, record.key]);
  }

  /** Every recorded enqueue, in plan order. */
  async enqueues(): Promise<CommittedRecord[]> {
    const rows = await this.sql.all('SELECT plan_index, entry_id, idempotency_key FROM chaos_enqueued ORDER BY plan_index');
    return rows.map((row) => ({ index: Number(row['plan_index']), entryId: String(row['entry_id']), key: String(row['idempotency_key']) }));
  }

  /** The contact with this id, temporary or server. */
  async contact(id: string): Promise<LocalContact | null> {
    const [row] = await this.sql.all('SELECT * FROM local_contacts WHERE id = ? OR tmp_id = ?', [id, id]);
    return row ? toContact(row) : null;
  }

  /** Inserts or replaces a contact row. */
  async putContact(contact: LocalContact): Promise<void> {
    await this.sql.run('INSERT OR REPLACE INTO local_contacts (tmp_id, id, name, email, phone, notes) VALUES (?, ?, ?, ?, ?, ?)', [
      contact.tmpId,
      contact.id,
      contact.name,
      contact.email,
      contact.phone,
      contact.notes,
    ]);
  }

  /** Sets the given fields of a contact (by temporary or server id); returns their previous values. */
  async patchContact(id: string, fields: JsonObject): Promise<JsonObject | null> {
    const current = await this.contact(id);
    if (!current) return null;
    const previous: JsonObject = {};
    for (const field of CONTACT_FIELDS) {
      const value = fields[field];
      if (value === undefined) continue;
      previous[field] = current[field];
      await this.sql.run(`UPDATE local_contacts SET ${field} = ? WHERE tmp_id = ?`, [value === null ? null : String(value), current.tmpId]);
    }
    return previous;
  }

  /** Deletes a contact and its activities; returns what was deleted, to restore it on rollback. */
  async deleteContact(id: string): Promise<{ contact: LocalContact; activities: LocalActivity[] } | null> {
    const contact = await this.contact(id);
    if (!contact) return null;
    const rows = await this.sql.all('SELECT * FROM local_activities WHERE contact_id = ?', [contact.id]);
    await this.sql.run('DELETE FROM local_activities WHERE contact_id = ?', [contact.id]);
    await this.sql.run('DELETE FROM local_contacts WHERE tmp_id = ?', [contact.tmpId]);
    return { contact, activities: rows.map(toActivity) };
  }

  /** Deletes one contact row (by temporary or server id). */
  async removeContact(id: string): Promise<void> {
    await this.sql.run('DELETE FROM local_contacts WHERE id = ? OR tmp_id = ?', [id, id]);
  }

  /** Inserts or replaces an activity row. */
  async putActivity(activity: LocalActivity): Promise<void> {
    await this.sql.run('INSERT OR REPLACE INTO local_activities (tmp_id, id, contact_id, activity, date) VALUES (?, ?, ?, ?, ?)', [
      activity.tmpId,
      activity.id,
      activity.contactId,
      activity.activity,
      activity.date,
    ]);
  }

  /** Deletes one activity row (by temporary or server id). */
  async removeActivity(id: string): Promise<void> {
    await this.sql.run('DELETE FROM local_activities WHERE id = ? OR tmp_id = ?', [id, id]);
  }

  /** Replaces a temporary id by its server id everywhere the app stores it. */
  async mapId(tempId: string, serverId: string): Promise<void> {
    await this.sql.run('UPDATE local_contacts SET id = ? WHERE tmp_id = ?', [serverId, tempId]);
    await this.sql.run('UPDATE local_activities SET contact_id = ? WHERE contact_id = ?', [serverId, tempId]);
    await this.sql.run('UPDATE local_activities SET id = ? WHERE tmp_id = ?', [serverId, tempId]);
  }

  /** The app's contacts and activities as they would be shown (server-comparable shape). */
  async state(): Promise<LocalState> {
    const contacts = (await this.sql.all('SELECT * FROM local_contacts')).map(toContact);
    const activities = (await this.sql.all('SELECT * FROM local_activities')).map(toActivity);
    return {
      contacts: contacts.map(({ tmpId: _tmpId, ...contact }) => contact),
      activities: activities.map(({ tmpId: _tmpId, ...activity }) => activity),
    };
  }
}
