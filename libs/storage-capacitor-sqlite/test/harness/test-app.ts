import { SQLiteConnection } from '@capacitor-community/sqlite';
import type { SQLiteDBConnection } from '@capacitor-community/sqlite';
import { NodeCapacitorSqlitePlugin } from './node-capacitor-sqlite-plugin';
import type { PluginPlatform } from './node-capacitor-sqlite-plugin';
import type { SimulatedDevice } from './simulated-device';

/** A test passphrase, standing in for one read from the platform's secure storage. */
export const TEST_PASSPHRASE = "test-only passphrase with a ' quote";

/**
 * One run of an app on a simulated device: the harness plugin and the real `SQLiteConnection`
 * over it. `connect` opens a connection the way an app does (secret first, then `secret` mode).
 */
export class TestApp {
  readonly plugin: NodeCapacitorSqlitePlugin;
  readonly sqlite: SQLiteConnection;

  constructor(
    readonly device: SimulatedDevice,
    readonly platform: PluginPlatform = 'native',
  ) {
    this.plugin = new NodeCapacitorSqlitePlugin(device, platform);
    this.sqlite = new SQLiteConnection(this.plugin);
  }

  /** Creates and opens a read-write connection to `database` (encrypted on native). */
  async connect(database = 'app'): Promise<SQLiteDBConnection> {
    const encrypted = this.platform === 'native';
    if (encrypted && !(await this.sqlite.isSecretStored()).result) await this.sqlite.setEncryptionSecret(TEST_PASSPHRASE);
    const db = await this.sqlite.createConnection(database, encrypted, encrypted ? 'secret' : 'no-encryption', 1, false);
    await db.open();
    return db;
  }
}
