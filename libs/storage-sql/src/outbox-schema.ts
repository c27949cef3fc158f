/** One step of the outbox schema: applied once, in a transaction, when `version` is new. */
export interface SqlMigration {
  /** The schema version this migration brings the database to (1, 2, ...). */
  readonly version: number;
  /** What the migration does, for the migration log. */
  readonly description: string;
  /** Parameterless statements run in order. */
  readonly statements: readonly string[];
}

/** The statuses that count against limits; the partial index covers exactly these. */
export const ACTIVE_STATUS_SQL = "status IN ('pending', 'in_flight', 'failed')";

/**
 * The `outbox_meta` key of the highest seq ever removed while it was the newest entry: new entries
 * get a seq above it and above every stored one, so a seq is never reused.
 */
export const SEQ_FLOOR_KEY = 'seq_floor';

/**
 * The statuses the `outbox_entries_by_status` partial index covers: every counted one except
 * pending, which new entries have (so an insert never writes to it).
 */
export const NOT_PENDING_STATUS_SQL = "status IN ('in_flight', 'failed', 'rolled_back')";

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

/** `UPDATE outbox_stats` adding the NEW row's contribution and/or removing the OLD row's (schema v1 and v2 only). */
const statsUpdate = (add: boolean, remove: boolean): string =>
  `UPDATE outbox_stats SET ${STAT_TERMS.map(
    ([column, term]) => `${column} = ${column}${add ? ` + ${term('NEW')}` : ''}${remove ? ` - ${term('OLD')}` : ''}`,
  ).join(', ')} WHERE id = 1;`;

/**
 * The one outbox schema shared by every SQL adapter, as ordered migrations. Tables are prefixed
 * `outbox_` so they can live in the app's own database next to its tables.
 * - `outbox_entries`: one row per entry; `seq` is the integer primary key, assigned above every
 *   stored seq and above the `seq_floor` recorded in `outbox_meta` whenever the newest entry is
 *   removed, so a seq is never reused (without AUTOINCREMENT, whose `sqlite_sequence` row would
 *   cost every insert one more page); JSON columns hold payload, rollback data, references and
 *   last error.
 * - `outbox_entries_active`: a partial index on `(seq, status, size_bytes)` over active entries, so
 *   reading the first due entries does not depend on how many entries are stored, and the active
 *   counts can be read from the index alone (`SqlOutboxStorage` keeps them in memory and reads them
 *   again only on open and after another connection committed).
 * - `outbox_entries_by_status`: a partial index over in-flight, failed and rolled-back entries, to
 *   count them without reading the table (pending = active − those); inserts (pending) never
 *   write it.
 * - `outbox_entries_entity_active`: active entries by `(entity_id, seq)`, for coalescing and for
 *   the engine's per-entity reads.
 * - `outbox_id_map`, `outbox_lease`: the temporary-id map and the flush lease.
 * Version 6 adds `server_state` (JSON, NULL when none): the server's state from the last conflict
 * an entry was sent again after.
 * Version 1 kept the counts in an `outbox_stats` row maintained by triggers; version 3 drops them,
 * and version 4 AUTOINCREMENT, so that an insert writes no page besides the row's and its indexes'.
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
];

/** The schema version the newest migration brings a database to. */
export const OUTBOX_SCHEMA_VERSION: number = OUTBOX_MIGRATIONS[OUTBOX_MIGRATIONS.length - 1]?.version ?? 0;
