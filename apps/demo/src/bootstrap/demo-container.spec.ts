import { describe, expect, it } from 'vitest';
import { MutationOutbox, TOKENS } from '@mutation-outbox/core';
import { CapacitorNetworkConnectivity } from '@mutation-outbox/connectivity-capacitor';
import { CapacitorSqliteStorage } from '@mutation-outbox/storage-capacitor-sqlite';
import { KyHttpTransport } from '@mutation-outbox/transport-http';
import type { LocalDatabase } from '../db/open-local-database';
import { createDemoContainer, resolveOutbox } from './demo-container';

/** Enough of an opened web database for wiring: nothing is opened until the outbox starts. */
const local = {
  sqlite: { saveToStore: async () => undefined },
  db: { getConnectionDBName: () => 'demo' },
  name: 'demo',
  platform: 'web',
  encrypted: false,
} as unknown as LocalDatabase;

describe('createDemoContainer', () => {
  it('resolves the outbox over the Capacitor SQLite storage, the HTTP transport and Capacitor connectivity', () => {
    const container = createDemoContainer(local, { apiBaseUrl: 'http://127.0.0.1:3000/api/', conflict: 'merge' });
    expect(resolveOutbox(container)).toBeInstanceOf(MutationOutbox);
    expect(container.get(TOKENS.Storage)).toBeInstanceOf(CapacitorSqliteStorage);
    expect(container.get(TOKENS.Transport)).toBeInstanceOf(KyHttpTransport);
    expect(container.get(TOKENS.Connectivity)).toBeInstanceOf(CapacitorNetworkConnectivity);
    expect(resolveOutbox(container)).toBe(resolveOutbox(container));
  });
});
