import { afterEach, beforeEach, describe } from 'vitest';
import { appendRules } from './contract/append-rules';
import { countRules } from './contract/count-rules';
import { leaseRules } from './contract/lease-rules';
import { limitRules } from './contract/limit-rules';
import { pagingRules } from './contract/paging-rules';
import { persistenceRules } from './contract/persistence-rules';
import { transactionRules } from './contract/transaction-rules';
import type { CreateStorageHarness, StorageContractOptions, StorageHarness } from './storage-harness';

/**
 * Declares the `OutboxStorage` contract suite: one named test per MUST rule of the port, each on a
 * fresh harness from `createHarness` (disposed after the test). An adapter is done when this suite
 * passes unchanged. Tests needing an optional harness capability (`openSecond`) are skipped when
 * the harness lacks it. Call it at the top level of a `*.contract.spec.ts`:
 *
 * ```ts
 * describeStorageContract('NodeSqliteStorage', () => createNodeHarness());
 * ```
 */
export function describeStorageContract(name: string, createHarness: CreateStorageHarness, options: StorageContractOptions = {}): void {
  describe(`OutboxStorage contract: ${name}`, () => {
    let current: StorageHarness | undefined;
    const harness = (): StorageHarness => {
      if (!current) throw new Error('The storage harness is not ready (createHarness failed?)');
      return current;
    };

    beforeEach(async () => {
      current = await createHarness();
    });

    afterEach(async () => {
      const finished = current;
      current = undefined;
      await finished?.dispose();
    });

    describe('append', () => appendRules(harness));
    describe('limits', () => limitRules(harness));
    describe('transactions', () => transactionRules(harness));
    describe('persistence and crash recovery', () => persistenceRules(harness));
    describe('paging', () => pagingRules(harness, options.largeQueueSize ?? 100_000));
    describe('counts', () => countRules(harness));
    describe('flush lease', () => leaseRules(harness));
  });
}
