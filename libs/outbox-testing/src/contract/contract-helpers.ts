import type { OutboxLimits, OutboxStorage } from '@mutation-outbox/core';
import type { StorageHarness } from '../storage-harness';

/** Limits large enough never to matter. */
export const ROOMY: OutboxLimits = { maxEntries: 1_000_000, maxBytes: 1_000_000_000 };

/** Gives the rule groups the current test's harness. */
export type HarnessRef = () => StorageHarness;

/** A promise with its resolve/reject exposed, to hold a transaction open without sleeping. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Creates a `Deferred`. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Every stored entry id in seq order. */
export async function allIds(storage: OutboxStorage): Promise<string[]> {
  const ids: string[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await storage.list({ limit: 1000, ...(afterSeq === undefined ? {} : { afterSeq }) });
    ids.push(...page.entries.map((entry) => entry.id));
    if (page.nextAfterSeq === null) return ids;
    afterSeq = page.nextAfterSeq;
  }
}
