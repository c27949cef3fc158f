import * as SQLite from '@journeyapps/wa-sqlite';
import type { WebSqliteVfs, WorkerKey, WorkerOpened } from './worker-protocol';

/** An open, keyed database in the worker: the wa-sqlite API and the connection handle. */
export interface CipherDatabase {
  readonly sqlite3: SQLiteAPI;
  readonly db: number;
  readonly vfs: WebSqliteVfs;
}

interface LoadedVfs {
  readonly sqlite3: SQLiteAPI;
  /** The VFS itself: reads and writes the file as it is. */
  readonly plainVfsName: string;
  /** The cipher shim over it: what the database is opened with. */
  readonly vfsName: string;
}

/** Whether this context can use OPFS sync access handles (a dedicated worker in a recent browser). */
export async function opfsSyncAvailable(): Promise<boolean> {
  const handle = (globalThis as { FileSystemFileHandle?: { prototype: object } }).FileSystemFileHandle;
  if (!handle || !('createSyncAccessHandle' in handle.prototype) || !navigator.storage?.getDirectory) return false;
  try {
    await navigator.storage.getDirectory();
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads the SQLite3MultipleCiphers build that fits the VFS (synchronous for OPFSCoopSyncVFS,
 * Asyncify for IDBBatchAtomicVFS), registers the VFS, and wraps it in the cipher VFS shim
 * (`sqlite3mc_vfs_create`) so every page written through it is encrypted.
 */
async function loadVfs(vfs: WebSqliteVfs): Promise<LoadedVfs> {
  const { default: factory } =
    vfs === 'opfs' ? await import('@journeyapps/wa-sqlite/dist/mc-wa-sqlite.mjs') : await import('@journeyapps/wa-sqlite/dist/mc-wa-sqlite-async.mjs');
  const module = await factory();
  const sqlite3 = SQLite.Factory(module);
  const name = `outbox-${vfs}`;
  const instance =
    vfs === 'opfs'
      ? await (await import('@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js')).OPFSCoopSyncVFS.create(name, module)
      : await (await import('@journeyapps/wa-sqlite/src/examples/IDBBatchAtomicVFS.js') as unknown as IdbVfsModule).IDBBatchAtomicVFS.create(name, module);
  sqlite3.vfs_register(instance, true);
  const rc = module.ccall('sqlite3mc_vfs_create', 'number', ['string', 'number'], [name, 1]) as number;
  if (rc !== SQLite.SQLITE_OK) throw new SQLite.SQLiteError(`sqlite3mc_vfs_create(${name}) failed`, rc);
  return { sqlite3, plainVfsName: name, vfsName: `multipleciphers-${name}` };
}

interface IdbVfsModule {
  IDBBatchAtomicVFS: { create(name: string, module: unknown): Promise<SQLiteVFS> };
}

/**
 * Whether the file `name` holds no page yet. Read through the plain VFS: an empty or missing file
 * has 0 pages; an encrypted one cannot even be read without its key (NOTADB), so it is not new.
 */
async function isNewDatabase(sqlite3: SQLiteAPI, name: string, plainVfsName: string): Promise<boolean> {
  const db = await sqlite3.open_v2(name, SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE, plainVfsName);
  try {
    let pages = -1;
    await sqlite3.exec(db, 'PRAGMA page_count', (row) => {
      pages = Number(row[0]);
    });
    return pages === 0;
  } catch {
    return false;
  } finally {
    await sqlite3.close(db);
  }
}

/** The `PRAGMA key` (or `rekey`) statement for a key: quotes escaped, raw keys as SQLCipher's `x'..'`. */
export function keyStatement(pragma: 'key' | 'rekey', key: WorkerKey): string {
  return 'raw' in key ? `PRAGMA ${pragma} = "x'${key.raw}'"` : `PRAGMA ${pragma} = '${key.passphrase.replace(/'/g, "''")}'`;
}

/**
 * Opens (creating when missing) the encrypted database `name` on the chosen VFS, with the cipher
 * settings SQLCipher 4 and better-sqlite3-multiple-ciphers read (`cipher = 'sqlcipher'`,
 * `legacy = 4`), then proves the key with a real read before anything is written: a wrong key
 * throws SQLite's NOTADB and leaves the file untouched. Commits are durable (`synchronous = FULL`).
 */
export async function openCipherDatabase(name: string, key: WorkerKey, vfs: WebSqliteVfs): Promise<CipherDatabase & WorkerOpened> {
  const { sqlite3, plainVfsName, vfsName } = await loadVfs(vfs);
  const isNew = await isNewDatabase(sqlite3, name, plainVfsName);
  const db = await sqlite3.open_v2(name, SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE, vfsName);
  try {
    await sqlite3.exec(db, "PRAGMA cipher = 'sqlcipher'");
    await sqlite3.exec(db, 'PRAGMA legacy = 4');
    // PRAGMA key reads the salt (the file's first 16 bytes) at once, but OPFSCoopSyncVFS opens its
    // access handle only when SQLite first locks the file, and a read before that does not reach
    // the file: touch it first (the read fails without a key, which is expected), then key it.
    await sqlite3.exec(db, 'SELECT count(*) FROM sqlite_master').catch(() => undefined);
    await sqlite3.exec(db, keyStatement('key', key));
    // A new, empty file has no salt to read: re-keying it draws a random one (and, for a
    // passphrase, derives the key over it), as SQLCipher does when it creates a database.
    if (isNew) await sqlite3.exec(db, keyStatement('rekey', key));
    let tables = 0;
    await sqlite3.exec(db, 'SELECT count(*) FROM sqlite_master', (row) => {
      tables = Number(row[0]);
    });
    await sqlite3.exec(db, 'PRAGMA synchronous = FULL');
    return { sqlite3, db, vfs, empty: tables === 0 };
  } catch (error) {
    await sqlite3.close(db).catch(() => undefined);
    throw error;
  }
}
