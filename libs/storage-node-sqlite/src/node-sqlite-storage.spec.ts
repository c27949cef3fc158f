import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError, EncryptionKeyError } from '@mutation-outbox/core';
import type { OutboxError } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import { NodeSqliteStorage } from './node-sqlite-storage';
import { openStorage, tempDir, TEST_RAW_KEY } from '../test/node-sqlite-harness';

const ROOMY = { maxEntries: 1_000, maxBytes: 1_000_000 };
const MARKER = 'PLAINTEXT-MARKER-7f3a9c';

/** Every file of the database (main, -wal, -shm) with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

function containsMarker(dir: string): string[] {
  return [...snapshot(dir)].filter(([, bytes]) => bytes.includes(MARKER)).map(([name]) => name);
}

describe('NodeSqliteStorage on a SQLCipher file', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  const opened: NodeSqliteStorage[] = [];

  beforeEach(() => {
    temp = tempDir();
    path = join(temp.dir, 'outbox.db');
  });

  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close();
    temp.remove();
  });

  const open = async (options: Parameters<typeof openStorage>[1] = {}) => {
    const storage = await openStorage(path, options);
    opened.push(storage);
    return storage;
  };

  const openError = (options: Parameters<typeof openStorage>[1] = {}) => open(options).then(() => null, (error: unknown) => error as OutboxError);

  it('the raw database and WAL bytes contain no plaintext of any payload, open or closed', async () => {
    const storage = await open({ key: 'correct horse battery staple' });
    await storage.append([newEntry(1, { payload: { note: MARKER }, rollbackData: { was: MARKER }, entityId: MARKER })], ROOMY);
    await storage.putServerId(MARKER, MARKER);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(containsMarker(temp.dir)).toEqual([]);
    await storage.close();
    expect(containsMarker(temp.dir)).toEqual([]);
    // Control: the same marker in an unencrypted SQLite file is found, so the check can see it.
    const plain = new Database(join(temp.dir, 'plain.db'));
    plain.exec(`CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('${MARKER}')`);
    plain.close();
    expect(containsMarker(temp.dir)).toEqual(['plain.db']);
  });

  it('a wrong key gives EncryptionKeyError and leaves every file byte-for-byte unchanged', async () => {
    const storage = await open({ key: 'right key' });
    await storage.append([newEntry(1)], ROOMY);
    await storage.close();
    const before = snapshot(temp.dir);
    const error = await openError({ key: 'wrong key' });
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect(error?.code).toBe('ENCRYPTION_KEY_INVALID');
    expect(error?.message).toMatch(/key/);
    expect(snapshot(temp.dir)).toEqual(before);
    const raw = await openError({ key: { raw: 'ab'.repeat(32) } });
    expect(raw).toBeInstanceOf(EncryptionKeyError);
    expect(snapshot(temp.dir)).toEqual(before);
    expect(await (await open({ key: 'right key' })).get('e1')).not.toBeNull();
  });

  it('a raw key works as a Uint8Array and as hex, and opens the same database', async () => {
    const bytes = Uint8Array.from(Buffer.from(TEST_RAW_KEY, 'hex'));
    const first = await open({ key: { raw: bytes } });
    await first.append([newEntry(1)], ROOMY);
    await first.close();
    const second = await open({ key: { raw: TEST_RAW_KEY.toUpperCase() } });
    expect(await second.get('e1')).not.toBeNull();
  });

  it('bad options throw ConfigurationError before anything is opened or written', () => {
    const bad: unknown[] = [
      { path: '', key: 'k' },
      { path: ':memory:', key: 'k' },
      { path, key: '' },
      { path, key: 'with\0nul' },
      { path, key: { raw: 'abc' } },
      { path, key: { raw: new Uint8Array(16) } },
      { path, key: 'k', synchronous: 'OFF' },
      { path, key: 'k', busyTimeoutMs: -1 },
    ];
    for (const options of bad) expect(() => new NodeSqliteStorage(options as never)).toThrow(ConfigurationError);
    expect(readdirSync(temp.dir)).toEqual([]);
  });
});
