import { describeStorageContract } from '@mutation-outbox/testing';
import { createCapacitorStorageHarness } from './harness/capacitor-storage-harness';

// 20,000 rather than 100,000: every row crosses the emulated JSON bridge as its own plugin call,
// as on a device, which makes the deep-queue test cost ~20 s at 100,000 (it passes; checked by
// hand). The SQL, indexes and triggers are storage-sql's, which storage-node-sqlite runs at 100,000.
describeStorageContract('CapacitorSqliteStorage (encrypted, own connection)', () => createCapacitorStorageHarness(), { largeQueueSize: 20_000 });
