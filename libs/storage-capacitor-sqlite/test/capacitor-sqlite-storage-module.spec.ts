import { Container } from 'inversify';
import { TOKENS } from '@mutation-outbox/core';
import type { OutboxStorage } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import { afterEach, expect, it } from 'vitest';
import { CapacitorSqliteStorage } from '../src/capacitor-sqlite-storage';
import { capacitorSqliteStorageModule } from '../src/capacitor-sqlite-storage-module';
import { SimulatedDevice } from './harness/simulated-device';
import { TEST_PASSPHRASE, TestApp } from './harness/test-app';

const device = SimulatedDevice.create();
device.kdfIter = 4_000;
const app = new TestApp(device);
afterEach(() => {
  app.plugin.dispose();
  device.dispose();
});

it('capacitorSqliteStorageModule binds TOKENS.Storage to one CapacitorSqliteStorage per container', async () => {
  const container = new Container();
  container.load(capacitorSqliteStorageModule({ sqlite: app.sqlite, database: 'outbox', platform: 'ios', passphrase: async () => TEST_PASSPHRASE }));
  const storage = container.get<OutboxStorage>(TOKENS.Storage);
  expect(storage).toBeInstanceOf(CapacitorSqliteStorage);
  expect(container.get(TOKENS.Storage)).toBe(storage);
  expect(storage.capabilities).toEqual({ persistent: true, encrypted: true });
  await storage.open();
  await storage.append([newEntry(1)], { maxEntries: 10, maxBytes: 10_000 });
  expect(await storage.counts()).toMatchObject({ pending: 1 });
  await storage.close();
});
