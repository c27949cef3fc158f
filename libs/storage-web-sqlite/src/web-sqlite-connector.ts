import { StorageMissingError } from '@mutation-outbox/core';
import { DatabaseMarker } from './database-marker';
import { toWorkerKey } from './web-sqlite-storage-options';
import type { WebSqliteStorageOptions } from './web-sqlite-storage-options';
import { WorkerSqlDriver } from './worker-sql-driver';
import type { WebSqliteVfs } from './worker/worker-protocol';

function defaultWorker(): Worker {
  return new Worker(new URL('./worker/web-sqlite-worker.ts', import.meta.url), { type: 'module', name: 'mutation-outbox-database' });
}

/**
 * Opens the database worker for `WebSqliteStorage` and remembers what it opened: the active VFS
 * and the current driver. Refuses (`StorageMissingError`) a database that came back empty although
 * the marker says this origin had created it, unless `onMissingDatabase: 'start-empty'`.
 */
export class WebSqliteConnector {
  /** The VFS of the last successful open. */
  vfs: WebSqliteVfs | null = null;
  /** The driver of the last successful open. */
  current: WorkerSqlDriver | null = null;
  readonly marker: DatabaseMarker;

  constructor(private readonly options: WebSqliteStorageOptions) {
    this.marker = new DatabaseMarker(options.name);
  }

  /** Starts a worker, takes the database lock, opens and keys the database. */
  async connect(): Promise<WorkerSqlDriver> {
    const { options } = this;
    const driver = new WorkerSqlDriver((options.createWorker ?? defaultWorker)());
    try {
      const opened = await driver.open({
        name: options.name,
        key: toWorkerKey(options.key),
        vfs: options.vfs ?? 'auto',
        lockTimeoutMs: options.lockTimeoutMs ?? 10_000,
      });
      if (opened.empty && this.marker.isSet() && options.onMissingDatabase !== 'start-empty') {
        throw new StorageMissingError(
          `The outbox database "${options.name}" is missing or empty although this browser had opened it before: the queued changes were lost outside the library (site data cleared, storage evicted). Nothing was created; open with onMissingDatabase: 'start-empty' to start over`,
        );
      }
      this.vfs = opened.vfs;
      this.current = driver;
      return driver;
    } catch (error) {
      await driver.close().catch(() => undefined);
      throw error;
    }
  }
}
