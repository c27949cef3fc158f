import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { DemoDatabase } from './database';
import type { Activity, AppliedLog, AppliedLogEntry, Contact, OperationName, ServerState, WriteContext } from './model';

interface ContactRow {
  id: number;
  version: number;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
}

interface ActivityRow {
  id: number;
  version: number;
  contact_id: number;
  activity: string;
  date: string;
}

interface LogRow {
  seq: number;
  idempotency_key: string | null;
  method: string;
  path: string;
  status: number;
  entity_id: string;
  at: string;
  operation: OperationName;
  via: AppliedLogEntry['via'];
}

/** A stored idempotent answer: the request fingerprint and the response to replay. */
export interface StoredResponse {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

/** The writable fields of a contact. */
export type ContactFields = Pick<Contact, 'name' | 'email' | 'phone' | 'notes'>;

const toContact = (row: ContactRow): Contact => ({
  id: String(row.id),
  version: row.version,
  name: row.name,
  email: row.email,
  phone: row.phone,
  notes: row.notes,
});

const toActivity = (row: ActivityRow): Activity => ({
  id: String(row.id),
  version: row.version,
  contactId: String(row.contact_id),
  activity: row.activity,
  date: row.date,
});

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: DemoDatabase) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    contact: prepare('SELECT * FROM contacts WHERE id = ?'),
    contacts: prepare('SELECT * FROM contacts ORDER BY id'),
    insertContact: prepare('INSERT INTO contacts (version, name, email, phone, notes) VALUES (1, @name, @email, @phone, @notes)'),
    updateContact: prepare('UPDATE contacts SET version = version + 1, name = @name, email = @email, phone = @phone, notes = @notes WHERE id = @id'),
    deleteContact: prepare('DELETE FROM contacts WHERE id = ?'),
    activity: prepare('SELECT * FROM activities WHERE id = ?'),
    activities: prepare('SELECT * FROM activities ORDER BY id'),
    activitiesOf: prepare('SELECT * FROM activities WHERE contact_id = ? ORDER BY id'),
    insertActivity: prepare('INSERT INTO activities (version, contact_id, activity, date) VALUES (1, @contactId, @activity, @date)'),
    stored: prepare('SELECT fingerprint, status, body FROM idempotency WHERE key = ?'),
    store: prepare('INSERT INTO idempotency (key, fingerprint, status, body, stored_at) VALUES (?, ?, ?, ?, ?)'),
    log: prepare('INSERT INTO applied_log (idempotency_key, method, path, status, entity_id, at, operation, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    logRows: prepare('SELECT * FROM applied_log ORDER BY seq'),
    arrive: prepare('INSERT INTO key_arrivals (key, count) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET count = count + 1'),
    arrivals: prepare('SELECT key, count FROM key_arrivals ORDER BY rowid'),
  };
}

/**
 * Typed access to the server tables. Every method is synchronous and runs in the caller's
 * transaction when there is one (`transaction(work)`), so a write and its stored answer commit together.
 */
export class DemoRepository {
  private readonly sql: Statements;

  constructor(private readonly db: DemoDatabase) {
    this.sql = prepareStatements(db);
  }

  /** Runs `work` in one SQLite transaction (a savepoint when nested); a throw rolls it all back. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The contact with this numeric id, or undefined. */
  contact(id: number): Contact | undefined {
    const row = this.sql.contact.get(id) as ContactRow | undefined;
    return row ? toContact(row) : undefined;
  }

  /** All contacts in id order. */
  contacts(): Contact[] {
    return (this.sql.contacts.all() as ContactRow[]).map(toContact);
  }

  /** Inserts a contact at version 1 and returns it. */
  insertContact(fields: ContactFields): Contact {
    const { lastInsertRowid } = this.sql.insertContact.run(fields);
    return this.contact(Number(lastInsertRowid)) as Contact;
  }

  /** Replaces the fields of an existing contact, bumping its version, and returns it. */
  updateContact(id: number, fields: ContactFields): Contact {
    this.sql.updateContact.run({ ...fields, id });
    return this.contact(id) as Contact;
  }

  /** Deletes a contact; its activities go with it (foreign key cascade). */
  deleteContact(id: number): void {
    this.sql.deleteContact.run(id);
  }

  /** The activity with this numeric id, or undefined. */
  activity(id: number): Activity | undefined {
    const row = this.sql.activity.get(id) as ActivityRow | undefined;
    return row ? toActivity(row) : undefined;
  }

  /** All activities in id order, optionally only those of one contact. */
  activities(contactId?: number): Activity[] {
    const rows = contactId === undefined ? this.sql.activities.all() : this.sql.activitiesOf.all(contactId);
    return (rows as ActivityRow[]).map(toActivity);
  }

  /** Inserts an activity at version 1 and returns it. */
  insertActivity(fields: { contactId: number; activity: string; date: string }): Activity {
    const { lastInsertRowid } = this.sql.insertActivity.run(fields);
    return this.activity(Number(lastInsertRowid)) as Activity;
  }

  /** The stored answer for an idempotency key, or undefined when the key is new. */
  storedResponse(key: string): StoredResponse | undefined {
    const row = this.sql.stored.get(key) as { fingerprint: string; status: number; body: string } | undefined;
    return row ? { fingerprint: row.fingerprint, status: row.status, body: JSON.parse(row.body) as unknown } : undefined;
  }

  /** Stores the final answer for a key (the caller's transaction also holds the write). */
  storeResponse(key: string, fingerprint: string, status: number, body: unknown): void {
    this.sql.store.run(key, fingerprint, status, JSON.stringify(body), new Date().toISOString());
  }

  /** Appends one applied write to the log. */
  logApplied(context: WriteContext, operation: OperationName, status: number, entityId: string): void {
    const { idempotencyKey, method, path, via } = context;
    this.sql.log.run(idempotencyKey, method, path, status, entityId, new Date().toISOString(), operation, via);
  }

  /** Counts one arrival of each key (its own transaction). */
  countArrivals(keys: readonly string[]): void {
    if (keys.length === 0) return;
    this.transaction(() => keys.forEach((key) => this.sql.arrive.run(key)));
  }

  /** The applied-write log and key arrival counts. */
  appliedLog(): AppliedLog {
    const applied = (this.sql.logRows.all() as LogRow[]).map((row) => ({
      seq: row.seq,
      idempotencyKey: row.idempotency_key,
      method: row.method,
      path: row.path,
      status: row.status,
      entityId: row.entity_id,
      at: row.at,
      operation: row.operation,
      via: row.via,
    }));
    const keyArrivals: Record<string, number> = {};
    for (const row of this.sql.arrivals.all() as Array<{ key: string; count: number }>) keyArrivals[row.key] = row.count;
    return { applied, keyArrivals };
  }

  /** All contacts and activities. */
  state(): ServerState {
    return { contacts: this.contacts(), activities: this.activities() };
  }

  /** Deletes all data, stored answers, the log and arrival counts; ids and seq keep counting up. */
  reset(): void {
    this.transaction(() => this.db.exec('DELETE FROM activities; DELETE FROM contacts; DELETE FROM idempotency; DELETE FROM applied_log; DELETE FROM key_arrivals;'));
  }
}
