import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, EncryptionKeyError, StorageCorruptError, StorageForeignFileError } from '@mutation-outbox/core';
import { errorTexts, newEntry, overwritePage, writeRandomFile } from '@mutation-outbox/testing';
import { NodeSqliteStorage } from './node-sqlite-storage';
import { useTempDatabase } from '../test/node-sqlite-harness';

const PASSPHRASE = 'Tr0ub4dor&3-open-failures';
const RAW = '5c'.repeat(32);
const ROOMY = { maxEntries: 10_000, maxBytes: 10_000_000 };
/** Every error the tests below produced, to grep for key material at the end. */
const produced: unknown[] = [];

describe('NodeSqliteStorage: why a file does not open', () => {
  const database = useTempDatabase();

  const seeded = async (entries = 400): Promise<void> => {
    const storage = new NodeSqliteStorage({ path: database.path(), key: PASSPHRASE });
    await storage.open();
    await storage.append(Array.from({ length: entries }, (_, i) => newEntry(i, { payload: { text: 'x'.repeat(300) } })), ROOMY);
    await storage.close();
  };

  /** The error of opening (and reading every entry of) the file with `key`; the file must stay as it was. */
  const failure = async (key: string | { raw: string } = PASSPHRASE): Promise<Error> => {
    const before = existsSync(database.path()) ? readFileSync(database.path()) : null;
    const storage = new NodeSqliteStorage({ path: database.path(), key });
    const error = await storage
      .open()
      .then(() => storage.list({ limit: 10_000 }))
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    await storage.close();
    produced.push(error);
    if (before) expect(readFileSync(database.path())).toEqual(before);
    if (!error) throw new Error('expected the open or the read to fail');
    return error;
  };

  it('a wrong passphrase or raw key: EncryptionKeyError', async () => {
    await seeded();
    expect(await failure('not the passphrase')).toBeInstanceOf(EncryptionKeyError);
    expect(await failure({ raw: RAW })).toBeInstanceOf(EncryptionKeyError);
  });

  it('a plain SQLite database: StorageForeignFileError (plaintext-database), not a wrong key', async () => {
    const plain = new Database(database.path());
    plain.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('someone')");
    plain.close();
    const error = await failure();
    expect(error).toBeInstanceOf(StorageForeignFileError);
    expect(error).toMatchObject({ code: 'STORAGE_FOREIGN_FILE', reason: 'plaintext-database' });
  });

  it('a text file: StorageForeignFileError (not-encrypted-data)', async () => {
    writeFileSync(database.path(), 'this is a text file, not a database\n'.repeat(200));
    expect(await failure()).toMatchObject({ code: 'STORAGE_FOREIGN_FILE', reason: 'not-encrypted-data' });
  });

  it('truncated mid-page, at a page boundary, or below one page: StorageCorruptError', async () => {
    await seeded();
    const size = readFileSync(database.path()).length;
    const copy = readFileSync(database.path());
    for (const cut of [size - 4096 - 1000, size - 2 * 4096, 1000]) {
      writeFileSync(database.path(), copy);
      truncateSync(database.path(), cut);
      const error = await failure();
      expect(error, `cut at ${cut}`).toBeInstanceOf(StorageCorruptError);
      expect(error.message).toMatch(/damaged|truncated/);
    }
  });

  it('a page in the middle overwritten: StorageCorruptError naming what SQLite found', async () => {
    await seeded();
    overwritePage(database.path(), Math.floor(readFileSync(database.path()).length / 4096 / 2), 7);
    const error = await failure();
    expect(error).toBeInstanceOf(StorageCorruptError);
    expect(error.message).toMatch(/malformed|damaged/);
  });

  it('random bytes in whole pages look exactly like a wrong key (SQLCipher cannot tell): EncryptionKeyError saying so', async () => {
    writeRandomFile(database.path(), 10 * 4096, 3);
    const error = await failure();
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect(error.message).toMatch(/random bytes/);
  });

  it('random bytes that are not whole pages: StorageCorruptError (truncated or foreign)', async () => {
    writeRandomFile(database.path(), 10 * 4096 + 123, 4);
    expect(await failure()).toBeInstanceOf(StorageCorruptError);
  });

  it('a damaged first page looks like a wrong key too (its HMAC fails): EncryptionKeyError', async () => {
    await seeded();
    overwritePage(database.path(), 0, 9);
    expect(await failure()).toBeInstanceOf(EncryptionKeyError);
  });

  it('empty passphrases and passphrases with NUL are refused before any file exists', () => {
    for (const key of ['', `${PASSPHRASE}\0tail`, '\0']) {
      let error: unknown = null;
      try {
        new NodeSqliteStorage({ path: database.path(), key });
      } catch (e) {
        error = e;
      }
      produced.push(error);
      expect(error).toBeInstanceOf(ConfigurationError);
    }
    expect(readdirSync(dirname(database.path()))).toEqual([]);
  });
});

afterAll(() => {
  // Every error above, with its causes: none may carry the passphrase, the raw key or a part of them.
  const texts = produced.flatMap((error) => errorTexts(error));
  expect(texts.length).toBeGreaterThan(20);
  for (const secret of [PASSPHRASE, PASSPHRASE.slice(0, 8), RAW, RAW.slice(0, 16), 'not the passphrase', 'tail']) {
    expect(texts.filter((text) => text.includes(secret))).toEqual([]);
  }
});
