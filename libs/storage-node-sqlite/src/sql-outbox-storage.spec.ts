import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError, StorageError, StorageLockedError } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import { OUTBOX_MIGRATIONS, OUTBOX_SCHEMA_VERSION, SqlOutboxStorage, migrateSchema } from '@mutation-outbox/storage-sql';
import type { SqlTransaction } from '@mutation-outbox/storage-sql';
import { BetterSqliteDriver } from './better-sqlite-driver';
import { openSqlCipherDatabase } from './open-sqlcipher-database';
import { RecordingDriver } from '../test/recording-driver';
import { openStorage, tempDir, TEST_RAW_KEY } from '../test/node-sqlite-harness';

const ROOMY = { maxEntries: 10_000, maxBytes: 10_000_000 };
const capabilities = { persistent: true, encrypted: true };

describe('SqlOutboxStorage over a real SQLCipher connection', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  let driver: RecordingDriver;
  let storage: SqlOutboxStorage;

  const connect = () => new BetterSqliteDriver(openSqlCipherDatabase({ path, key: { raw: TEST_RAW_KEY } }));

  beforeEach(async () => {
    temp = tempDir();
    path = join(temp.dir, 'outbox.db');
    driver = new RecordingDriver(connect());
    storage = new SqlOutboxStorage({ connect: async () => driver, capabilities });
    await storage.open();
  });

  afterEach(async () => {
    await storage.close();
    temp.remove();
  });

  /** EXPLAIN QUERY PLAN of the last recorded statement starting with `prefix`. */
  async function planOf(prefix: string): Promise<string> {
    const statement = [...driver.statements].reverse().find((s) => s.sql.startsWith(prefix));
    if (!statement) throw new Error(`no statement starting with ${prefix}`);
    const rows = await storage.transaction((tx) => (tx as SqlTransaction).all(`EXPLAIN QUERY PLAN ${statement.sql}`, statement.params));
    return rows.map((row) => String(row['detail'])).join(' | ');
  }

  it('reads the first due entries through the partial index, recounts from indexes alone, entries by id through the unique index', async () => {
    await storage.append(Array.from({ length: 50 }, (_, i) => newEntry(i, { status: i % 2 ? 'succeeded' : 'pending' })), ROOMY);
    await storage.list({ statuses: ['pending'], limit: 5 });
    expect(await planOf('SELECT seq')).toMatch(/USING INDEX outbox_entries_active/);
    await storage.list({ statuses: ['pending', 'in_flight', 'failed'], afterSeq: 10, limit: 5 });
    expect(await planOf('SELECT seq')).toMatch(/USING INDEX outbox_entries_active \(seq>\?\)/);
    await storage.list({ limit: 5, afterSeq: 3 });
    expect(await planOf('SELECT seq')).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    const recount = await planOf('SELECT\n  count(*) AS active');
    expect(recount).toMatch(/SCAN outbox_entries USING COVERING INDEX outbox_entries_active/);
    expect(recount).toMatch(/SEARCH outbox_entries USING COVERING INDEX outbox_entries_by_status \(status=\?\)/);
    await storage.get('e4');
    expect(await planOf('SELECT seq')).toMatch(/USING INDEX sqlite_autoindex_outbox_entries_1 \(id=\?\)/);
  });

  it('an append costs one INSERT and a data-version check inside one BEGIN/COMMIT; counts() reads no entries', async () => {
    await storage.append([newEntry(0)], ROOMY);
    driver.calls.length = 0;
    await storage.append([newEntry(1)], ROOMY);
    expect(driver.calls).toEqual(['begin', 'all: PRAGMA data_version', expect.stringMatching(/^run: INSERT INTO outbox_entries/), 'commit']);
    driver.calls.length = 0;
    expect(await storage.counts()).toMatchObject({ pending: 2 });
    expect(driver.calls).toEqual(['all: PRAGMA data_version']);
  });

  it('a group of appends within the limits costs one data-version check and one multi-row INSERT per 50 entries: no savepoints', async () => {
    await storage.append([newEntry(0)], ROOMY);
    driver.calls.length = 0;
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => storage.append([newEntry(i + 1)], ROOMY)));
    expect(driver.calls).toEqual([
      'begin',
      'all: PRAGMA data_version',
      expect.stringMatching(/^all: SELECT \(SELECT max/),
      expect.stringMatching(/^run: INSERT INTO outbox_entries/),
      expect.stringMatching(/^run: INSERT INTO outbox_entries/),
      'commit',
    ]);
    expect(results.map(([entry]) => entry!.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
    expect((await storage.list({ limit: 100 })).entries.map((e) => e.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
  });

  it('durable:false lowers durability for that commit only; durable writes never touch it', async () => {
    await storage.append([newEntry(1)], ROOMY);
    await storage.update('e1', { attempts: 1 });
    expect(driver.calls.filter((c) => c.startsWith('setDurable'))).toEqual([]);
    driver.calls.length = 0;
    await storage.update('e1', { status: 'in_flight' }, { durable: false });
    expect(driver.calls[0]).toBe('setDurable(false)');
    expect(driver.calls.slice(-2)).toEqual(['commit', 'setDurable(true)']);
  });

  it('a failed commit (disk full) rejects with StorageError, writes nothing, and the storage keeps working', async () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    driver.failNextCommit(full);
    const group = await Promise.allSettled([storage.append([newEntry(1)], ROOMY), storage.append([newEntry(2)], ROOMY)]);
    for (const outcome of group) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StorageError);
      expect((outcome as PromiseRejectedResult).reason.cause).toBe(full);
    }
    expect(driver.calls).toContain('rollback');
    expect(await storage.counts()).toMatchObject({ pending: 0 });
    await storage.append([newEntry(3)], ROOMY);
    expect((await storage.list({ limit: 5 })).entries.map((e) => e.id)).toEqual(['e3']);
  });

  it('migrations are recorded once per version and are a no-op on a current schema', async () => {
    expect(await migrateSchema(driver)).toEqual({ from: OUTBOX_SCHEMA_VERSION, to: OUTBOX_SCHEMA_VERSION, applied: [] });
    const log = await storage.transaction((tx) => (tx as SqlTransaction).all('SELECT version FROM outbox_migrations'));
    expect(log.map((row) => row['version'])).toEqual(OUTBOX_MIGRATIONS.map((migration) => migration.version));
    expect(await storage.schemaVersion()).toBe(OUTBOX_SCHEMA_VERSION);
  });

  it('a database from a newer library version is refused with StorageError and left as it is', async () => {
    await storage.transaction((tx) => (tx as SqlTransaction).run("UPDATE outbox_meta SET value = '999' WHERE key = 'schema_version'"));
    await storage.close();
    const newer = new SqlOutboxStorage({ connect: async () => connect(), capabilities });
    await expect(newer.open()).rejects.toThrow(/newer than this library/);
    await expect(newer.open()).rejects.toBeInstanceOf(StorageError);
    storage = new SqlOutboxStorage({ connect: async () => connect(), capabilities });
    await storage.open().catch(() => undefined);
  });

  it('an app-owned connection (driver option) is not closed by close()', async () => {
    const own = new RecordingDriver(connect());
    const shared = new SqlOutboxStorage({ driver: own, capabilities });
    await shared.open();
    await shared.append([newEntry(1)], ROOMY);
    await shared.close();
    expect(own.calls).not.toContain('close');
    expect(await own.all('SELECT id FROM outbox_entries')).toEqual([{ id: 'e1' }]);
    await own.close();
  });

  it('needs exactly one of connect and driver', () => {
    expect(() => new SqlOutboxStorage({ capabilities })).toThrow(ConfigurationError);
    expect(() => new SqlOutboxStorage({ capabilities, driver, connect: async () => driver })).toThrow(ConfigurationError);
  });

  it("another connection's write lock gives StorageLockedError once busyTimeoutMs has passed (0 here)", async () => {
    const second = await openStorage(path, { busyTimeoutMs: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holding = storage.transaction(async (tx) => {
      await storage.append([newEntry(1)], ROOMY, { tx });
      await gate;
    });
    await expect(second.append([newEntry(2)], ROOMY)).rejects.toBeInstanceOf(StorageLockedError);
    release();
    await holding;
    await second.append([newEntry(3)], ROOMY);
    await second.close();
  });
});
