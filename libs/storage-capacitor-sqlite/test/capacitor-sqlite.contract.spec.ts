import { describeStorageContract } from '@mutation-outbox/testing';
import { createCapacitorStorageHarness } from './harness/capacitor-storage-harness';

describeStorageContract('CapacitorSqliteStorage (encrypted, own connection)', () => createCapacitorStorageHarness());
