export { NodeSqliteStorage } from './node-sqlite-storage';
export type { NodeSqliteStorageOptions, SqlCipherKey } from './node-sqlite-storage-options';
export { nodeSqliteStorageModule } from './node-sqlite-storage-module';
export { BetterSqliteDriver } from './better-sqlite-driver';
export type { BetterSqliteConnection, BetterSqliteStatement, BetterSqliteDriverOptions } from './better-sqlite-driver';
export { openSqlCipherDatabase } from './open-sqlcipher-database';
export { changeSqlCipherKey } from './change-sqlcipher-key';
export type { ChangeKeyOptions, KeyChangeOutcome, KeyChangeStep } from './change-sqlcipher-key';
