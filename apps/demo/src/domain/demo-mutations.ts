import type { IdMappedHook, JsonObject, JsonValue, MutationDefinition, OkOutcome, StorageTransaction } from '@mutation-outbox/core';
import type { SqlExecutor, SqlParam } from '../db/sql-executor';

/** Gives the app's SQL handle of an outbox storage transaction. */
export type TransactionSql = (tx: StorageTransaction) => SqlExecutor;

const CONTACT_KEYS = ['name', 'email', 'phone', 'notes'] as const;

/**
 * The demo's four mutation types (see docs/demo-protocol.md) with what they do locally when the
 * server settles them: record the server's version on success, undo the optimistic change on
 * rollback (for a conflict lost to the server, take the server's state instead).
 */
export function demoMutations(sqlOf: TransactionSql): MutationDefinition[] {
  return [
    {
      type: 'contact.create',
      kind: 'create',
      validate: (payload) => (isObject(payload) && typeof payload['name'] === 'string' && payload['name'].trim() !== '' ? undefined : 'name is required'),
      // Deleting the contact cascades to its activities; their own entries roll back as dependants.
      rollback: ({ entry, tx }) => sqlOf(tx).run('DELETE FROM contacts WHERE id = ?', [entry.entityId]),
      onSucceeded: ({ entry, outcome, tx }) => applyServerContact(sqlOf(tx), [entry.entityId, outcome.serverId], outcome, entry.createdAt),
    },
    {
      type: 'contact.update',
      kind: 'update',
      validate: (payload) => (isObject(payload) && Object.keys(payload).length > 0 ? undefined : 'nothing to change'),
      rollback: async ({ entry, tx, serverState }) => {
        const sql = sqlOf(tx);
        if (isObject(serverState ?? null)) return restoreFromServer(sql, entry.entityId, serverState as JsonObject);
        const previous = isObject(entry.rollbackData) ? entry.rollbackData : {};
        for (const key of CONTACT_KEYS) {
          if (key in previous) await sql.run(`UPDATE contacts SET ${key} = ? WHERE id = ?`, [asParam(previous[key]), entry.entityId]);
        }
      },
      onSucceeded: ({ entry, outcome, tx }) => applyServerContact(sqlOf(tx), [entry.entityId, outcome.serverId], outcome, entry.createdAt),
    },
    {
      type: 'contact.delete',
      kind: 'delete',
      // The snapshot's versions and activity ids date from when the delete was queued: answers that
      // came since (the create acknowledged, an activity mapped to its server id) are taken over.
      rollback: async ({ entry, tx, serverState, resolveId }) => {
        const sql = sqlOf(tx);
        const data = isObject(entry.rollbackData) ? entry.rollbackData : {};
        const contact = isObject(data['contact'] ?? null) ? (data['contact'] as JsonObject) : null;
        if (contact) {
          await sql.run('INSERT OR REPLACE INTO contacts (id, name, email, phone, notes, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
            entry.entityId,
            asParam(contact['name']),
            asParam(contact['email']),
            asParam(contact['phone']),
            asParam(contact['notes']),
            (await serverVersion(sql, 'contacts', entry.entityId)) ?? asParam(contact['version']),
            asParam(contact['updatedAt']),
          ]);
        }
        const activities = Array.isArray(data['activities']) ? data['activities'] : [];
        for (const activity of activities) {
          if (!isObject(activity) || typeof activity['id'] !== 'string') continue;
          const id = await resolveId(activity['id']);
          await sql.run('INSERT OR REPLACE INTO activities (id, contact_id, activity, date, version, created_at) VALUES (?, ?, ?, ?, ?, 0)', [
            id,
            entry.entityId,
            asParam(activity['activity']),
            asParam(activity['date']),
            (await serverVersion(sql, 'activities', id)) ?? asParam(activity['version']),
          ]);
        }
        if (contact && isObject(serverState ?? null)) await restoreFromServer(sql, entry.entityId, serverState as JsonObject);
      },
    },
    {
      type: 'activity.create',
      kind: 'create',
      references: (payload) => (isObject(payload) && typeof payload['contactId'] === 'string' ? [payload['contactId']] : []),
      validate: (payload) =>
        isObject(payload) && typeof payload['activity'] === 'string' && payload['activity'].trim() !== '' && typeof payload['date'] === 'string'
          ? undefined
          : 'activity and date are required',
      rollback: ({ entry, tx }) => sqlOf(tx).run('DELETE FROM activities WHERE id = ?', [entry.entityId]),
      onSucceeded: ({ entry, outcome, tx }) => setVersion(sqlOf(tx), 'activities', [entry.entityId, outcome.serverId], outcome.version),
    },
  ];
}

/**
 * Replaces a temporary id by the server's id in the app's tables, in the transaction that records
 * the mapping (activities follow their contact through `ON UPDATE CASCADE`, and explicitly too).
 */
export function demoIdMapping(sqlOf: TransactionSql): IdMappedHook {
  return async ({ tempId, serverId, entry, tx }) => {
    const sql = sqlOf(tx);
    if (entry.type === 'contact.create') {
      await sql.run('UPDATE contacts SET id = ? WHERE id = ?', [serverId, tempId]);
      await sql.run('UPDATE activities SET contact_id = ? WHERE contact_id = ?', [serverId, tempId]);
    } else if (entry.type === 'activity.create') {
      await sql.run('UPDATE activities SET id = ? WHERE id = ?', [serverId, tempId]);
    }
    await sql.run('UPDATE OR REPLACE server_versions SET id = ? WHERE id = ?', [serverId, tempId]);
  };
}

/**
 * Takes the server's answer as the truth for the contact (a merged conflict brings other people's
 * changes along), unless the user edited the contact again after this change was queued: then only
 * the version is recorded and the newer local edit stays on screen until it is sent too.
 */
async function applyServerContact(sql: SqlExecutor, ids: readonly (string | undefined)[], outcome: OkOutcome, queuedAt: number): Promise<void> {
  await setVersion(sql, 'contacts', ids, outcome.version);
  const body = outcome.body ?? null;
  if (!isObject(body) || typeof body['name'] !== 'string') return;
  for (const id of new Set(ids)) {
    if (id === undefined) continue;
    await sql.run('UPDATE contacts SET name = ?, email = ?, phone = ?, notes = ? WHERE id = ? AND updated_at <= ?', [
      asParam(body['name']),
      asParam(body['email']),
      asParam(body['phone']),
      asParam(body['notes']),
      id,
      queuedAt,
    ]);
  }
}

/** Records the server's version on the row (if it is still there) and in `server_versions` (always). */
async function setVersion(sql: SqlExecutor, table: 'contacts' | 'activities', ids: readonly (string | undefined)[], version: number | undefined): Promise<void> {
  if (version === undefined) return;
  for (const id of new Set(ids)) {
    if (id === undefined) continue;
    await sql.run(`UPDATE ${table} SET version = ? WHERE id = ?`, [version, id]);
    await sql.run('INSERT OR REPLACE INTO server_versions (tbl, id, version) VALUES (?, ?, ?)', [table, id, version]);
  }
}

/** The version of the server's latest answer about a row, or null when none came yet. */
async function serverVersion(sql: SqlExecutor, table: 'contacts' | 'activities', id: string): Promise<number | null> {
  const [row] = await sql.all('SELECT version FROM server_versions WHERE tbl = ? AND id = ?', [table, id]);
  return row ? Number(row['version']) : null;
}

async function restoreFromServer(sql: SqlExecutor, id: string, state: JsonObject): Promise<void> {
  await sql.run('UPDATE contacts SET name = ?, email = ?, phone = ?, notes = ?, version = ? WHERE id = ?', [
    asParam(state['name']),
    asParam(state['email']),
    asParam(state['phone']),
    asParam(state['notes']),
    asParam(state['version']),
    id,
  ]);
}

function asParam(value: JsonValue | undefined): SqlParam {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}

function isObject(value: JsonValue | null): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
