import { ContainerModule } from 'inversify';
import { TOKENS } from '@mutation-outbox/core';
import type { OutboxStorage } from '@mutation-outbox/core';
import { WebSqliteStorage } from './web-sqlite-storage';
import type { WebSqliteStorageOptions } from './web-sqlite-storage-options';

/**
 * The Inversify module binding `TOKENS.Storage` to one `WebSqliteStorage` built from
 * `options` (a singleton per container; the outbox opens it). Invalid options throw
 * `ConfigurationError` when the storage is first resolved.
 */
export function webSqliteStorageModule(options: WebSqliteStorageOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<OutboxStorage>(TOKENS.Storage)
      .toResolvedValue(() => new WebSqliteStorage(options))
      .inSingletonScope();
  });
}
