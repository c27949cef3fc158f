import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { EncryptionKeyError } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing/browser';
import { openWebStorage, readOpfsFile, removeOpfsFile, TEST_RAW_KEY, toBase64, uniqueName } from './web-storage';

const ROOMY = { maxEntries: 1_000, maxBytes: 10_000_000 };
const MARKER = 'MARKER-7f3a-plaintext-must-not-appear';

describe('WebSqliteStorage encryption (real Chromium, OPFS)', () => {
  it('runs on OPFSCoopSyncVFS and writes only ciphertext with a random salt', async () => {
    const name = uniqueName('cipher');
    const storage = await openWebStorage(name);
    expect(storage.diagnostics.vfs).toBe('opfs');
    await storage.append([newEntry(1, { payload: { note: MARKER } })], ROOMY);
    await storage.close();
    const bytes = await readOpfsFile(name);
    expect(bytes.length).toBeGreaterThanOrEqual(4096);
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 16))).not.toBe('SQLite format 3\0');
    expect(new TextDecoder('latin1').decode(bytes)).not.toContain(MARKER);
    const salt = bytes.subarray(0, 16);
    expect(salt.some((byte) => byte !== 0)).toBe(true);
    const other = uniqueName('cipher');
    await (await openWebStorage(other)).close();
    expect(toBase64((await readOpfsFile(other)).subarray(0, 16))).not.toBe(toBase64(salt));
    await removeOpfsFile(name);
    await removeOpfsFile(other);
  });

  it('the OPFS file copied out opens with better-sqlite3-multiple-ciphers and the same key', async () => {
    const name = uniqueName('copy');
    const storage = await openWebStorage(name);
    await storage.append([newEntry(1, { payload: { note: MARKER } }), newEntry(2)], ROOMY);
    await storage.close();
    const report = await commands.openWithSqlCipher(toBase64(await readOpfsFile(name)), `key = "x'${TEST_RAW_KEY}'"`, 'SELECT id, payload FROM outbox_entries ORDER BY seq');
    expect(report.tables).toContain('outbox_entries');
    expect(report.rows.map((row) => row['id'])).toEqual(['e1', 'e2']);
    expect(String(report.rows[0]?.['payload'])).toContain(MARKER);
    await removeOpfsFile(name);
  });

  it('a wrong key throws EncryptionKeyError and leaves the file as it was', async () => {
    const name = uniqueName('wrong-key');
    const storage = await openWebStorage(name);
    await storage.append([newEntry(1)], ROOMY);
    await storage.close();
    const before = toBase64(await readOpfsFile(name));
    const error = await openWebStorage(name, { key: { raw: 'ab'.repeat(32) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect(toBase64(await readOpfsFile(name))).toBe(before);
    const reopened = await openWebStorage(name);
    expect(await reopened.get('e1')).toMatchObject({ id: 'e1' });
    await reopened.close();
    await removeOpfsFile(name);
  });
});

describe('WebSqliteStorage with a passphrase', () => {
  it('a database created with a passphrase opens on Node with the same passphrase, and reopens in the browser', async () => {
    const name = uniqueName('passphrase');
    const storage = await openWebStorage(name, { key: "correct horse 'battery'" });
    await storage.append([newEntry(1)], ROOMY);
    await storage.close();
    const bytes = await readOpfsFile(name);
    expect(bytes.subarray(0, 16).some((byte) => byte !== 0)).toBe(true);
    const report = await commands.openWithSqlCipher(toBase64(bytes), "key = 'correct horse ''battery'''", 'SELECT id FROM outbox_entries');
    expect(report.rows).toEqual([{ id: 'e1' }]);
    const reopened = await openWebStorage(name, { key: "correct horse 'battery'" });
    expect(await reopened.get('e1')).toMatchObject({ id: 'e1' });
    await reopened.close();
    const wrong = await openWebStorage(name, { key: 'another passphrase' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(EncryptionKeyError);
    await removeOpfsFile(name);
  });
});
