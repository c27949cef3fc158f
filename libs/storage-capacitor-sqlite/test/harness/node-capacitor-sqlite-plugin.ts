import Database from 'better-sqlite3-multiple-ciphers';
import type { SimulatedDevice } from './simulated-device';
import { isFileEncrypted, openKeyed, rekeyDeviceDatabases } from './device-secrets';
import { bindable, bridge, changesOf, connName, inOwnTransaction, message, prepare, runOne } from './sqlite-statements';

type Db = Database.Database;

interface OpenDb {
  readonly database: string;
  readonly encrypted: boolean;
  readonly mode: string;
  readonly version: number;
  readonly readonly: boolean;
  db: Db | null;
}

/** `native` behaves like the iOS/Android plugin (SQLCipher, JSON bridge); `web` like jeep-sqlite. */
export type PluginPlatform = 'native' | 'web';

/**
 * The native side of `@capacitor-community/sqlite`, for Node tests: the methods that the real
 * `SQLiteConnection` / `SQLiteDBConnection` classes forward to, implemented over
 * better-sqlite3-multiple-ciphers on a real file in the device's folder.
 *
 * Faithful to the plugin where the adapter depends on it:
 * - `native`: encrypted connections (`mode: 'secret'`) open with the passphrase from the device's
 *   secure store (SQLCipher, `legacy=4`, as the Electron build does); a wrong key fails on open.
 *   Arguments and results cross a JSON "bridge" (bigint throws, blobs come back as byte arrays).
 * - `web`: like jeep-sqlite, the database lives in memory; `saveToStore` (and `close`) copy it to
 *   the device's web store, where the next `open` reads it from. Secrets are not implemented.
 * - `run`/`execute`/`executeSet` wrap the work in their own BEGIN/COMMIT unless
 *   `transaction: false` (inside an outer `beginTransaction` that BEGIN fails, as on Electron);
 *   `changes` is the `total_changes()` difference, as on iOS/Android.
 * - `crash()` simulates the app being killed: nothing is closed or saved.
 */
export class NodeCapacitorSqlitePlugin {
  /** Names of every method called, in order (for assertions such as "saveToStore ran"). */
  readonly calls: string[] = [];
  private readonly dbs = new Map<string, OpenDb>();
  private readonly zombies: Db[] = [];
  private killed = false;

  constructor(
    readonly device: SimulatedDevice,
    readonly platform: PluginPlatform = 'native',
  ) {}

  /** The app process dies: open handles are abandoned (an open transaction rolls back). */
  crash(): void {
    this.killed = true;
    for (const entry of this.dbs.values()) {
      if (!entry.db) continue;
      // A dead process leaves a hot journal that the next opener rolls back; closing a handle
      // mid-transaction reaches the same state. Idle handles are left open, as a killed process's.
      if (entry.db.inTransaction) entry.db.close();
      else this.zombies.push(entry.db);
    }
    this.dbs.clear();
  }

  /** Closes whatever `crash()` left open (test cleanup only). */
  dispose(): void {
    for (const db of this.zombies.splice(0)) if (db.open) db.close();
    for (const entry of this.dbs.values()) if (entry.db?.open) entry.db.close();
    this.dbs.clear();
  }

  async echo(options: { value: string }) {
    return this.call('echo', options, (o) => ({ value: o.value }));
  }

  async isSecretStored() {
    return this.call('isSecretStored', {}, () => {
      this.nativeOnly();
      return { result: this.device.secret !== null };
    });
  }

  async setEncryptionSecret(options: { passphrase: string }) {
    return this.call('setEncryptionSecret', options, (o) => {
      this.nativeOnly();
      if (!o.passphrase) throw new Error('SetEncryptionSecret: Must provide a passphrase');
      this.device.secret = o.passphrase;
    });
  }

  async changeEncryptionSecret(options: { passphrase: string; oldpassphrase: string }) {
    return this.call('changeEncryptionSecret', options, (o) => {
      this.nativeOnly();
      if (!o.oldpassphrase) throw new Error('changeEncryptionSecret: You must give the oldpassphrase');
      if (o.oldpassphrase !== this.device.secret) throw new Error('changeEncryptionSecret: the given oldpassphrase is wrong');
      if (!o.passphrase) throw new Error('changetEncryptionSecret: You must give a passphrase');
      // As the plugin: every connection is closed first, then each encrypted database rekeyed.
      for (const entry of this.dbs.values()) if (entry.db) this.closeDb(entry);
      this.dbs.clear();
      rekeyDeviceDatabases(this.device, o.oldpassphrase, o.passphrase);
      this.device.secret = o.passphrase;
    });
  }

  async isDatabaseEncrypted(options: { database: string }) {
    return this.call('isDatabaseEncrypted', options, (o) => {
      this.nativeOnly();
      return { result: isFileEncrypted(this.device.fileOf(o.database)) };
    });
  }

  /** Test only: the better-sqlite3 handle behind the open connection to `database`. */
  handleOf(database: string): Db {
    return this.openDb(database);
  }

  async isInConfigEncryption() {
    return this.call('isInConfigEncryption', {}, () => {
      this.nativeOnly();
      return { result: this.device.encryptionInConfig };
    });
  }

  async createConnection(options: { database: string; encrypted?: boolean; mode?: string; version?: number; readonly?: boolean }) {
    return this.call('createConnection', options, (o) => {
      const name = connName(o.database, o.readonly);
      if (this.dbs.has(name)) throw new Error(`CreateConnection: Connection ${o.database} already exists`);
      const encrypted = this.platform === 'native' && o.encrypted === true && o.mode !== 'no-encryption';
      if (encrypted && !this.device.encryptionInConfig) throw new Error('CreateConnection: encryption is not enabled in capacitor.config');
      this.dbs.set(name, { database: o.database, encrypted, mode: o.mode ?? 'no-encryption', version: o.version ?? 1, readonly: o.readonly ?? false, db: null });
    });
  }

  async closeConnection(options: { database: string; readonly?: boolean }) {
    return this.call('closeConnection', options, (o) => {
      const entry = this.entry(o.database, o.readonly);
      try {
        if (entry.db) this.closeDb(entry);
      } finally {
        this.dbs.delete(connName(o.database, o.readonly));
      }
    });
  }

  async checkConnectionsConsistency(options: { dbNames: string[]; openModes: string[] }) {
    return this.call('checkConnectionsConsistency', options, (o) => {
      const js = new Set(o.dbNames.map((name, i) => `${o.openModes[i] ?? 'RW'}_${name}`));
      const same = js.size === this.dbs.size && [...this.dbs.keys()].every((key) => js.has(key));
      if (same) return { result: true };
      // The native side drops every connection when the JS side disagrees with it.
      for (const entry of this.dbs.values()) if (entry.db) this.closeDb(entry);
      this.dbs.clear();
      return { result: false };
    });
  }

  async open(options: { database: string; readonly?: boolean }) {
    return this.call('open', options, (o) => {
      const entry = this.entry(o.database, o.readonly);
      try {
        entry.db = this.platform === 'web' ? this.openWeb(entry) : this.openNative(entry);
      } catch (error) {
        throw new Error(`Open: ${message(error)}`, { cause: error });
      }
    });
  }

  async close(options: { database: string; readonly?: boolean }) {
    return this.call('close', options, (o) => {
      const entry = this.entry(o.database, o.readonly);
      if (!entry.db) throw new Error(`Close: Database ${o.database} not opened`);
      this.closeDb(entry);
    });
  }

  async isDBOpen(options: { database: string; readonly?: boolean }) {
    return this.call('isDBOpen', options, (o) => ({ result: this.entry(o.database, o.readonly).db !== null }));
  }

  async saveToStore(options: { database: string }) {
    return this.call('saveToStore', options, (o) => {
      if (this.platform !== 'web') throw new Error('Not implemented on native platforms.');
      const entry = this.entry(o.database, false);
      if (!entry.db) throw new Error(`SaveToStore: Database ${o.database} not opened`);
      this.device.webStore.set(o.database, entry.db.serialize());
    });
  }

  async beginTransaction(options: { database: string }) {
    return this.call('beginTransaction', options, (o) => this.execOn(o.database, 'BEGIN TRANSACTION;'));
  }

  async commitTransaction(options: { database: string }) {
    return this.call('commitTransaction', options, (o) => this.execOn(o.database, 'COMMIT TRANSACTION;'));
  }

  async rollbackTransaction(options: { database: string }) {
    return this.call('rollbackTransaction', options, (o) => this.execOn(o.database, 'ROLLBACK TRANSACTION;'));
  }

  async isTransactionActive(options: { database: string }) {
    return this.call('isTransactionActive', options, (o) => ({ result: this.openDb(o.database).inTransaction }));
  }

  async execute(options: { database: string; statements: string; transaction?: boolean }) {
    return this.call('execute', options, (o) => {
      const db = this.openDb(o.database);
      return { changes: { changes: inOwnTransaction(db, o.transaction ?? true, () => changesOf(db, () => db.exec(o.statements))) } };
    });
  }

  async run(options: { database: string; statement: string; values?: unknown[]; transaction?: boolean; returnMode?: string }) {
    return this.call('run', options, (o) => {
      if ((o.returnMode ?? 'no') !== 'no') throw new Error('RunSQL: the test harness supports only returnMode "no"');
      const db = this.openDb(o.database);
      return { changes: inOwnTransaction(db, o.transaction ?? true, () => runOne(db, o.statement, o.values ?? [])) };
    });
  }

  async executeSet(options: { database: string; set: { statement: string; values?: unknown[] }[]; transaction?: boolean }) {
    return this.call('executeSet', options, (o) => {
      const db = this.openDb(o.database);
      const result = inOwnTransaction(db, o.transaction ?? true, () => {
        let total = { changes: 0, lastId: -1 };
        for (const { statement, values = [] } of o.set) {
          const rows = Array.isArray(values[0]) ? (values as unknown[][]) : [values];
          for (const row of rows) {
            const one = runOne(db, statement, row);
            total = { changes: total.changes + one.changes, lastId: one.lastId };
          }
        }
        return total;
      });
      return { changes: result };
    });
  }

  async query(options: { database: string; statement: string; values?: unknown[] }) {
    return this.call('query', options, (o) => {
      if (o.statement.length === 0) throw new Error('Query: Statement may not be an empty string.');
      const stmt = prepare(this.openDb(o.database), o.statement);
      const values = bindable(o.values ?? []);
      if (!stmt.reader) {
        stmt.run(...values);
        return { values: [] };
      }
      return { values: stmt.all(...values) };
    });
  }

  private openNative(entry: OpenDb): Db {
    if (entry.encrypted && entry.mode !== 'secret') throw new Error(`the test harness supports only mode "secret", not "${entry.mode}"`);
    if (entry.encrypted && this.device.secret === null) throw new Error('No passphrase stored: call setEncryptionSecret first');
    const file = this.device.fileOf(entry.database);
    const db =
      entry.encrypted && this.device.secret !== null
        ? openKeyed(this.device, file, this.device.secret, entry.readonly)
        : new Database(file, { readonly: entry.readonly, fileMustExist: entry.readonly });
    try {
      db.pragma('foreign_keys = ON');
      // The first read validates the key: a wrong one fails here with "file is not a database".
      const current = db.pragma('user_version', { simple: true }) as number;
      if (!entry.readonly && entry.version > current) db.pragma(`user_version = ${entry.version}`);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private openWeb(entry: OpenDb): Db {
    const image = this.device.webStore.get(entry.database);
    const db = image ? new Database(image) : new Database(':memory:');
    db.pragma('foreign_keys = ON');
    return db;
  }

  private closeDb(entry: OpenDb): void {
    const db = entry.db;
    entry.db = null;
    if (!db) return;
    // jeep-sqlite saves the database to its store when it is closed.
    if (this.platform === 'web' && !entry.readonly) this.device.webStore.set(entry.database, db.serialize());
    db.close();
  }

  private execOn(database: string, sql: string) {
    this.openDb(database).exec(sql);
    return { changes: { changes: 0 } };
  }

  private entry(database: string, readonly: boolean | undefined): OpenDb {
    const entry = this.dbs.get(connName(database, readonly));
    if (!entry) throw new Error(`No available connection for database ${database}`);
    return entry;
  }

  private openDb(database: string): Db {
    const db = this.entry(database, false).db;
    if (!db) throw new Error(`Database ${database} not opened`);
    return db;
  }

  private nativeOnly(): void {
    if (this.platform === 'web') throw new Error('Not implemented on web.');
  }

  private async call<O, R>(method: string, options: O, body: (options: O) => R): Promise<Awaited<R>> {
    if (this.killed) throw new Error(`${method}: the app was killed (crash() was called)`);
    this.calls.push(method);
    const input = this.platform === 'native' ? bridge(options) : options;
    const output = body(input);
    return (this.platform === 'native' ? bridge(output) : output) as Awaited<R>;
  }
}
