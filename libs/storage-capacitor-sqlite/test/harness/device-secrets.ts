import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { SimulatedDevice } from './simulated-device';

/** Opens `file` with the plugin's SQLCipher settings and `passphrase` (quotes escaped). */
export function openKeyed(device: SimulatedDevice, file: string, passphrase: string, readonly = false): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  if (device.kdfIter !== null) db.pragma(`kdf_iter=${device.kdfIter}`);
  db.pragma(`key='${passphrase.replace(/'/g, "''")}'`);
  return db;
}

/** As the plugin's `isDBEncrypted`: a file not starting with "SQLite format" counts as encrypted. */
export function isFileEncrypted(file: string): boolean {
  if (!existsSync(file)) throw new Error(`isDatabaseEncrypted: Database ${file} does not exist`);
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(13);
    const read = readSync(fd, head, 0, 13, 0);
    return head.subarray(0, read).toString('latin1') !== 'SQLite format';
  } finally {
    closeSync(fd);
  }
}

/**
 * What the plugin's `changeEncryptionSecret` does to the files (Electron build: `changePassword`
 * per database): every encrypted `*SQLite.db` of the device is opened with the old passphrase and
 * re-encrypted in place with `PRAGMA rekey`. (The Electron build does not await these rekeys
 * before storing the new secret; the harness does, and fails on the first error.)
 */
export function rekeyDeviceDatabases(device: SimulatedDevice, oldPassphrase: string, newPassphrase: string): void {
  for (const name of readdirSync(device.directory).filter((file) => file.endsWith('SQLite.db'))) {
    const file = join(device.directory, name);
    if (!isFileEncrypted(file)) continue;
    const db = openKeyed(device, file, oldPassphrase);
    try {
      db.pragma(`rekey='${newPassphrase.replace(/'/g, "''")}'`);
    } finally {
      db.close();
    }
  }
}
