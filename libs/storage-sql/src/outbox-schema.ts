import { entityKey } from './entity-key';
import type { SqlDriver } from './sql-driver';

/** One step of the outbox schema: applied once, in a transaction, when `version` is new. */
export interface SqlMigration {
  /** The schema version this migration brings the database to (1, 2, ...). */
  readonly version: number;
  /** What the migration does, for the migration log. */
  readonly description: string;
  /** Parameterless statements run in order. */
  readonly statements: readonly string[];
  /** Data the statements cannot compute, filled in after them, in the same transaction. */
  readonly backfill?: (driver: SqlDriver) => Promise<void>;
}

/** The statuses that count against limits: the entries of `outbox_entries` (schema v7 on). */
const ACTIVE_STATUS_SQL = "status IN ('pending', 'in_flight', 'failed')";

/** The statuses of the entries kept in `outbox_settled` (schema v7 on). */
const SETTLED_STATUS_SQL = "status IN ('succeeded', 'rolled_back')";

/** The statuses the `outbox_entries_by_status` partial index covers (v7): the active ones but pending. */
export const BUSY_STATUS_SQL = "status IN ('in_flight', 'failed')";

/**
 * The `outbox_meta` key of the highest seq ever removed while it was the newest entry: new entries
 * get a seq above it and above every stored one, so a seq is never reused.
 */
export const SEQ_FLOOR_KEY = 'seq_floor';

/** The statuses the `outbox_entries_by_status` partial index covered in schema v5 and v6. */
const NOT_PENDING_STATUS_SQL = "status IN ('in_flight', 'failed', 'rolled_back')";

const STAT_TERMS: readonly [column: string, term: (row: string) => string][] = [
  ['pending', (row) => `(${row}.status = 'pending')`],
  ['in_flight', (row) => `(${row}.status = 'in_flight')`],
  ['failed', (row) => `(${row}.status = 'failed')`],
  ['rolled_back', (row) => `(${row}.status = 'rolled_back')`],
  ['active_bytes', (row) => `(CASE WHEN ${row}.${ACTIVE_STATUS_SQL} THEN ${row}.size_bytes ELSE 0 END)`],
];

/** The columns of `outbox_entries` after `seq` as versions 1 to 5 created them (v6 adds `server_state`). */
const ENTRY_COLUMNS_SQL = `
        id TEXT NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL,
        type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        expected_version INTEGER,
        rollback_data TEXT,
        refs TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'succeeded', 'failed', 'rolled_back')),
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0)`;

const COPIED_COLUMNS =
  'seq, id, idempotency_key, type, entity_id, partition_key, payload, expected_version, rollback_data, refs, status, attempts, next_attempt_at, last_error, created_at, updated_at, size_bytes';

const ACTIVE_INDEX_SQL = `CREATE INDEX outbox_entries_active ON outbox_entries (seq, status, size_bytes) WHERE ${ACTIVE_STATUS_SQL}`;
const ROLLED_BACK_INDEX_SQL = "CREATE INDEX outbox_entries_rolled_back ON outbox_entries (status) WHERE status = 'rolled_back'";
const BY_STATUS_INDEX_SQL = `CREATE INDEX outbox_entries_by_status ON outbox_entries (status) WHERE ${NOT_PENDING_STATUS_SQL}`;
const ENTITY_INDEX_SQL = `CREATE INDEX outbox_entries_entity_active ON outbox_entries (entity_id, seq) WHERE ${ACTIVE_STATUS_SQL}`;

/** Every column of `outbox_entries` as of v7, in table order, for moving rows between the two tables. */
const V7_COLUMNS = `${COPIED_COLUMNS}, server_state, entity_key`;

/** A trigger refusing an insert into `table` of an id that `other` holds: ids are unique across both. */
const uniqueAcross = (table: string, other: string): string =>
  `CREATE TRIGGER ${table}_unique_id BEFORE INSERT ON ${table} WHEN EXISTS (SELECT 1 FROM ${other} WHERE id = NEW.id)
   BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: ${table}.id (the id is taken in ${other})'); END`;

/** Fills `entity_key` of every row of both tables (v7). */
async function backfillEntityKeys(driver: SqlDriver): Promise<void> {
  for (const table of ['outbox_entries', 'outbox_settled']) {
    for (const row of await driver.all(`SELECT seq, entity_id FROM ${table}`)) {
      await driver.run(`UPDATE ${table} SET entity_key = ? WHERE seq = ?`, [entityKey(String(row['entity_id'])), row['seq'] ?? null]);
    }
  }
}

/** `UPDATE outbox_stats` adding the NEW row's contribution and/or removing the OLD row's (schema v1 and v2 only). */
const statsUpdate = (add: boolean, remove: boolean): string =>
  `UPDATE outbox_stats SET ${STAT_TERMS.map(
    ([column, term]) => `${column} = ${column}${add ? ` + ${term('NEW')}` : ''}${remove ? ` - ${term('OLD')}` : ''}`,
  ).join(', ')} WHERE id = 1;`;

/**
 * The one outbox schema shared by every SQL adapter, as ordered migrations. Tables are prefixed
 * `outbox_` so they can live in the app's own database next to its tables. As of version 7:
 * - `outbox_entries`: the queue, one row per active (pending, in-flight or failed) entry, so
 *   walking it in `seq` order reads the first due entries at any depth. `seq` is the integer
 *   primary key, assigned above every stored seq and above the `seq_floor` recorded in
 *   `outbox_meta` whenever the newest entry leaves the table, so a seq is never reused (without
 *   AUTOINCREMENT, whose `sqlite_sequence` row would cost every insert one more page); JSON columns
 *   hold payload, rollback data, references, last error and `server_state` (the server's state
 *   from the last conflict an entry was sent again after); `entity_key` is `entityKey(entity_id)`.
 * - `outbox_settled`: the same columns, for rolled-back (and succeeded) entries, which move there
 *   with their seq; ids are unique across both tables (a trigger on each).
 * - `outbox_entries_entity`: `(entity_key, seq, size_bytes)` over the queue, for coalescing and
 *   the engine's per-entity reads, and small enough (integers only) that the active counts are
 *   read from it alone (`SqlOutboxStorage` keeps them in memory and reads them again only on open
 *   and after another connection committed).
 * - `outbox_entries_by_status`: in-flight and failed entries by status, to count them without
 *   reading the table (pending = active − those); inserts (pending) never write it.
 *   `outbox_settled_by_status` counts the rolled-back ones.
 * - `outbox_id_map`, `outbox_lease`: the temporary-id map and the flush lease (owner, expiry and
 *   the holder's ttl, version 8).
 * So an enqueue writes three b-trees (the table, its id index, the entity index), as few as the
 * raw limit's outbox. Version 1 kept the counts in an `outbox_stats` row maintained by triggers;
 * version 3 drops them, version 4 AUTOINCREMENT and version 7 the `outbox_entries_active` index
 * (the table itself now holds only the queue).
 */
export const OUTBOX_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    description: 'outbox entries, stats, id map and lease',
    statements: [
      `CREATE TABLE outbox_entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, ${ENTRY_COLUMNS_SQL})`,
      `CREATE INDEX outbox_entries_active ON outbox_entries (seq) WHERE ${ACTIVE_STATUS_SQL}`,
      `CREATE TABLE outbox_stats (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pending INTEGER NOT NULL,
        in_flight INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        rolled_back INTEGER NOT NULL,
        active_bytes INTEGER NOT NULL
      )`,
      `INSERT INTO outbox_stats (id, pending, in_flight, failed, rolled_back, active_bytes) VALUES (1, 0, 0, 0, 0, 0)`,
      `CREATE TRIGGER outbox_entries_counts_insert AFTER INSERT ON outbox_entries BEGIN ${statsUpdate(true, false)} END`,
      `CREATE TRIGGER outbox_entries_counts_update AFTER UPDATE OF status, size_bytes ON outbox_entries BEGIN ${statsUpdate(true, true)} END`,
      `CREATE TRIGGER outbox_entries_counts_delete AFTER DELETE ON outbox_entries BEGIN ${statsUpdate(false, true)} END`,
      `CREATE TABLE outbox_id_map (temp_id TEXT PRIMARY KEY, server_id TEXT NOT NULL) WITHOUT ROWID`,
      `CREATE TABLE outbox_lease (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
    ],
  },
  {
    version: 2,
    description: 'index of active entries by entity, for coalescing',
    statements: [ENTITY_INDEX_SQL],
  },
  {
    version: 3,
    description: 'counts kept by the storage: no stats row or triggers; count-covering indexes',
    statements: [
      'DROP TRIGGER outbox_entries_counts_insert',
      'DROP TRIGGER outbox_entries_counts_update',
      'DROP TRIGGER outbox_entries_counts_delete',
      'DROP TABLE outbox_stats',
      'DROP INDEX outbox_entries_active',
      ACTIVE_INDEX_SQL,
      ROLLED_BACK_INDEX_SQL,
    ],
  },
  {
    version: 4,
    description: 'seq without AUTOINCREMENT: the high-water mark is kept in outbox_meta when the newest entries are removed',
    statements: [
      `CREATE TABLE outbox_entries_v4 (seq INTEGER PRIMARY KEY, ${ENTRY_COLUMNS_SQL})`,
      `INSERT INTO outbox_entries_v4 (${COPIED_COLUMNS}) SELECT ${COPIED_COLUMNS} FROM outbox_entries`,
      `INSERT INTO outbox_meta (key, value) SELECT '${SEQ_FLOOR_KEY}', CAST(seq AS TEXT) FROM sqlite_sequence WHERE name = 'outbox_entries'
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      'DROP TABLE outbox_entries',
      'ALTER TABLE outbox_entries_v4 RENAME TO outbox_entries',
      ACTIVE_INDEX_SQL,
      ROLLED_BACK_INDEX_SQL,
      ENTITY_INDEX_SQL,
    ],
  },
  {
    version: 5,
    description: 'in-flight, failed and rolled-back entries indexed by status: a recount reads no status of a pending entry',
    statements: ['DROP INDEX outbox_entries_rolled_back', BY_STATUS_INDEX_SQL],
  },
  {
    version: 6,
    description: "server_state: the server's state from the last conflict an entry was sent again after, for its rollback",
    statements: ['ALTER TABLE outbox_entries ADD COLUMN server_state TEXT'],
  },
  {
    version: 7,
    description: 'settled entries in outbox_settled; the entity index keyed by entity_key counts the queue: an insert writes one b-tree less',
    statements: [
      'ALTER TABLE outbox_entries ADD COLUMN entity_key INTEGER NOT NULL DEFAULT 0',
      `CREATE TABLE outbox_settled (seq INTEGER PRIMARY KEY, ${ENTRY_COLUMNS_SQL}, server_state TEXT, entity_key INTEGER NOT NULL DEFAULT 0)`,
      `INSERT INTO outbox_settled (${V7_COLUMNS}) SELECT ${V7_COLUMNS} FROM outbox_entries WHERE ${SETTLED_STATUS_SQL}`,
      `INSERT INTO outbox_meta (key, value) SELECT '${SEQ_FLOOR_KEY}', CAST(max(seq) AS TEXT) FROM outbox_settled HAVING count(*) > 0
       ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(outbox_meta.value AS INTEGER) < CAST(excluded.value AS INTEGER)`,
      `DELETE FROM outbox_entries WHERE ${SETTLED_STATUS_SQL}`,
      'DROP INDEX outbox_entries_active',
      'DROP INDEX outbox_entries_entity_active',
      'DROP INDEX outbox_entries_by_status',
      'CREATE INDEX outbox_entries_entity ON outbox_entries (entity_key, seq, size_bytes)',
      `CREATE INDEX outbox_entries_by_status ON outbox_entries (status) WHERE ${BUSY_STATUS_SQL}`,
      'CREATE INDEX outbox_settled_by_status ON outbox_settled (status)',
      uniqueAcross('outbox_entries', 'outbox_settled'),
      uniqueAcross('outbox_settled', 'outbox_entries'),
    ],
    backfill: backfillEntityKeys,
  },
  {
    version: 8,
    description: "the lease keeps its holder's ttl: a lease expiring further ahead than that was set before the wall clock moved back",
    statements: ['ALTER TABLE outbox_lease ADD COLUMN ttl_ms INTEGER NOT NULL DEFAULT 0'],
  },
];

/** The schema version the newest migration brings a database to. */
export const OUTBOX_SCHEMA_VERSION: number = OUTBOX_MIGRATIONS[OUTBOX_MIGRATIONS.length - 1]?.version ?? 0;
