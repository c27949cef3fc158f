import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createStorageHarness, sqlAppRows } from '@mutation-outbox/testing';
import type { StorageHarness } from '@mutation-outbox/testing';
import { NodeSqliteStorage } from '../src/node-sqlite-storage';
import type { NodeSqliteStorageOptions } from '../src/node-sqlite-storage-options';

/** A fixed raw test key: it skips the passphrase key derivation, which would slow every open. */
export const TEST_RAW_KEY = '3f'.repeat(32);

/** A fresh temporary directory; `remove()` deletes it with everything in it. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-node-sqlite-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For the tests of the calling `describe`: a fresh temporary directory per test, removed after it;
 * `path()` is the database file in it.
 */
export function useTempDatabase(): { path(): string } {
  let temp: ReturnType<typeof tempDir> | null = null;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => {
    temp?.remove();
    temp = null;
  });
  return {
    path: () => {
      if (!temp) throw new Error('useTempDatabase: path() is only available inside a test');
      return join(temp.dir, 'outbox.db');
    },
  };
}

/** Opens a `NodeSqliteStorage` (raw test key unless `options` says otherwise). */
export async function openStorage(path: string, options: Partial<NodeSqliteStorageOptions> = {}): Promise<NodeSqliteStorage> {
  const storage = new NodeSqliteStorage({ path, key: { raw: TEST_RAW_KEY }, ...options });
  await storage.open();
  return storage;
}

/** The contract harness: a real encrypted SQLCipher file in a temporary directory. */
export function createNodeSqliteHarness(): Promise<StorageHarness> {
  const temp = tempDir();
  const path = join(temp.dir, 'outbox.db');
  return createStorageHarness({
    open: () => openStorage(path),
    ...sqlAppRows,
    cleanup: async () => temp.remove(),
  });
}
