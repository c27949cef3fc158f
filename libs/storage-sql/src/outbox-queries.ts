import { EntryNotFoundError, OutboxFullError, StorageError } from '@mutation-outbox/core';
import type { EntryPage, EntryPatch, EntryQuery, EntryStatus, NewOutboxEntry, OutboxCounts, OutboxEntry, OutboxLimits } from '@mutation-outbox/core';
import { ENTRY_COLUMNS, INSERT_ENTRY_SQL, entryParams, patchAssignments, rowToEntry } from './entry-row';
import { ACTIVE_STATUS_SQL } from './outbox-schema';
import type { SqlExecutor } from './sql-transaction';

const STATUSES: readonly EntryStatus[] = ['pending', 'in_flight', 'succeeded', 'failed', 'rolled_back'];
const ACTIVE: ReadonlySet<EntryStatus> = new Set<EntryStatus>(['pending', 'in_flight', 'failed']);

function assertStatus(status: unknown): asserts status is EntryStatus {
  if (!STATUSES.includes(status as EntryStatus)) throw new StorageError(`Invalid entry status ${JSON.stringify(status)}`);
}

/**
 * The outbox's SQL statements over the shared schema, each run on the executor it is given (a
 * transaction or the bare connection). Stateless: nothing read from the database is kept.
 */
export class OutboxQueries {
  /** Checks limits against the stored counts, then inserts; the caller's transaction makes it atomic. */
  async append(x: SqlExecutor, entries: readonly NewOutboxEntry[], limits: OutboxLimits): Promise<OutboxEntry[]> {
    let addedActive = 0;
    let addedBytes = 0;
    for (const entry of entries) {
      assertStatus(entry.status);
      if (ACTIVE.has(entry.status)) {
        addedActive++;
        addedBytes += entry.sizeBytes;
      }
    }
    if (addedActive > 0) {
      const counts = await this.counts(x);
      const active = counts.pending + counts.inFlight + counts.failed;
      if (active + addedActive > limits.maxEntries) throw new OutboxFullError('entries', active, limits.maxEntries);
      if (counts.activeBytes + addedBytes > limits.maxBytes) throw new OutboxFullError('bytes', counts.activeBytes, limits.maxBytes);
    }
    const appended: OutboxEntry[] = [];
    for (const entry of entries) {
      const { lastInsertRowid } = await x.run(INSERT_ENTRY_SQL, entryParams(entry));
      appended.push({ ...entry, seq: Number(lastInsertRowid) });
    }
    return appended;
  }

  /** The entry with this id, or null. */
  async get(x: SqlExecutor, id: string): Promise<OutboxEntry | null> {
    const [row] = await x.all(`SELECT ${ENTRY_COLUMNS} FROM outbox_entries WHERE id = ?`, [id]);
    return row ? rowToEntry(row) : null;
  }

  /** The newest active entry of an entity, through the (entity_id, seq) partial index. */
  async latestActiveForEntity(x: SqlExecutor, entityId: string): Promise<OutboxEntry | null> {
    const [row] = await x.all(
      `SELECT ${ENTRY_COLUMNS} FROM outbox_entries INDEXED BY outbox_entries_entity_active WHERE entity_id = ? AND ${ACTIVE_STATUS_SQL} ORDER BY seq DESC LIMIT 1`,
      [entityId],
    );
    return row ? rowToEntry(row) : null;
  }

  /** The active entries of an entity after a seq, in seq order, through the (entity_id, seq) partial index. */
  async listActiveForEntity(x: SqlExecutor, entityId: string, afterSeq: number): Promise<OutboxEntry[]> {
    const rows = await x.all(
      `SELECT ${ENTRY_COLUMNS} FROM outbox_entries INDEXED BY outbox_entries_entity_active WHERE entity_id = ? AND seq > ? AND ${ACTIVE_STATUS_SQL} ORDER BY seq`,
      [entityId, afterSeq],
    );
    return rows.map(rowToEntry);
  }

  /**
   * Keyset paging in seq order. A status filter within the active statuses walks the partial
   * index (`INDEXED BY` makes SQLite use it or fail loudly), so the first due entries cost the
   * same at any queue depth.
   */
  async list(x: SqlExecutor, query: EntryQuery): Promise<EntryPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1) throw new StorageError(`Invalid query: limit must be an integer of at least 1, got ${query.limit}`);
    if (query.afterSeq !== undefined && !Number.isFinite(query.afterSeq)) throw new StorageError(`Invalid query: afterSeq must be a number, got ${query.afterSeq}`);
    let from = 'outbox_entries';
    const where = ['seq > ?'];
    if (query.statuses) {
      query.statuses.forEach(assertStatus);
      const statuses = STATUSES.filter((status) => query.statuses?.includes(status));
      if (statuses.length === 0) return { entries: [], nextAfterSeq: null };
      if (statuses.every((status) => ACTIVE.has(status))) {
        from += ' INDEXED BY outbox_entries_active';
        where.push(ACTIVE_STATUS_SQL);
      }
      // Statuses are checked against a fixed list above, so inlining them is safe; it also lets
      // SQLite see a constant filter.
      if (statuses.length < ACTIVE.size || !statuses.every((status) => ACTIVE.has(status))) {
        where.push(`status IN (${statuses.map((status) => `'${status}'`).join(', ')})`);
      }
    }
    const rows = await x.all(`SELECT ${ENTRY_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`, [
      query.afterSeq ?? 0,
      query.limit + 1,
    ]);
    const entries = rows.slice(0, query.limit).map(rowToEntry);
    const last = entries[entries.length - 1];
    return { entries, nextAfterSeq: rows.length > query.limit && last ? last.seq : null };
  }

  /** Applies the defined fields of `patch`; `EntryNotFoundError` when no row has this id. */
  async update(x: SqlExecutor, id: string, patch: EntryPatch): Promise<void> {
    if (patch.status !== undefined) assertStatus(patch.status);
    const { sql, params } = patchAssignments(patch);
    if (sql === '') {
      if (!(await this.get(x, id))) throw new EntryNotFoundError(id);
      return;
    }
    const { changes } = await x.run(`UPDATE outbox_entries SET ${sql} WHERE id = ?`, [...params, id]);
    if (changes === 0) throw new EntryNotFoundError(id);
  }

  /** Deletes the entry; a missing id is not an error. */
  async remove(x: SqlExecutor, id: string): Promise<void> {
    await x.run('DELETE FROM outbox_entries WHERE id = ?', [id]);
  }

  /** One row, maintained by triggers: O(1) at any depth. */
  async counts(x: SqlExecutor): Promise<OutboxCounts> {
    const [row] = await x.all('SELECT pending, in_flight, failed, rolled_back, active_bytes FROM outbox_stats WHERE id = 1');
    if (!row) throw new StorageError('The outbox_stats row is missing: the outbox schema is damaged');
    return {
      pending: Number(row['pending']),
      inFlight: Number(row['in_flight']),
      failed: Number(row['failed']),
      rolledBack: Number(row['rolled_back']),
      activeBytes: Number(row['active_bytes']),
    };
  }

  /** Moves every in-flight entry back to pending (due now), keeping attempts and key; returns how many. */
  async recoverInFlight(x: SqlExecutor, now: number): Promise<number> {
    const { changes } = await x.run(
      `UPDATE outbox_entries SET status = 'pending', next_attempt_at = NULL, updated_at = ? WHERE ${ACTIVE_STATUS_SQL} AND status = 'in_flight'`,
      [now],
    );
    return changes;
  }

  /** The server id recorded for `tempId`, or null. */
  async getServerId(x: SqlExecutor, tempId: string): Promise<string | null> {
    const [row] = await x.all('SELECT server_id FROM outbox_id_map WHERE temp_id = ?', [tempId]);
    return row ? String(row['server_id']) : null;
  }

  /** Records (or overwrites) the server id of `tempId`. */
  async putServerId(x: SqlExecutor, tempId: string, serverId: string): Promise<void> {
    await x.run('INSERT INTO outbox_id_map (temp_id, server_id) VALUES (?, ?) ON CONFLICT (temp_id) DO UPDATE SET server_id = excluded.server_id', [
      tempId,
      serverId,
    ]);
  }

  /** One upsert that changes the row only if it is free, expired or already ours. */
  async acquireLease(x: SqlExecutor, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const { changes } = await x.run(
      `INSERT INTO outbox_lease (id, owner, expires_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE outbox_lease.owner = excluded.owner OR outbox_lease.expires_at <= ?`,
      [owner, now + ttlMs, now],
    );
    return changes > 0;
  }

  /** Deletes the lease row if `owner` holds it. */
  async releaseLease(x: SqlExecutor, owner: string): Promise<void> {
    await x.run('DELETE FROM outbox_lease WHERE id = 1 AND owner = ?', [owner]);
  }

  /** The version recorded in `outbox_meta` (0 before the first migration). */
  async schemaVersion(x: SqlExecutor): Promise<number> {
    const [row] = await x.all("SELECT value FROM outbox_meta WHERE key = 'schema_version'");
    return row ? Number(row['value']) : 0;
  }
}
