import { ContainerModule } from 'inversify';
import { TOKENS } from '@mutation-outbox/core';
import type { OutboxStorage } from '@mutation-outbox/core';
import { CapacitorSqliteStorage } from './capacitor-sqlite-storage';
import type { CapacitorSqliteStorageOptions } from './capacitor-sqlite-storage-options';

/**
 * The Inversify module binding `TOKENS.Storage` to one `CapacitorSqliteStorage` built from
 * `options` (a singleton per container; the outbox opens it). Invalid options throw
 * `ConfigurationError` when the storage is first resolved.
 */
export function capacitorSqliteStorageModule(options: CapacitorSqliteStorageOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<OutboxStorage>(TOKENS.Storage)
      .toResolvedValue(() => new CapacitorSqliteStorage(options))
      .inSingletonScope();
  });
}
