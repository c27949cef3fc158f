export { CapacitorSqliteStorage } from './capacitor-sqlite-storage';
export type {
  CapacitorSqliteStorageOptions,
  CapacitorSqliteOwnConnectionOptions,
  CapacitorSqliteSharedConnectionOptions,
  CapacitorSqliteCommonOptions,
  WebPersistence,
} from './capacitor-sqlite-storage-options';
export { CapacitorSqliteDriver } from './capacitor-sqlite-driver';
export type { CapacitorSqliteDriverOptions } from './capacitor-sqlite-driver';
export type { CapacitorSqliteConnection, CapacitorSqliteChanges, CapacitorSqliteValues } from './capacitor-sqlite-connection';
export type { CapacitorSqliteManager, OpenableCapacitorSqliteConnection } from './capacitor-sqlite-manager';
export { capacitorSqliteStorageModule } from './capacitor-sqlite-storage-module';
