import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, EncryptionKeyError, StorageLockedError } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import type { SqlTransaction } from '@mutation-outbox/storage-sql';
import { changeSqlCipherKey } from './change-sqlcipher-key';
import { NodeSqliteStorage } from './node-sqlite-storage';
import type { SqlCipherKey } from './node-sqlite-storage-options';
import { useTempDatabase } from '../test/node-sqlite-harness';

const LIMITS = { maxEntries: 10_000, maxBytes: 10_000_000 };
const OLD = 'the old passphrase';
const RAW_HEX = 'a7'.repeat(32);

async function opened(path: string, key: SqlCipherKey): Promise<NodeSqliteStorage> {
  const storage = new NodeSqliteStorage({ path, key });
  await storage.open();
  return storage;
}

async function opensWith(path: string, key: SqlCipherKey): Promise<boolean> {
  const storage = new NodeSqliteStorage({ path, key });
  try {
    await storage.open();
    await storage.close();
    return true;
  } catch (error) {
    if (error instanceof EncryptionKeyError) return false;
    throw error;
  }
}

describe('NodeSqliteStorage.changeKey', () => {
  const database = useTempDatabase();

  it('on an open storage: calls made during the change wait and land in the re-encrypted file', async () => {
    const storage = await opened(database.path(), OLD);
    await storage.append([newEntry(1)], LIMITS);
    const change = storage.changeKey(OLD, { raw: RAW_HEX });
    const during = storage.append([newEntry(2)], LIMITS);
    expect(await change).toBe('changed');
    await during;
    expect((await storage.counts()).pending).toBe(2);
    await storage.close();
    expect(await opensWith(database.path(), OLD)).toBe(false);
    const again = await opened(database.path(), { raw: Uint8Array.from(Buffer.from(RAW_HEX, 'hex')) });
    expect((await again.list({ limit: 10 })).entries.map((e) => e.id)).toEqual(['e1', 'e2']);
    await again.close();
  });

  it('raw key to passphrase and back, WAL mode restored on the next open, no copy left behind', async () => {
    const first = await opened(database.path(), { raw: RAW_HEX });
    await first.append([newEntry(1)], LIMITS);
    await first.close();
    expect(await first.changeKey({ raw: RAW_HEX }, 'a new passphrase')).toBe('changed');
    expect(await first.changeKey('a new passphrase', { raw: RAW_HEX })).toBe('changed');
    const storage = await opened(database.path(), { raw: RAW_HEX });
    await storage.transaction(async (tx) => expect(await (tx as SqlTransaction).all('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]));
    expect(await storage.get('e1')).not.toBeNull();
    await storage.close();
    expect(readdirSync(dirname(database.path())).filter((name) => name.endsWith('.rekey'))).toEqual([]);
  });

  it('the file is re-encrypted: the old key no longer opens it, and the raw bytes hold no plaintext', async () => {
    const storage = await opened(database.path(), OLD);
    await storage.append([newEntry(1, { payload: { note: 'ROTATION-MARKER' } })], LIMITS);
    await storage.changeKey(OLD, 'new passphrase');
    await storage.close();
    expect(await opensWith(database.path(), OLD)).toBe(false);
    expect(await opensWith(database.path(), 'new passphrase')).toBe(true);
    expect(readFileSync(database.path()).includes('ROTATION-MARKER')).toBe(false);
  });

  it('a wrong old key: EncryptionKeyError, the file unchanged and still open with its key', async () => {
    const storage = await opened(database.path(), OLD);
    await storage.append([newEntry(1)], LIMITS);
    await expect(storage.changeKey('not the old one', 'new passphrase')).rejects.toBeInstanceOf(EncryptionKeyError);
    expect(await storage.get('e1')).not.toBeNull();
    await storage.close();
    expect(await opensWith(database.path(), OLD)).toBe(true);
  });

  it('another connection open on the file: StorageLockedError, nothing changed', async () => {
    const storage = await opened(database.path(), OLD);
    const other = await opened(database.path(), OLD);
    await storage.append([newEntry(1)], LIMITS);
    await expect(storage.changeKey(OLD, 'new passphrase')).rejects.toBeInstanceOf(StorageLockedError);
    expect(await other.get('e1')).not.toBeNull();
    await other.close();
    await storage.close();
    expect(await opensWith(database.path(), OLD)).toBe(true);
  });

  it('bad keys are refused before the file is touched; a missing file is not created', () => {
    for (const [oldKey, newKey] of [
      [OLD, ''],
      [OLD, 'with\0nul'],
      ['', 'fine'],
      [OLD, OLD],
      [OLD, { raw: 'abc' }],
    ] as [SqlCipherKey, SqlCipherKey][]) {
      expect(() => changeSqlCipherKey(database.path(), oldKey, newKey)).toThrow(ConfigurationError);
    }
    expect(existsSync(database.path())).toBe(false);
  });
});
