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

  it('walks the queue table for the first due entries, merges in the settled table in seq order, counts from indexes alone, finds entries by id and entity through indexes', async () => {
    await storage.append(Array.from({ length: 50 }, (_, i) => newEntry(i, { entityId: `c${i % 5}`, status: i % 2 ? 'rolled_back' : 'pending' })), ROOMY);
    await storage.list({ statuses: ['pending'], limit: 5 });
    const due = await planOf('SELECT seq');
    expect(due).toMatch(/SEARCH outbox_entries USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(due).not.toMatch(/outbox_settled|TEMP B-TREE/);
    await storage.list({ statuses: ['rolled_back'], limit: 5 });
    expect(await planOf('SELECT seq')).toMatch(/^SEARCH outbox_settled USING INDEX outbox_settled_by_status \(status=\? AND rowid>\?\)$/);
    await storage.list({ limit: 5, afterSeq: 3 });
    const merged = await planOf('SELECT seq');
    expect(merged).toMatch(/MERGE \(UNION ALL\)/);
    expect(merged).toMatch(/SEARCH outbox_entries USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(merged).toMatch(/SEARCH outbox_settled USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(merged).not.toMatch(/TEMP B-TREE/);
    const recount = await planOf('SELECT\n  count(*) AS active');
    expect(recount).toMatch(/SCAN outbox_entries USING COVERING INDEX outbox_entries_entity/);
    expect(recount).toMatch(/SEARCH outbox_entries USING COVERING INDEX outbox_entries_by_status \(status=\?\)/);
    expect(recount).toMatch(/SEARCH outbox_settled USING COVERING INDEX outbox_settled_by_status \(status=\?\)/);
    await storage.get('e4');
    const byId = await planOf("SELECT 'outbox_entries'");
    expect(byId).toMatch(/SEARCH outbox_entries USING INDEX sqlite_autoindex_outbox_entries_1 \(id=\?\)/);
    expect(byId).toMatch(/SEARCH outbox_settled USING INDEX sqlite_autoindex_outbox_settled_1 \(id=\?\)/);
    expect((await storage.latestActiveForEntity('c2'))?.id).toBe('e42');
    expect(await planOf('SELECT seq')).toMatch(/^SEARCH outbox_entries USING INDEX outbox_entries_entity \(entity_key=\?\)$/);
    expect((await storage.listActiveForEntity('c2', 13)).map((e) => e.id)).toEqual(['e22', 'e32', 'e42']);
    expect(await planOf('SELECT seq')).toMatch(/^SEARCH outbox_entries USING INDEX outbox_entries_entity \(entity_key=\? AND seq>\?\)$/);
  });

  it('two entities with the same entity_key (contact-946978, contact-1482446) are never confused', async () => {
    await storage.append([newEntry(1, { entityId: 'contact-946978' }), newEntry(2, { entityId: 'contact-1482446' }), newEntry(3, { entityId: 'contact-946978' })], ROOMY);
    expect((await storage.latestActiveForEntity('contact-1482446'))?.id).toBe('e2');
    expect((await storage.latestActiveForEntity('contact-946978'))?.id).toBe('e3');
    expect((await storage.listActiveForEntity('contact-946978', 0)).map((e) => e.id)).toEqual(['e1', 'e3']);
  });

  it('a rollback moves the entry to outbox_settled with its seq and back again; an id is unique across both tables', async () => {
    const [first] = await storage.append([newEntry(1), newEntry(2)], ROOMY);
    const tableOf = async (id: string) =>
      storage.transaction((tx) =>
        (tx as SqlTransaction).all("SELECT 'queue' AS at, seq FROM outbox_entries WHERE id = ? UNION ALL SELECT 'settled', seq FROM outbox_settled WHERE id = ?", [id, id]),
      );
    await storage.update('e1', { status: 'rolled_back', attempts: 3 });
    expect(await tableOf('e1')).toEqual([{ at: 'settled', seq: first!.seq }]);
    expect(await storage.get('e1')).toMatchObject({ status: 'rolled_back', attempts: 3, seq: first!.seq });
    await expect(storage.append([newEntry(1)], ROOMY)).rejects.toThrow(/UNIQUE constraint failed: outbox_entries\.id/);
    await storage.update('e1', { lastError: null });
    await storage.update('e1', { status: 'pending' });
    expect(await tableOf('e1')).toEqual([{ at: 'queue', seq: first!.seq }]);
    expect((await storage.list({ limit: 10 })).entries.map((e) => [e.id, e.status])).toEqual([
      ['e1', 'pending'],
      ['e2', 'pending'],
    ]);
    await storage.update('e2', { status: 'succeeded' });
    await storage.remove('e2');
    const [next] = await storage.append([newEntry(3)], ROOMY);
    expect(next!.seq).toBeGreaterThan(first!.seq + 1);
    expect(await storage.counts()).toEqual({ pending: 2, inFlight: 0, failed: 0, rolledBack: 0, activeBytes: 2 * newEntry(0).sizeBytes });
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
