import type { MutationOutbox } from '@mutation-outbox/core';
import { connectionExecutor } from '../db/sql-executor';
import { openLocalDatabase } from '../db/open-local-database';
import { ContactsService } from '../domain/contacts-service';
import { MutationOutboxAppOutbox } from '../outbox/mutation-outbox-app-outbox';
import { transactionSql } from '../db/transaction-sql';
import type { AppServices } from '../ui/app-services';
import { createDemoContainer, resolveOutbox } from './demo-container';
import { describeConflictStrategy, readDemoConfig } from './demo-config';

/** Everything the app needs once started: the outbox for `OutboxProvider` and the screens' services. */
export interface StartedApp {
  readonly outbox: MutationOutbox;
  readonly services: AppServices;
}

/** Opens the local database, builds the container, starts the outbox and the services. */
export async function startApp(location: Pick<Location, 'href' | 'origin'> = window.location): Promise<StartedApp> {
  const config = readDemoConfig(location);
  const local = await openLocalDatabase();
  const outbox = resolveOutbox(createDemoContainer(local, config));
  await outbox.start();
  const appOutbox = new MutationOutboxAppOutbox(outbox, transactionSql);
  return {
    outbox,
    services: {
      outbox: appOutbox,
      contacts: new ContactsService(appOutbox, connectionExecutor(local.db)),
      encrypted: local.encrypted,
      platform: local.platform,
      conflictStrategy: describeConflictStrategy(config.conflict),
    },
  };
}
