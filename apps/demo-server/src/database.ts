import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as SqliteDatabase } from 'better-sqlite3-multiple-ciphers';

/** The better-sqlite3 connection type the server uses (plain, unencrypted SQLite). */
export type DemoDatabase = SqliteDatabase;

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS contacts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  notes TEXT
);
CREATE TABLE IF NOT EXISTS activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  activity TEXT NOT NULL,
  date TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS activities_contact ON activities(contact_id);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  stored_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS applied_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  entity_id TEXT NOT NULL,
  at TEXT NOT NULL,
  operation TEXT NOT NULL,
  via TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS key_arrivals (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL
);
`;

/**
 * Opens (creating if needed) the server database at `path`: WAL journal, foreign keys on, schema
 * applied. Throws if the file belongs to a newer schema. `synchronous=NORMAL` keeps every committed
 * transaction across a process crash (only an OS crash may lose the last commits).
 */
export function openDemoDatabase(path: string): DemoDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${path} has schema version ${version}; this server knows ${SCHEMA_VERSION}`);
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
