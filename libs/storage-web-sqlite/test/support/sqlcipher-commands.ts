import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';

/** What `openWithSqlCipher` found in a database file copied out of the browser. */
export interface SqlCipherReport {
  readonly tables: string[];
  readonly rows: Record<string, unknown>[];
}

/**
 * Node-side commands for the browser tests (`commands.openWithSqlCipher(...)` in a test): open a
 * database file copied out of OPFS with better-sqlite3-multiple-ciphers, SQLCipher 4 settings and
 * the given key, and return its tables and the rows of `query`.
 */
export const sqlCipherCommands = {
  openWithSqlCipher(_context: unknown, base64: string, keyPragma: string, query: string): SqlCipherReport {
    const dir = mkdtempSync(join(tmpdir(), 'web-sqlite-copy-'));
    try {
      const path = join(dir, 'copy.db');
      writeFileSync(path, Buffer.from(base64, 'base64'));
      const db = new Database(path);
      try {
        db.pragma("cipher = 'sqlcipher'");
        db.pragma('legacy = 4');
        db.pragma(keyPragma);
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
        const rows = db.prepare(query).all() as Record<string, unknown>[];
        return { tables: tables.map((t) => t.name), rows };
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
