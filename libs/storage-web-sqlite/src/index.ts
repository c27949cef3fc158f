export { WebSqliteStorage } from './web-sqlite-storage';
export type { WebSqliteDiagnostics } from './web-sqlite-storage';
export type { WebSqliteStorageOptions, WebSqliteKey } from './web-sqlite-storage-options';
export type { WebSqliteVfs } from './worker/worker-protocol';
export { webSqliteStorageModule } from './web-sqlite-storage-module';
