import { describeStorageContract } from './storage-contract';
import { createMemoryStorageHarness } from './memory-storage-harness';

describeStorageContract('MemoryStorage', () => createMemoryStorageHarness());
