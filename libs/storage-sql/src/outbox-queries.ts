import { EntryNotFoundError, OutboxFullError, StorageError } from '@mutation-outbox/core';
import type { EntryPage, EntryPatch, EntryQuery, EntryStatus, NewOutboxEntry, OutboxCounts, OutboxEntry, OutboxLimits } from '@mutation-outbox/core';
import { ENTRY_COLUMNS, INSERT_ENTRY_SQL, MAX_ROWS_PER_INSERT, TOP_SEQ_SQL, appendEntryParams, entryParams, insertRowsSql, patchAssignments, rowToEntry } from './entry-row';
import { ACTIVE_STATUS_SQL, NOT_PENDING_STATUS_SQL, SEQ_FLOOR_KEY } from './outbox-schema';
import { isActiveStatus } from './outbox-tally';
import type { SqlRow, SqlValue } from './sql-driver';
import type { SqlExecutor } from './sql-transaction';

const STATUSES: readonly EntryStatus[] = ['pending', 'in_flight', 'succeeded', 'failed', 'rolled_back'];
const ACTIVE_COUNT = STATUSES.filter(isActiveStatus).length;

function assertStatus(status: unknown): asserts status is EntryStatus {
  if (!STATUSES.includes(status as EntryStatus)) throw new StorageError(`Invalid entry status ${JSON.stringify(status)}`);
}

/** A stored entry's status and size: what its row contributes to the counts. */
export interface CountedRow {
  readonly status: EntryStatus;
  readonly sizeBytes: number;
}

/** How many active entries and bytes `entries` add; throws `StorageError` for an unknown status. */
export function activeLoad(entries: readonly NewOutboxEntry[]): { entries: number; bytes: number } {
  let active = 0;
  let bytes = 0;
  for (const entry of entries) {
    assertStatus(entry.status);
    if (isActiveStatus(entry.status)) {
      active++;
      bytes += entry.sizeBytes;
    }
  }
  return { entries: active, bytes };
}

/** Throws `OutboxFullError` when adding `load` to `counts` would exceed `limits`. */
export function checkLimits(counts: OutboxCounts, load: { entries: number; bytes: number }, limits: OutboxLimits): void {
  if (load.entries === 0) return;
  const active = counts.pending + counts.inFlight + counts.failed;
  if (active + load.entries > limits.maxEntries) throw new OutboxFullError('entries', active, limits.maxEntries);
  if (counts.activeBytes + load.bytes > limits.maxBytes) throw new OutboxFullError('bytes', counts.activeBytes, limits.maxBytes);
}

/** How many entries in `status` (one of the `outbox_entries_by_status` ones), through that index. */
const countOf = (status: EntryStatus): string =>
  `(SELECT count(*) FROM outbox_entries INDEXED BY outbox_entries_by_status WHERE ${NOT_PENDING_STATUS_SQL} AND status = '${status}')`;

// The active index yields the number and bytes of active entries without evaluating any status
// (which would cost as much again as the walk); the statuses other than pending come from their
// small index, and pending is what remains.
const RECOUNT_SQL = `SELECT
  count(*) AS active,
  coalesce(sum(size_bytes), 0) AS active_bytes,
  ${countOf('in_flight')} AS in_flight,
  ${countOf('failed')} AS failed,
  ${countOf('rolled_back')} AS rolled_back
FROM outbox_entries INDEXED BY outbox_entries_active WHERE ${ACTIVE_STATUS_SQL}`;

const RAISE_SEQ_FLOOR_SQL = `INSERT INTO outbox_meta (key, value) VALUES ('${SEQ_FLOOR_KEY}', ?)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(outbox_meta.value AS INTEGER) < CAST(excluded.value AS INTEGER)`;

function counted(row: SqlRow): CountedRow {
  return { status: String(row['status']) as EntryStatus, sizeBytes: Number(row['size_bytes']) };
}

/**
 * The outbox's SQL statements over the shared schema, each run on the executor it is given (a
 * transaction or the bare connection). Stateless: nothing read from the database is kept; the
 * counts live in the caller's `OutboxTally`, and the writes report what they changed in them.
 */
export class OutboxQueries {
  /**
   * Inserts the entries in order (the caller checked the limits and makes it atomic); returns them
   * with their `seq`. Throws `StorageError` for an unknown status before writing anything.
   */
  async insert(x: SqlExecutor, entries: readonly NewOutboxEntry[]): Promise<OutboxEntry[]> {
    entries.forEach((entry) => assertStatus(entry.status));
    const [single] = entries;
    if (entries.length === 1 && single) {
      const { lastInsertRowid } = await x.run(INSERT_ENTRY_SQL, entryParams(single));
      return [{ ...single, seq: Number(lastInsertRowid) }];
    }
    // Several entries: one statement per chunk instead of one per entry (one driver call, one
    // bridge call on devices), with seqs counted on from the current top.
    const [row] = await x.all(TOP_SEQ_SQL);
    const top = Number(row?.['top'] ?? 0);
    const appended = entries.map((entry, i) => ({ ...entry, seq: top + 1 + i }));
    for (let start = 0; start < appended.length; start += MAX_ROWS_PER_INSERT) {
      const end = Math.min(start + MAX_ROWS_PER_INSERT, appended.length);
      const params: SqlValue[] = [];
      for (let i = start; i < end; i++) {
        const entry = appended[i] as OutboxEntry;
        params.push(entry.seq);
        appendEntryParams(params, entry);
      }
      await x.run(insertRowsSql(end - start), params);
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
      const active = statuses.every(isActiveStatus);
      if (active) {
        from += ' INDEXED BY outbox_entries_active';
        where.push(ACTIVE_STATUS_SQL);
      }
      // Statuses are checked against a fixed list above, so inlining them is safe; it also lets
      // SQLite see a constant filter.
      if (!active || statuses.length < ACTIVE_COUNT) {
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

  /**
   * Applies the defined fields of `patch`; `EntryNotFoundError` when no row has this id. When the
   * patch sets status or size (what the counts depend on), returns the row's before and after.
   */
  async update(x: SqlExecutor, id: string, patch: EntryPatch): Promise<{ before: CountedRow; after: CountedRow } | null> {
    if (patch.status !== undefined) assertStatus(patch.status);
    const { sql, params } = patchAssignments(patch);
    if (patch.status === undefined && patch.sizeBytes === undefined) {
      if (sql === '') {
        if (!(await this.get(x, id))) throw new EntryNotFoundError(id);
        return null;
      }
      const { changes } = await x.run(`UPDATE outbox_entries SET ${sql} WHERE id = ?`, [...params, id]);
      if (changes === 0) throw new EntryNotFoundError(id);
      return null;
    }
    const before = await this.counted(x, id);
    if (!before) throw new EntryNotFoundError(id);
    await x.run(`UPDATE outbox_entries SET ${sql} WHERE id = ?`, [...params, id]);
    return { before, after: { status: patch.status ?? before.status, sizeBytes: patch.sizeBytes ?? before.sizeBytes } };
  }

  /**
   * Deletes the entry; a missing id is not an error. Returns the removed row's status and size, or
   * null. Removing the newest entry records its seq as the floor of later ones (never reused).
   */
  async remove(x: SqlExecutor, id: string): Promise<CountedRow | null> {
    const [row] = await x.all('SELECT status, size_bytes, seq, seq = (SELECT max(seq) FROM outbox_entries) AS newest FROM outbox_entries WHERE id = ?', [id]);
    if (!row) return null;
    await x.run('DELETE FROM outbox_entries WHERE id = ?', [id]);
    if (Number(row['newest']) === 1) await x.run(RAISE_SEQ_FLOOR_SQL, [String(row['seq'])]);
    return counted(row);
  }

  /**
   * The counts read from the database through indexes alone (no entry row is read). One
   * statement, so one consistent snapshot. Its cost grows with the number of active entries: it
   * runs on open and after another connection committed.
   */
  async recount(x: SqlExecutor): Promise<OutboxCounts> {
    const [row] = await x.all(RECOUNT_SQL);
    const inFlight = Number(row?.['in_flight'] ?? 0);
    const failed = Number(row?.['failed'] ?? 0);
    return {
      pending: Number(row?.['active'] ?? 0) - inFlight - failed,
      inFlight,
      failed,
      rolledBack: Number(row?.['rolled_back'] ?? 0),
      activeBytes: Number(row?.['active_bytes'] ?? 0),
    };
  }

  /** SQLite's `PRAGMA data_version`: it changes when another connection committed since the last read. */
  async dataVersion(x: SqlExecutor): Promise<number> {
    const [row] = await x.all('PRAGMA data_version');
    return Number(row?.['data_version']);
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

  /** The status and size of the entry with this id, or null. */
  private async counted(x: SqlExecutor, id: string): Promise<CountedRow | null> {
    const [row] = await x.all('SELECT status, size_bytes FROM outbox_entries WHERE id = ?', [id]);
    return row ? counted(row) : null;
  }

  /** The version recorded in `outbox_meta` (0 before the first migration). */
  async schemaVersion(x: SqlExecutor): Promise<number> {
    const [row] = await x.all("SELECT value FROM outbox_meta WHERE key = 'schema_version'");
    return row ? Number(row['value']) : 0;
  }
}
