import { EntryNotFoundError, OutboxFullError, StorageError } from '@mutation-outbox/core';
import type { EntryPage, EntryPatch, EntryQuery, EntryStatus, NewOutboxEntry, OutboxCounts, OutboxEntry, OutboxLimits } from '@mutation-outbox/core';
import { entityKey } from './entity-key';
import { ENTRY_COLUMNS, INSERT_ENTRY_SQL, MAX_ROWS_PER_INSERT, TOP_SEQ_SQL, appendEntryParams, entryParams, insertRowsSql, patchAssignments, rowToEntry, rowValues } from './entry-row';
import type { EntryTable } from './entry-row';
import { BUSY_STATUS_SQL, SEQ_FLOOR_KEY } from './outbox-schema';
import { isActiveStatus } from './outbox-tally';
import type { SqlRow, SqlValue } from './sql-driver';
import type { SqlExecutor } from './sql-transaction';

const STATUSES: readonly EntryStatus[] = ['pending', 'in_flight', 'succeeded', 'failed', 'rolled_back'];
const ACTIVE_STATUSES = STATUSES.filter(isActiveStatus);
const SETTLED_STATUSES = STATUSES.filter((status) => !isActiveStatus(status));

function assertStatus(status: unknown): asserts status is EntryStatus {
  if (!STATUSES.includes(status as EntryStatus)) throw new StorageError(`Invalid entry status ${JSON.stringify(status)}`);
}

/** The table an entry in `status` is kept in: the queue for active ones, else the settled table. */
const tableOf = (status: EntryStatus): EntryTable => (isActiveStatus(status) ? 'outbox_entries' : 'outbox_settled');

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

/** How many queued entries in `status` (in flight or failed), through their small index. */
const busyCountOf = (status: EntryStatus): string =>
  `(SELECT count(*) FROM outbox_entries INDEXED BY outbox_entries_by_status WHERE ${BUSY_STATUS_SQL} AND status = '${status}')`;

// The entity index (integers only) yields the number and bytes of queued entries without reading
// a row; in-flight and failed ones come from their small index, pending is what remains, and the
// rolled-back ones are counted in the settled table's status index.
const RECOUNT_SQL = `SELECT
  count(*) AS active,
  coalesce(sum(size_bytes), 0) AS active_bytes,
  ${busyCountOf('in_flight')} AS in_flight,
  ${busyCountOf('failed')} AS failed,
  (SELECT count(*) FROM outbox_settled INDEXED BY outbox_settled_by_status WHERE status = 'rolled_back') AS rolled_back
FROM outbox_entries INDEXED BY outbox_entries_entity`;

const RAISE_SEQ_FLOOR_SQL = `INSERT INTO outbox_meta (key, value) VALUES ('${SEQ_FLOOR_KEY}', ?)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(outbox_meta.value AS INTEGER) < CAST(excluded.value AS INTEGER)`;

/** The entry's row wherever it is (the queue first), with the table it is in. */
const LOCATE_SQL = `SELECT 'outbox_entries' AS at, seq = (SELECT max(seq) FROM outbox_entries) AS newest, ${ENTRY_COLUMNS} FROM outbox_entries WHERE id = ?
  UNION ALL SELECT 'outbox_settled', 0, ${ENTRY_COLUMNS} FROM outbox_settled WHERE id = ? LIMIT 1`;

/** A row found by `LOCATE_SQL`. */
interface LocatedRow {
  readonly table: EntryTable;
  readonly newest: boolean;
  readonly row: SqlRow;
}

function counted(row: SqlRow): CountedRow {
  return { status: String(row['status']) as EntryStatus, sizeBytes: Number(row['size_bytes']) };
}

/** `SELECT` of one table's entries after a seq, restricted to `statuses` unless it holds only those. */
function listArm(table: EntryTable, statuses: readonly EntryStatus[]): string {
  const all = table === 'outbox_entries' ? ACTIVE_STATUSES : SETTLED_STATUSES;
  // Statuses are checked against a fixed list, so inlining them is safe; it also lets SQLite see
  // a constant filter.
  const filter = statuses.length < all.length ? ` AND status IN (${statuses.map((status) => `'${status}'`).join(', ')})` : '';
  return `SELECT ${ENTRY_COLUMNS} FROM ${table} WHERE seq > ?${filter}`;
}

/**
 * The outbox's SQL statements over the shared schema, each run on the executor it is given (a
 * transaction or the bare connection). Stateless: nothing read from the database is kept; the
 * counts live in the caller's `OutboxTally`, and the writes report what they changed in them.
 * Active entries live in `outbox_entries`, settled ones in `outbox_settled`; a status change
 * across the two moves the row with its seq.
 */
export class OutboxQueries {
  /**
   * Inserts the entries in order (the caller checked the limits and makes it atomic); returns them
   * with their `seq`. Settled entries go to `outbox_settled` and raise the seq floor, so their
   * seqs are never given again. Throws `StorageError` for an unknown status before writing anything.
   */
  async insert(x: SqlExecutor, entries: readonly NewOutboxEntry[]): Promise<OutboxEntry[]> {
    entries.forEach((entry) => assertStatus(entry.status));
    const [single] = entries;
    if (entries.length === 1 && single && isActiveStatus(single.status)) {
      const { lastInsertRowid } = await x.run(INSERT_ENTRY_SQL, entryParams(single));
      return [{ ...single, seq: Number(lastInsertRowid) }];
    }
    // Several entries (or a settled one): one statement per table and chunk instead of one per
    // entry (one driver call, one bridge call on devices), with seqs counted on from the current
    // top. The parameters come from the entries given (not copies), so `payloadJsonOf` finds the
    // text the engine validated.
    const [row] = await x.all(TOP_SEQ_SQL);
    const top = Number(row?.['top'] ?? 0);
    for (const table of ['outbox_entries', 'outbox_settled'] as const) {
      const positions = entries.flatMap((entry, i) => (tableOf(entry.status) === table ? [i] : []));
      for (let start = 0; start < positions.length; start += MAX_ROWS_PER_INSERT) {
        const chunk = positions.slice(start, start + MAX_ROWS_PER_INSERT);
        const params: SqlValue[] = [];
        for (const i of chunk) {
          params.push(top + 1 + i);
          appendEntryParams(params, entries[i] as NewOutboxEntry);
        }
        await x.run(insertRowsSql(chunk.length, table), params);
      }
      if (table === 'outbox_settled' && positions.length > 0) await x.run(RAISE_SEQ_FLOOR_SQL, [String(top + entries.length)]);
    }
    return entries.map((entry, i) => ({ ...entry, seq: top + 1 + i }));
  }

  /** The entry with this id, or null (each table through its unique index on `id`). */
  async get(x: SqlExecutor, id: string): Promise<OutboxEntry | null> {
    const located = await this.locate(x, id);
    return located ? rowToEntry(located.row) : null;
  }

  /** The newest active entry of an entity, through the `(entity_key, seq)` index. */
  async latestActiveForEntity(x: SqlExecutor, entityId: string): Promise<OutboxEntry | null> {
    const [row] = await x.all(
      `SELECT ${ENTRY_COLUMNS} FROM outbox_entries INDEXED BY outbox_entries_entity WHERE entity_key = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1`,
      [entityKey(entityId), entityId],
    );
    return row ? rowToEntry(row) : null;
  }

  /** The active entries of an entity after a seq, in seq order, through the `(entity_key, seq)` index. */
  async listActiveForEntity(x: SqlExecutor, entityId: string, afterSeq: number): Promise<OutboxEntry[]> {
    const rows = await x.all(
      `SELECT ${ENTRY_COLUMNS} FROM outbox_entries INDEXED BY outbox_entries_entity WHERE entity_key = ? AND entity_id = ? AND seq > ? ORDER BY seq`,
      [entityKey(entityId), entityId, afterSeq],
    );
    return rows.map(rowToEntry);
  }

  /**
   * Keyset paging in seq order. Active statuses walk the queue table by its primary key, settled
   * ones the settled table; asking for both merges the two walks (`UNION ALL ... ORDER BY seq`,
   * which SQLite runs as a merge of two ordered scans), so the first due entries cost the same at
   * any queue depth.
   */
  async list(x: SqlExecutor, query: EntryQuery): Promise<EntryPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1) throw new StorageError(`Invalid query: limit must be an integer of at least 1, got ${query.limit}`);
    if (query.afterSeq !== undefined && !Number.isFinite(query.afterSeq)) throw new StorageError(`Invalid query: afterSeq must be a number, got ${query.afterSeq}`);
    query.statuses?.forEach(assertStatus);
    const wanted = query.statuses ? STATUSES.filter((status) => query.statuses?.includes(status)) : STATUSES;
    const arms: string[] = [];
    const active = wanted.filter(isActiveStatus);
    const settled = wanted.filter((status) => !isActiveStatus(status));
    if (active.length > 0) arms.push(listArm('outbox_entries', active));
    if (settled.length > 0) arms.push(listArm('outbox_settled', settled));
    if (arms.length === 0) return { entries: [], nextAfterSeq: null };
    const afterSeq = query.afterSeq ?? 0;
    const rows = await x.all(`${arms.join(' UNION ALL ')} ORDER BY seq LIMIT ?`, [...arms.map(() => afterSeq), query.limit + 1]);
    const entries = rows.slice(0, query.limit).map(rowToEntry);
    const last = entries[entries.length - 1];
    return { entries, nextAfterSeq: rows.length > query.limit && last ? last.seq : null };
  }

  /**
   * Applies the defined fields of `patch`; `EntryNotFoundError` when no row has this id. A status
   * change between active and settled moves the row to the other table first (same seq). When the
   * patch sets status or size (what the counts depend on), returns the row's before and after.
   */
  async update(x: SqlExecutor, id: string, patch: EntryPatch): Promise<{ before: CountedRow; after: CountedRow } | null> {
    if (patch.status !== undefined) assertStatus(patch.status);
    const { sql, params } = patchAssignments(patch);
    if (patch.status === undefined && patch.sizeBytes === undefined) {
      if (sql === '') {
        if (!(await this.locate(x, id))) throw new EntryNotFoundError(id);
        return null;
      }
      for (const table of ['outbox_entries', 'outbox_settled'] as const) {
        if ((await x.run(`UPDATE ${table} SET ${sql} WHERE id = ?`, [...params, id])).changes > 0) return null;
      }
      throw new EntryNotFoundError(id);
    }
    const located = await this.locate(x, id);
    if (!located) throw new EntryNotFoundError(id);
    const before = counted(located.row);
    const table = tableOf(patch.status ?? before.status);
    if (table !== located.table) await this.move(x, located, table);
    await x.run(`UPDATE ${table} SET ${sql} WHERE id = ?`, [...params, id]);
    return { before, after: { status: patch.status ?? before.status, sizeBytes: patch.sizeBytes ?? before.sizeBytes } };
  }

  /**
   * Deletes the entry; a missing id is not an error. Returns the removed row's status and size, or
   * null. Removing the newest entry records its seq as the floor of later ones (never reused).
   */
  async remove(x: SqlExecutor, id: string): Promise<CountedRow | null> {
    const located = await this.locate(x, id);
    if (!located) return null;
    await this.deleteRow(x, located);
    return counted(located.row);
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
      `UPDATE outbox_entries INDEXED BY outbox_entries_by_status SET status = 'pending', next_attempt_at = NULL, updated_at = ? WHERE ${BUSY_STATUS_SQL} AND status = 'in_flight'`,
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

  /**
   * One upsert that changes the row only if it is free, expired, already ours, or expiring
   * further ahead than its holder's ttl (set before the wall clock moved back: no holder renews
   * that far; a row from before version 8 is judged by the caller's ttl).
   */
  async acquireLease(x: SqlExecutor, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const { changes } = await x.run(
      `INSERT INTO outbox_lease (id, owner, expires_at, ttl_ms) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, ttl_ms = excluded.ttl_ms
       WHERE outbox_lease.owner = excluded.owner OR outbox_lease.expires_at <= ?
          OR outbox_lease.expires_at > ? + (CASE WHEN outbox_lease.ttl_ms > 0 THEN outbox_lease.ttl_ms ELSE excluded.ttl_ms END)`,
      [owner, now + ttlMs, ttlMs, now, now],
    );
    return changes > 0;
  }

  /** Moves the expiry of the lease row if `owner` still holds it. */
  async renewLease(x: SqlExecutor, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const { changes } = await x.run('UPDATE outbox_lease SET expires_at = ?, ttl_ms = ? WHERE id = 1 AND owner = ?', [now + ttlMs, ttlMs, owner]);
    return changes > 0;
  }

  /** Deletes the lease row if `owner` holds it. */
  async releaseLease(x: SqlExecutor, owner: string): Promise<void> {
    await x.run('DELETE FROM outbox_lease WHERE id = 1 AND owner = ?', [owner]);
  }

  /** The row with this id and the table it is in, or null. */
  private async locate(x: SqlExecutor, id: string): Promise<LocatedRow | null> {
    const [row] = await x.all(LOCATE_SQL, [id, id]);
    return row ? { table: row['at'] as EntryTable, newest: Number(row['newest']) === 1, row } : null;
  }

  /** Deletes a located row; the newest queued entry leaves its seq as the floor of later ones. */
  private async deleteRow(x: SqlExecutor, located: LocatedRow): Promise<void> {
    await x.run(`DELETE FROM ${located.table} WHERE seq = ?`, [located.row['seq'] ?? null]);
    if (located.newest) await x.run(RAISE_SEQ_FLOOR_SQL, [String(located.row['seq'])]);
  }

  /** Moves a located row, as it is, to `table` (delete first: ids are unique across both tables). */
  private async move(x: SqlExecutor, located: LocatedRow, table: EntryTable): Promise<void> {
    await this.deleteRow(x, located);
    await x.run(insertRowsSql(1, table), rowValues(located.row));
  }

  /** The version recorded in `outbox_meta` (0 before the first migration). */
  async schemaVersion(x: SqlExecutor): Promise<number> {
    const [row] = await x.all("SELECT value FROM outbox_meta WHERE key = 'schema_version'");
    return row ? Number(row['value']) : 0;
  }
}
