import type { IdMappedHook, JsonValue, MutationDefinition, MutationOutbox, StorageTransaction } from '@mutation-outbox/core';
import type { MemoryTransaction } from '@mutation-outbox/testing';

/** A contact as the app keeps it locally (version null until the server has it). */
export interface LocalContact {
  name: string;
  email: string;
  version: number | null;
}

type Fields = { [key: string]: JsonValue };
const fields = (value: JsonValue | null | undefined): Fields => (value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {});
const rows = (tx: StorageTransaction): Map<string, string> => (tx as MemoryTransaction).appData;

/** Reads and writes the app's rows (`c:<id>` contacts, `a:<id>` activities) in a transaction. */
export class LocalRows {
  constructor(private readonly data: Map<string, string>) {}

  contact(id: string): LocalContact | null {
    const raw = this.data.get(`c:${id}`);
    return raw ? (JSON.parse(raw) as LocalContact) : null;
  }

  putContact(id: string, contact: LocalContact): void {
    this.data.set(`c:${id}`, JSON.stringify(contact));
  }

  /** The contact's version in the server's latest answer to this device, kept even while the contact is deleted locally. */
  serverVersion(id: string): number | null {
    const raw = this.data.get(`v:${id}`);
    return raw === undefined ? null : Number(raw);
  }

  recordServerVersion(id: string, version: number): void {
    this.data.set(`v:${id}`, String(version));
  }

  deleteContact(id: string): void {
    this.data.delete(`c:${id}`);
    for (const [key, contactId] of [...this.data]) if (key.startsWith('a:') && contactId === id) this.data.delete(key);
  }

  contacts(): Map<string, LocalContact> {
    return new Map([...this.data].filter(([key]) => key.startsWith('c:')).map(([key, raw]) => [key.slice(2), JSON.parse(raw) as LocalContact]));
  }

  activities(): Map<string, string> {
    return new Map([...this.data].filter(([key]) => key.startsWith('a:')).map(([key, contactId]) => [key.slice(2), contactId]));
  }

  rename(tempId: string, serverId: string): void {
    for (const prefix of ['c:', 'a:', 'v:']) {
      const value = this.data.get(prefix + tempId);
      if (value === undefined) continue;
      this.data.delete(prefix + tempId);
      this.data.set(prefix + serverId, value);
    }
    for (const [key, contactId] of this.data) if (key.startsWith('a:') && contactId === tempId) this.data.set(key, serverId);
  }
}

const local = (tx: StorageTransaction) => new LocalRows(rows(tx));

/**
 * What a real app registers: rollback handlers restore exactly what the change overwrote (or
 * apply the server's state after a server-wins conflict), success handlers store the server's
 * answer, and the id-map hook renames temporary ids in the app's rows.
 */
export const contactDefinitions: MutationDefinition[] = [
  {
    type: 'contact.create',
    kind: 'create',
    rollback: ({ entry, tx }) => local(tx).deleteContact(entry.entityId),
    onSucceeded: ({ outcome, tx }) => applyServerBody(tx, outcome.serverId, outcome.body),
  },
  {
    type: 'contact.update',
    kind: 'update',
    rollback: ({ entry, tx, serverState }) => {
      const rowsOf = local(tx);
      const current = rowsOf.contact(entry.entityId);
      if (!current) return;
      const restore = serverState !== undefined ? fields(serverState) : fields(entry.rollbackData);
      rowsOf.putContact(entry.entityId, {
        name: typeof restore['name'] === 'string' ? restore['name'] : current.name,
        email: typeof restore['email'] === 'string' ? restore['email'] : current.email,
        version: serverState !== undefined && typeof restore['version'] === 'number' ? restore['version'] : current.version,
      });
    },
    onSucceeded: ({ outcome, tx }) => applyServerBody(tx, outcome.serverId, outcome.body),
  },
  {
    type: 'contact.delete',
    kind: 'delete',
    // The snapshot's version may predate answers that came while the delete was queued (its
    // create was acknowledged, an earlier edit succeeded): the server's latest answer wins.
    rollback: async ({ entry, tx, resolveId }) => {
      const before = fields(entry.rollbackData);
      const version = local(tx).serverVersion(entry.entityId) ?? (before['version'] as number | null) ?? null;
      local(tx).putContact(entry.entityId, { name: String(before['name']), email: String(before['email']), version });
      // The activities the delete took along come back too (their own entries may still be queued).
      const activities = Array.isArray(before['activities']) ? before['activities'] : [];
      for (const activityId of activities) rows(tx).set(`a:${await resolveId(String(activityId))}`, entry.entityId);
    },
  },
  {
    type: 'activity.create',
    kind: 'create',
    references: (payload) => [String(fields(payload)['contactId'])],
    rollback: ({ entry, tx }) => void rows(tx).delete(`a:${entry.entityId}`),
  },
];

/** Renames temporary ids in the app's rows when the server assigns ids. */
export const renameLocalIds: IdMappedHook = ({ tempId, serverId, tx }) => local(tx).rename(tempId, serverId);

function applyServerBody(tx: StorageTransaction, id: string | undefined, body: JsonValue | undefined): void {
  const server = fields(body);
  if (id === undefined || typeof server['version'] !== 'number') return;
  local(tx).recordServerVersion(id, server['version']);
  // Only refresh a row that still exists: a later local delete (still queued) must not be undone.
  if (!local(tx).contact(id)) return;
  local(tx).putContact(id, { name: String(server['name']), email: String(server['email']), version: server['version'] });
}

/** The app's screens: each action is an optimistic local write plus its enqueue, in one transaction. */
export class ContactsScreen {
  constructor(private readonly outbox: MutationOutbox) {}

  async create(name: string): Promise<string> {
    const id = this.outbox.tempId();
    await this.outbox.transaction(async (tx) => {
      local(tx).putContact(id, { name, email: '', version: null });
      await this.outbox.enqueue({ type: 'contact.create', entityId: id, payload: { name, email: '' }, rollbackData: null }, { tx });
    });
    return id;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.outbox.transaction(async (tx) => {
      const current = local(tx).contact(id);
      if (!current) return;
      local(tx).putContact(id, { ...current, name });
      await this.outbox.enqueue(
        { type: 'contact.update', entityId: id, payload: { name }, rollbackData: { name: current.name }, ...(current.version !== null ? { expectedVersion: current.version } : {}) },
        { tx },
      );
    });
  }

  async remove(id: string): Promise<void> {
    await this.outbox.transaction(async (tx) => {
      const current = local(tx).contact(id);
      if (!current) return;
      const activities = [...local(tx).activities()].filter(([, contactId]) => contactId === id).map(([activityId]) => activityId);
      local(tx).deleteContact(id);
      await this.outbox.enqueue({ type: 'contact.delete', entityId: id, payload: null, rollbackData: { ...current, activities } }, { tx });
    });
  }

  async registerActivity(contactId: string): Promise<void> {
    const id = this.outbox.tempId();
    await this.outbox.transaction(async (tx) => {
      if (!local(tx).contact(contactId)) return;
      rows(tx).set(`a:${id}`, contactId);
      await this.outbox.enqueue({ type: 'activity.create', entityId: id, payload: { contactId }, rollbackData: null }, { tx });
    });
  }

  /** Every local contact id, for picking a target. */
  async ids(): Promise<string[]> {
    return this.outbox.transaction(async (tx) => [...local(tx).contacts().keys()]);
  }
}
