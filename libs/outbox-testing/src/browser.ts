// The browser-safe entry point (`@mutation-outbox/testing/browser`): everything of the main entry
// except the transport contract, which needs Node (temporary files, loopback servers). Adapters
// whose tests run in a real browser (vitest browser mode) import the storage contract from here.
export { FakeClock, FakeProcessClock, settle } from './fake-clock';
export { ManualConnectivity } from './manual-connectivity';
export { SeededRandom } from './seeded-random';
export { MemoryDatabase } from './memory-database';
export type { MemoryLease, StoredEntry } from './memory-database';
export { MemoryStorage, MemoryTransaction, MEMORY_SCHEMA_VERSION } from './memory-storage';
export { newEntry } from './new-entry';
export { describeStorageContract } from './storage-contract';
export type { StorageHarness, CreateStorageHarness, StorageContractOptions } from './storage-harness';
export { createMemoryStorageHarness } from './memory-storage-harness';
export { createStorageHarness } from './create-storage-harness';
export type { StorageHarnessParts } from './create-storage-harness';
export { sqlAppRows } from './sql-app-rows';
