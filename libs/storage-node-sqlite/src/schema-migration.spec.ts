import { describe, expect, it } from 'vitest';
import { newEntry } from '@mutation-outbox/testing';
import { OUTBOX_MIGRATIONS, OUTBOX_SCHEMA_VERSION, migrateSchema } from '@mutation-outbox/storage-sql';
import type { SqlTransaction } from '@mutation-outbox/storage-sql';
import { BetterSqliteDriver } from './better-sqlite-driver';
import { openSqlCipherDatabase } from './open-sqlcipher-database';
import { openStorage, TEST_RAW_KEY, useTempDatabase } from '../test/node-sqlite-harness';

const ROOMY = { maxEntries: 1_000, maxBytes: 1_000_000 };

/** An entry row as schema v2 stored it (the statement of that version, with its triggers firing). */
const INSERT_V2 = `INSERT INTO outbox_entries (id, idempotency_key, type, entity_id, partition_key, payload, expected_version, rollback_data, refs,
  status, attempts, next_attempt_at, last_error, created_at, updated_at, size_bytes) VALUES (?, ?, 'contact.update', ?, ?, '{"n":1}', NULL, NULL, '[]', ?, 0, NULL, NULL, 1, 1, ?)`;

describe('schema v2 → current (v3: counts kept by the storage, no stats row; v4: seq without AUTOINCREMENT; v5: status index; v6: server_state; v7: settled table, entity_key index)', () => {
  const database = useTempDatabase();

  /**
   * A v2 database holding entries in every status; seq 6 was removed (spent), and the newest entry
   * (seq 7) is rolled back, so after v7 moves it out of the queue its seq must stay spent too.
   */
  async function createV2Database(): Promise<void> {
    const driver = new BetterSqliteDriver(openSqlCipherDatabase({ path: database.path(), key: { raw: TEST_RAW_KEY } }));
    await migrateSchema(
      driver,
      OUTBOX_MIGRATIONS.filter((migration) => migration.version <= 2),
    );
    const rows: [string, string, number][] = [
      ['e1', 'pending', 10],
      ['e2', 'in_flight', 20],
      ['e3', 'failed', 30],
      ['e4', 'rolled_back', 40],
      ['e5', 'succeeded', 50],
      ['e6', 'pending', 60],
    ];
    for (const [id, status, size] of rows) await driver.run(INSERT_V2, [id, `k-${id}`, `c-${id}`, `c-${id}`, status, size]);
    await driver.run("DELETE FROM outbox_entries WHERE id = 'e6'");
    await driver.run(INSERT_V2, ['e7', 'k-e7', 'c-e1', 'c-e1', 'rolled_back', 70]);
    expect(await driver.all('SELECT pending, in_flight, failed, rolled_back, active_bytes FROM outbox_stats')).toEqual([
      { pending: 1, in_flight: 1, failed: 1, rolled_back: 2, active_bytes: 60 },
    ]);
    await driver.close();
  }

  it('migrates a v2 file holding entries: same entries and counts, no stats row, count triggers or AUTOINCREMENT, settled entries moved, seq never reused', async () => {
    await createV2Database();
    const storage = await openStorage(database.path());
    expect(await storage.schemaVersion()).toBe(OUTBOX_SCHEMA_VERSION);
    expect(OUTBOX_SCHEMA_VERSION).toBe(8);
    expect(await storage.counts()).toEqual({ pending: 1, inFlight: 1, failed: 1, rolledBack: 2, activeBytes: 60 });
    const all = (sql: string) => storage.transaction((tx) => (tx as SqlTransaction).all(sql));
    const schema = await all("SELECT type, name FROM sqlite_master WHERE name LIKE 'outbox_%' ORDER BY name");
    expect(schema.filter((row) => row['type'] === 'trigger').map((row) => row['name'])).toEqual(['outbox_entries_unique_id', 'outbox_settled_unique_id']);
    expect(schema.map((row) => row['name'])).not.toContain('outbox_stats');
    const [table] = await all("SELECT sql FROM sqlite_master WHERE name = 'outbox_entries'");
    expect(String(table?.['sql'])).not.toMatch(/AUTOINCREMENT/);
    expect(schema.filter((row) => row['type'] === 'index' && !String(row['name']).startsWith('sqlite_')).map((row) => row['name'])).toEqual([
      'outbox_entries_by_status',
      'outbox_entries_entity',
      'outbox_settled_by_status',
    ]);
    expect(await all('SELECT id FROM outbox_entries ORDER BY seq')).toEqual([{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }]);
    expect(await all('SELECT id FROM outbox_settled ORDER BY seq')).toEqual([{ id: 'e4' }, { id: 'e5' }, { id: 'e7' }]);
    expect((await storage.list({ statuses: ['pending', 'in_flight', 'failed'], limit: 10 })).entries.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect((await storage.list({ limit: 10 })).entries.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e7']);
    expect((await storage.latestActiveForEntity('c-e3'))?.id).toBe('e3');
    expect((await storage.listActiveForEntity('c-e1', 0)).map((e) => e.id)).toEqual(['e1']);
    expect(await storage.get('e4')).toMatchObject({ status: 'rolled_back', sizeBytes: 40, seq: 4 });
    expect(await storage.get('e3')).not.toHaveProperty('serverState');
    await storage.update('e3', { serverState: { name: 'from a conflict', version: 2 } });
    expect(await storage.get('e3')).toMatchObject({ serverState: { name: 'from a conflict', version: 2 } });
    const [appended] = await storage.append([newEntry(8, { sizeBytes: 5 })], ROOMY);
    expect(appended!.seq).toBe(8);
    await storage.update('e2', { status: 'pending' });
    await storage.remove('e1');
    expect(await storage.counts()).toEqual({ pending: 2, inFlight: 0, failed: 1, rolledBack: 2, activeBytes: 55 });
    await storage.close();
    const reopened = await openStorage(database.path());
    expect(await reopened.counts()).toEqual({ pending: 2, inFlight: 0, failed: 1, rolledBack: 2, activeBytes: 55 });
    await reopened.close();
  });
});
