import Database from 'better-sqlite3-multiple-ciphers';

/** How the bench keys a SQLCipher database. */
export type BenchKey = { readonly kind: 'passphrase'; readonly passphrase: string } | { readonly kind: 'raw'; readonly hex: string };

/**
 * Opens a SQLCipher database exactly as the Node storage does (cipher sqlcipher, legacy 4, key,
 * temp_store MEMORY (SQLCipher does not encrypt temporary files), a validating read, then WAL and `synchronous`), with nothing else on top: the limit variants.
 */
export function openRawSqlCipher(path: string, key: BenchKey, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Database.Database {
  const db = new Database(path);
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(key.kind === 'raw' ? `key = "x'${key.hex}'"` : `key = '${key.passphrase.replace(/'/g, "''")}'`);
  db.pragma('temp_store = MEMORY');
  db.prepare('SELECT count(*) FROM sqlite_master').get();
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  return db;
}

/** The minimal durable outbox table: order, a unique id, the payload. */
export const RAW_OUTBOX_SCHEMA = `CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL
)`;

/** The raw outbox's statements, prepared once. */
export interface RawOutbox {
  readonly db: Database.Database;
  /** One INSERT (in a transaction of its own unless the caller opened one). */
  insert(id: string, entityId: string, payload: string): void;
  /** Inserts `rows` in ONE transaction. */
  insertMany(rows: ReadonlyArray<readonly [id: string, entityId: string, payload: string]>): void;
  /** The first `limit` rows in seq order. */
  firstPage(limit: number): Array<{ seq: number; id: string; entity_id: string; payload: string }>;
  /** Deletes one row (a transaction of its own). */
  remove(seq: number): void;
  /** Deletes rows in ONE transaction. */
  removeMany(seqs: readonly number[]): void;
  /** Deletes every row with seq above `seq` (untimed cleanup between repetitions). */
  truncateAfter(seq: number): void;
  /** The highest seq stored (0 when empty). */
  maxSeq(): number;
}

/** Creates the raw outbox table (if missing) on an open database and prepares its statements. */
export function rawOutbox(db: Database.Database): RawOutbox {
  db.exec(RAW_OUTBOX_SCHEMA);
  const insert = db.prepare('INSERT INTO outbox (id, type, entity_id, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  const page = db.prepare('SELECT seq, id, entity_id, payload FROM outbox ORDER BY seq LIMIT ?');
  const remove = db.prepare('DELETE FROM outbox WHERE seq = ?');
  const truncate = db.prepare('DELETE FROM outbox WHERE seq > ?');
  const max = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM outbox');
  const insertMany = db.transaction((rows: ReadonlyArray<readonly [string, string, string]>) => {
    const now = Date.now();
    for (const [id, entityId, payload] of rows) insert.run(id, 'contact.update', entityId, payload, now);
  });
  const removeMany = db.transaction((seqs: readonly number[]) => {
    for (const seq of seqs) remove.run(seq);
  });
  return {
    db,
    insert: (id, entityId, payload) => void insert.run(id, 'contact.update', entityId, payload, Date.now()),
    insertMany: (rows) => insertMany(rows),
    firstPage: (limit) => page.all(limit) as Array<{ seq: number; id: string; entity_id: string; payload: string }>,
    remove: (seq) => void remove.run(seq),
    removeMany: (seqs) => removeMany(seqs),
    truncateAfter: (seq) => void truncate.run(seq),
    maxSeq: () => (max.get() as { seq: number }).seq,
  };
}
