import { CapacitorNetworkConnectivity } from '@mutation-outbox/connectivity-capacitor';
import { connectionExecutor } from '../db/sql-executor';
import { openLocalDatabase } from '../db/open-local-database';
import { ContactsService } from '../domain/contacts-service';
import { PreviewOutbox } from '../outbox/preview-outbox';
import type { AppServices } from '../ui/app-services';

/** Opens the local database and wires the outbox, the services and the adapters. */
export async function createAppServices(): Promise<AppServices> {
  const local = await openLocalDatabase();
  const persist = async () => {
    if (local.platform === 'web') await local.sqlite.saveToStore(local.name);
  };
  const outbox = new PreviewOutbox(local.db, new CapacitorNetworkConnectivity(), persist);
  await outbox.start();
  return {
    outbox,
    contacts: new ContactsService(outbox, connectionExecutor(local.db)),
    encrypted: local.encrypted,
    platform: local.platform,
    conflictStrategy: 'not configured yet',
  };
}
