import { Container } from 'inversify';
import { outboxCoreModule, TOKENS } from '@mutation-outbox/core';
import type { MutationOutbox } from '@mutation-outbox/core';
import { capacitorNetworkConnectivityModule } from '@mutation-outbox/connectivity-capacitor';
import { capacitorSqliteStorageModule } from '@mutation-outbox/storage-capacitor-sqlite';
import { demoHttpRoutes, kyHttpTransportModule } from '@mutation-outbox/transport-http';
import type { LocalDatabase } from '../db/open-local-database';
import { transactionSql } from '../db/transaction-sql';
import { demoIdMapping, demoMutations } from '../domain/demo-mutations';
import { conflictResolverFor } from './demo-config';
import type { DemoConfig } from './demo-config';

/**
 * The composition root: one `container.load` line per adapter. Swapping the storage, the
 * transport or the connectivity is swapping its line.
 */
export function createDemoContainer(local: LocalDatabase, config: DemoConfig): Container {
  const container = new Container();
  container.load(
    outboxCoreModule({
      mutations: demoMutations(transactionSql),
      onIdMapped: demoIdMapping(transactionSql),
      conflictResolver: conflictResolverFor(config.conflict),
      backoff: { baseMs: 1_000, capMs: 60_000, maxAttempts: 8 },
    }),
    // The outbox shares the app's connection, so its optimistic writes and enqueues commit together.
    capacitorSqliteStorageModule({ connection: local.db, sqlite: local.sqlite, encrypted: local.encrypted }),
    kyHttpTransportModule({ baseUrl: config.apiBaseUrl, routes: demoHttpRoutes, timeoutMs: 10_000 }),
    capacitorNetworkConnectivityModule(),
  );
  return container;
}

/** The container's outbox. */
export function resolveOutbox(container: Container): MutationOutbox {
  return container.get<MutationOutbox>(TOKENS.MutationOutbox);
}
