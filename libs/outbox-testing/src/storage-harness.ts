import type { OutboxStorage, StorageTransaction } from '@mutation-outbox/core';

/**
 * What an adapter hands the storage contract suite for one test: a fresh, empty, opened storage
 * on a database of its own, and ways to reach that same database again. The suite calls
 * `dispose()` after every test; the harness closes whatever is still open and deletes its files.
 */
export interface StorageHarness {
  /** The storage under test, already opened on a new, empty database. */
  readonly storage: OutboxStorage;
  /**
   * Closes the most recently opened instance cleanly, then opens and returns a new instance on the
   * same database (an app restart).
   */
  reopen(): Promise<OutboxStorage>;
  /**
   * Opens and returns a new instance on the same database WITHOUT closing the earlier ones (as
   * after a kill -9: the old connection is simply abandoned).
   */
  crashAndReopen(): Promise<OutboxStorage>;
  /**
   * Opens a second instance on the same database while the first stays open (another tab or
   * process). Leave it out if the platform cannot do that; the tests needing it are skipped.
   */
  openSecond?(): Promise<OutboxStorage>;
  /** Writes the app's own row `key → value` through the transaction handle `tx`. */
  appWrite(tx: StorageTransaction, key: string, value: string): Promise<void>;
  /** Reads the app's own row `key` from committed state, or null. */
  appRead(storage: OutboxStorage, key: string): Promise<string | null>;
  /** Closes every instance still open and removes the database. */
  dispose(): Promise<void>;
}

/** Creates a harness around a fresh database; called once per contract test. */
export type CreateStorageHarness = () => Promise<StorageHarness>;

/** Tuning of `describeStorageContract`. */
export interface StorageContractOptions {
  /**
   * Entries in the large-queue paging test. Default 100,000; lower it only for a backend that
   * cannot hold that many in a test run, and say why.
   */
  readonly largeQueueSize?: number;
}
