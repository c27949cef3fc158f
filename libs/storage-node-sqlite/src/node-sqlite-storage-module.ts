import { ContainerModule } from 'inversify';
import { TOKENS } from '@mutation-outbox/core';
import type { OutboxStorage } from '@mutation-outbox/core';
import { NodeSqliteStorage } from './node-sqlite-storage';
import type { NodeSqliteStorageOptions } from './node-sqlite-storage-options';

/**
 * The Inversify module binding `TOKENS.Storage` to one `NodeSqliteStorage` (a singleton per
 * container). The options are validated when the storage is first resolved; the storage is
 * opened by the outbox (or by calling `open()`), not by resolving it.
 */
export function nodeSqliteStorageModule(options: NodeSqliteStorageOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<OutboxStorage>(TOKENS.Storage)
      .toResolvedValue(() => new NodeSqliteStorage(options))
      .inSingletonScope();
  });
}
