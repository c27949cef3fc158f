export { FakeClock, settle } from './fake-clock';
export { ManualConnectivity } from './manual-connectivity';
export { SeededRandom } from './seeded-random';
export { MemoryDatabase } from './memory-database';
export type { MemoryLease } from './memory-database';
export { MemoryStorage, MemoryTransaction, MEMORY_SCHEMA_VERSION } from './memory-storage';
export { newEntry } from './new-entry';
