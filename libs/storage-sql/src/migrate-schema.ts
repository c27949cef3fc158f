import { StorageError } from '@mutation-outbox/core';
import { OUTBOX_MIGRATIONS } from './outbox-schema';
import type { SqlMigration } from './outbox-schema';
import type { SqlDriver } from './sql-driver';

/** What `migrateSchema` did. */
export interface MigrationReport {
  /** Schema version found on open (0 for a database without the outbox). */
  readonly from: number;
  /** Schema version after the migrations. */
  readonly to: number;
  /** Versions applied now, ascending (empty when the schema was current). */
  readonly applied: readonly number[];
}

const META_TABLES = [
  'CREATE TABLE IF NOT EXISTS outbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID',
  `CREATE TABLE IF NOT EXISTS outbox_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`,
];

async function readVersion(driver: SqlDriver): Promise<number> {
  const tables = await driver.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'outbox_meta'");
  if (tables.length === 0) return 0;
  const rows = await driver.all("SELECT value FROM outbox_meta WHERE key = 'schema_version'");
  return rows[0] ? Number(rows[0]['value']) : 0;
}

/**
 * Brings the outbox tables to the newest schema version. Migrations not yet applied run once each,
 * in version order, all inside one transaction together with the recording of the new version
 * (in `outbox_meta` and the `outbox_migrations` log), so a crash leaves the old schema intact and
 * two connections opening at once migrate only once. A current schema costs two reads and no write.
 * Throws `StorageError` when the database is newer than these migrations; driver errors are
 * thrown as they come (the caller maps them).
 */
export async function migrateSchema(driver: SqlDriver, migrations: readonly SqlMigration[] = OUTBOX_MIGRATIONS): Promise<MigrationReport> {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const found = await readVersion(driver);
  if (found === latest) return { from: found, to: found, applied: [] };
  await driver.begin();
  try {
    for (const statement of META_TABLES) await driver.run(statement);
    // Re-read under the write lock: another connection may have migrated meanwhile.
    const from = await readVersion(driver);
    if (from > latest) {
      throw new StorageError(`The outbox schema is at version ${from}, newer than this library supports (${latest}); upgrade the library`);
    }
    const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      for (const statement of migration.statements) await driver.run(statement);
      await migration.backfill?.(driver);
      await driver.run('INSERT INTO outbox_migrations (version, description) VALUES (?, ?)', [migration.version, migration.description]);
    }
    await driver.run(
      "INSERT INTO outbox_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [String(latest)],
    );
    await driver.commit();
    return { from, to: latest, applied: pending.map((m) => m.version) };
  } catch (error) {
    await driver.rollback().catch(() => undefined);
    throw error;
  }
}
