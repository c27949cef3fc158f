import type { JsonValue, MutationDefinition, MutationOutbox, OutboxOptions, StorageTransaction } from '@mutation-outbox/core';
import type { SqlExecutor, SqlTransaction } from '@mutation-outbox/storage-sql';

/** A contact as the app keeps it locally. */
export interface LocalContact {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly version: number | null;
}

const sql = (tx: StorageTransaction): SqlTransaction => tx as SqlTransaction;
const obj = (value: JsonValue | null): Record<string, JsonValue> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});

/** The app's own tables, in the same encrypted database as the outbox. */
export async function createLocalTables(db: SqlExecutor): Promise<void> {
  await db.run('CREATE TABLE IF NOT EXISTS contacts (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT, version INTEGER)');
  await db.run('CREATE TABLE IF NOT EXISTS activities (id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, activity TEXT NOT NULL, date TEXT NOT NULL)');
}

/**
 * The demo's four mutation types with what a real app does locally: rollback handlers that undo
 * the optimistic change, a success handler that stores the server's version, and an id-map hook
 * that rewrites temporary ids in the app's own rows.
 */
export function contactsOutboxOptions(extra: Partial<OutboxOptions> = {}): OutboxOptions {
  const mutations: MutationDefinition[] = [
    {
      type: 'contact.create',
      kind: 'create',
      rollback: async ({ entry, tx }) => {
        await sql(tx).run('DELETE FROM activities WHERE contact_id = ?', [entry.entityId]);
        await sql(tx).run('DELETE FROM contacts WHERE id = ?', [entry.entityId]);
      },
      onSucceeded: async ({ entry, outcome, tx }) => {
        await sql(tx).run('UPDATE contacts SET version = ? WHERE id = ?', [outcome.version ?? null, outcome.serverId ?? entry.entityId]);
      },
    },
    {
      type: 'contact.update',
      kind: 'update',
      rollback: async ({ entry, tx }) => {
        const before = obj(entry.rollbackData);
        await sql(tx).run('UPDATE contacts SET name = ?, email = ? WHERE id = ?', [String(before['name'] ?? ''), (before['email'] as string | null) ?? null, entry.entityId]);
      },
      onSucceeded: async ({ entry, outcome, tx }) => {
        await sql(tx).run('UPDATE contacts SET version = ? WHERE id = ?', [outcome.version ?? null, entry.entityId]);
      },
    },
    {
      type: 'contact.delete',
      kind: 'delete',
      rollback: async ({ entry, tx }) => {
        const before = obj(entry.rollbackData);
        await sql(tx).run('INSERT OR REPLACE INTO contacts (id, name, email, version) VALUES (?, ?, ?, ?)', [
          entry.entityId,
          String(before['name'] ?? ''),
          (before['email'] as string | null) ?? null,
          (before['version'] as number | null) ?? null,
        ]);
      },
    },
    {
      type: 'activity.create',
      kind: 'create',
      references: (payload) => {
        const contactId = obj(payload)['contactId'];
        return typeof contactId === 'string' ? [contactId] : [];
      },
      rollback: async ({ entry, tx }) => {
        await sql(tx).run('DELETE FROM activities WHERE id = ?', [entry.entityId]);
      },
    },
  ];
  return {
    mutations,
    onIdMapped: async ({ tempId, serverId, tx }) => {
      await sql(tx).run('UPDATE contacts SET id = ? WHERE id = ?', [serverId, tempId]);
      await sql(tx).run('UPDATE activities SET contact_id = ? WHERE contact_id = ?', [serverId, tempId]);
      await sql(tx).run('UPDATE activities SET id = ? WHERE id = ?', [serverId, tempId]);
    },
    ...extra,
  };
}

/** The app's screens' actions: each one an optimistic local write plus its enqueue, in one transaction. */
export class ContactsApp {
  constructor(private readonly outbox: MutationOutbox) {}

  async createContact(name: string, email: string | null = null): Promise<string> {
    const id = this.outbox.tempId();
    await this.outbox.transaction(async (tx) => {
      await sql(tx).run('INSERT INTO contacts (id, name, email, version) VALUES (?, ?, ?, NULL)', [id, name, email]);
      await this.outbox.enqueue({ type: 'contact.create', entityId: id, payload: { name, ...(email !== null ? { email } : {}) }, rollbackData: null }, { tx });
    });
    return id;
  }

  async renameContact(id: string, name: string): Promise<void> {
    await this.outbox.transaction(async (tx) => {
      const [row] = await sql(tx).all('SELECT name, email, version FROM contacts WHERE id = ?', [id]);
      if (!row) throw new Error(`no local contact ${id}`);
      await sql(tx).run('UPDATE contacts SET name = ? WHERE id = ?', [name, id]);
      const version = row['version'] as number | null;
      await this.outbox.enqueue(
        { type: 'contact.update', entityId: id, payload: { name }, rollbackData: { name: row['name'] as string, email: row['email'] as string | null }, ...(version !== null ? { expectedVersion: version } : {}) },
        { tx },
      );
    });
  }

  async registerActivity(contactId: string, activity: string, date: string): Promise<string> {
    const id = this.outbox.tempId();
    await this.outbox.transaction(async (tx) => {
      await sql(tx).run('INSERT INTO activities (id, contact_id, activity, date) VALUES (?, ?, ?, ?)', [id, contactId, activity, date]);
      await this.outbox.enqueue({ type: 'activity.create', entityId: id, payload: { contactId, activity, date }, rollbackData: null }, { tx });
    });
    return id;
  }

  async deleteContact(id: string): Promise<void> {
    await this.outbox.transaction(async (tx) => {
      const [row] = await sql(tx).all('SELECT name, email, version FROM contacts WHERE id = ?', [id]);
      if (!row) throw new Error(`no local contact ${id}`);
      await sql(tx).run('DELETE FROM activities WHERE contact_id = ?', [id]);
      await sql(tx).run('DELETE FROM contacts WHERE id = ?', [id]);
      await this.outbox.enqueue({ type: 'contact.delete', entityId: id, payload: null, rollbackData: { name: row['name'] as string, email: row['email'] as string | null, version: row['version'] as number | null } }, { tx });
    });
  }

  /** The local contacts, by id. */
  async contacts(): Promise<LocalContact[]> {
    return this.outbox.transaction(async (tx) => (await sql(tx).all('SELECT id, name, email, version FROM contacts ORDER BY id')) as unknown as LocalContact[]);
  }

  /** The local activities as [id, contactId, activity]. */
  async activities(): Promise<Array<[string, string, string]>> {
    return this.outbox.transaction(async (tx) =>
      (await sql(tx).all('SELECT id, contact_id, activity FROM activities ORDER BY id')).map((r) => [r['id'] as string, r['contact_id'] as string, r['activity'] as string]),
    );
  }
}
