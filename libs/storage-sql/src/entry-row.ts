import { payloadJsonOf } from '@mutation-outbox/core';
import type { EntryPatch, JsonValue, NewOutboxEntry, OutboxEntry } from '@mutation-outbox/core';
import { entityKey } from './entity-key';
import { SEQ_FLOOR_KEY } from './outbox-schema';
import type { SqlRow, SqlValue } from './sql-driver';

/** Columns of `outbox_entries` (and `outbox_settled`) in the order `entryParams` binds them (seq excluded). */
const INSERT_COLUMNS = [
  'id',
  'idempotency_key',
  'type',
  'entity_id',
  'partition_key',
  'payload',
  'expected_version',
  'rollback_data',
  'refs',
  'status',
  'attempts',
  'next_attempt_at',
  'last_error',
  'created_at',
  'updated_at',
  'size_bytes',
  'server_state',
  'entity_key',
] as const;

/** Every column, for SELECTs (and, in this order, for moving a row between the two tables). */
export const ENTRY_COLUMNS = `seq, ${INSERT_COLUMNS.join(', ')}`;

/** The tables an entry can be in: the queue, or the settled (rolled-back, succeeded) entries. */
export type EntryTable = 'outbox_entries' | 'outbox_settled';

/** A new entry's seq: above every stored seq and above the recorded floor, so never a reused one. */
const NEXT_SEQ_SQL = `(SELECT max((SELECT coalesce(max(seq), 0) FROM outbox_entries), coalesce((SELECT CAST(value AS INTEGER) FROM outbox_meta WHERE key = '${SEQ_FLOOR_KEY}'), 0)) + 1)`;

/** The INSERT of one entry, assigning its seq; bind `entryParams(entry)`. */
export const INSERT_ENTRY_SQL = `INSERT INTO outbox_entries (seq, ${INSERT_COLUMNS.join(', ')}) VALUES (${NEXT_SEQ_SQL}, ${INSERT_COLUMNS.map(() => '?').join(', ')})`;

/** The seq the next entry would get (`top + 1`), for inserting several rows with explicit seqs. */
export const TOP_SEQ_SQL = `SELECT ${NEXT_SEQ_SQL} - 1 AS top`;

/** Most rows per multi-row INSERT: 19 parameters each stay under SQLite's oldest limit of 999. */
export const MAX_ROWS_PER_INSERT = 50;

const ROW_PLACEHOLDERS = `(${['seq', ...INSERT_COLUMNS].map(() => '?').join(', ')})`;

const insertRowsSqlByKey = new Map<string, string>();

/**
 * The INSERT into `table` of `rows` entries with explicit seqs; bind `[seq, ...entryParams(entry)]`
 * (or a row's `ENTRY_COLUMNS` values) for each. The same string for the same table and count
 * (built once), so drivers keying prepared statements by SQL text hash it once.
 */
export function insertRowsSql(rows: number, table: EntryTable = 'outbox_entries'): string {
  const key = `${table}:${rows}`;
  let sql = insertRowsSqlByKey.get(key);
  if (sql === undefined) {
    sql = `INSERT INTO ${table} (${ENTRY_COLUMNS}) VALUES ${Array.from({ length: rows }, () => ROW_PLACEHOLDERS).join(', ')}`;
    insertRowsSqlByKey.set(key, sql);
  }
  return sql;
}

/** A selected row's values in `ENTRY_COLUMNS` order, to insert it as it is into the other table. */
export function rowValues(row: SqlRow): SqlValue[] {
  return ['seq', ...INSERT_COLUMNS].map((column) => row[column] ?? null);
}

const json = (value: unknown): string => JSON.stringify(value);
const jsonOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Bind parameters of `INSERT_ENTRY_SQL` for an entry. */
export function entryParams(entry: NewOutboxEntry): SqlValue[] {
  return appendEntryParams([], entry);
}

/** Pushes the entry's bind parameters (those of `entryParams`) onto `params`; returns it. */
export function appendEntryParams(params: SqlValue[], entry: NewOutboxEntry): SqlValue[] {
  params.push(
    entry.id,
    entry.idempotencyKey,
    entry.type,
    entry.entityId,
    entry.partitionKey,
    payloadJsonOf(entry),
    entry.expectedVersion,
    jsonOrNull(entry.rollbackData),
    json(entry.references),
    entry.status,
    entry.attempts,
    entry.nextAttemptAt,
    jsonOrNull(entry.lastError),
    entry.createdAt,
    entry.updatedAt,
    entry.sizeBytes,
    entry.serverState === undefined ? null : json(entry.serverState),
    entityKey(entry.entityId),
  );
  return params;
}

const PATCH_COLUMNS: { readonly [K in keyof Required<EntryPatch>]: [column: string, encode: (value: NonNullable<EntryPatch[K]> | null) => SqlValue] } = {
  status: ['status', (v) => v],
  attempts: ['attempts', (v) => v],
  nextAttemptAt: ['next_attempt_at', (v) => v],
  lastError: ['last_error', jsonOrNull],
  payload: ['payload', json],
  expectedVersion: ['expected_version', (v) => v],
  rollbackData: ['rollback_data', jsonOrNull],
  references: ['refs', json],
  updatedAt: ['updated_at', (v) => v],
  sizeBytes: ['size_bytes', (v) => v],
  serverState: ['server_state', json],
};

/**
 * `SET a = ?, b = ?` and its parameters for the fields present in `patch` (undefined fields are
 * left alone). Keys are taken from a fixed list, so the SQL text never contains caller input.
 */
export function patchAssignments(patch: EntryPatch): { sql: string; params: SqlValue[] } {
  const columns: string[] = [];
  const params: SqlValue[] = [];
  for (const key of Object.keys(PATCH_COLUMNS) as (keyof EntryPatch)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    const [column, encode] = PATCH_COLUMNS[key] as [string, (v: unknown) => SqlValue];
    columns.push(`${column} = ?`);
    params.push(encode(value));
  }
  return { sql: columns.join(', '), params };
}

const num = (value: SqlValue | undefined): number => Number(value);
const numOrNull = (value: SqlValue | undefined): number | null => (value === null || value === undefined ? null : Number(value));
const parse = (value: SqlValue | undefined): unknown => JSON.parse(String(value));
const parseOrNull = (value: SqlValue | undefined): unknown => (value === null || value === undefined ? null : parse(value));

/** The entry stored in a row selected with `ENTRY_COLUMNS`. */
export function rowToEntry(row: SqlRow): OutboxEntry {
  return {
    id: String(row['id']),
    seq: num(row['seq']),
    idempotencyKey: String(row['idempotency_key']),
    type: String(row['type']),
    entityId: String(row['entity_id']),
    partitionKey: String(row['partition_key']),
    payload: parse(row['payload']) as OutboxEntry['payload'],
    expectedVersion: numOrNull(row['expected_version']),
    rollbackData: parseOrNull(row['rollback_data']) as OutboxEntry['rollbackData'],
    references: parse(row['refs']) as string[],
    status: String(row['status']) as OutboxEntry['status'],
    attempts: num(row['attempts']),
    nextAttemptAt: numOrNull(row['next_attempt_at']),
    lastError: parseOrNull(row['last_error']) as OutboxEntry['lastError'],
    createdAt: num(row['created_at']),
    updatedAt: num(row['updated_at']),
    sizeBytes: num(row['size_bytes']),
    ...(row['server_state'] === null || row['server_state'] === undefined ? {} : { serverState: parse(row['server_state']) as JsonValue }),
  };
}
