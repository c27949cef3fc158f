import type { Fixture, VariantSpec } from '../interleave';
import { timed } from '../interleave';
import type { QueueFactory } from '../queue-under-test';
import type { RowLabels, Variant } from '../results';

/** A variant's queue factory plus how many operations it can afford per repetition. */
export interface QueueVariant {
  readonly variant: Variant;
  readonly labels?: RowLabels;
  readonly create: QueueFactory;
  /** Operations timed per repetition (enqueues, waves' enqueues, or delivered entries). */
  readonly ops: number;
}

/** Mutation numbers never repeat within a process, so ids and payloads stay distinct. */
let nextMutation = 10_000_000;

/**
 * Durable enqueue, one at a time, each awaited, at queue depth `depth`: a repetition times
 * `ops` enqueues, then (untimed) removes them again so every repetition starts at `depth`.
 */
export function enqueueSpecs(variants: readonly QueueVariant[], depth: number): VariantSpec[] {
  return variants.map((variant) => ({
    variant: variant.variant,
    size: depth,
    ...(variant.labels ? { labels: variant.labels } : {}),
    async setup(): Promise<Fixture> {
      const queue = await variant.create(depth);
      return {
        async measure() {
          const ms = await timed(async () => {
            for (let i = 0; i < variant.ops; i++) await queue.enqueue(nextMutation++);
          });
          await queue.trim();
          return { ms, ops: variant.ops };
        },
        close: () => queue.close(),
      };
    },
  }));
}

/** How many enqueues are in flight at once in the concurrent workload. */
export const CONCURRENCY = 100;

/**
 * Concurrent enqueue at depth `depth`: waves of 100 enqueues started together (a screen saving
 * many rows), each wave awaited; `ops` enqueues per repetition (a multiple of 100).
 */
export function concurrentSpecs(variants: readonly QueueVariant[], depth: number): VariantSpec[] {
  return variants.map((variant) => ({
    variant: variant.variant,
    size: depth,
    ...(variant.labels ? { labels: variant.labels } : {}),
    async setup(): Promise<Fixture> {
      const queue = await variant.create(depth);
      const waves = Math.max(1, Math.round(variant.ops / CONCURRENCY));
      return {
        async measure() {
          const ms = await timed(async () => {
            for (let wave = 0; wave < waves; wave++) {
              await queue.enqueueConcurrent(Array.from({ length: CONCURRENCY }, () => nextMutation++));
            }
          });
          await queue.trim();
          return { ms, ops: waves * CONCURRENCY };
        },
        close: () => queue.close(),
      };
    },
  }));
}

/**
 * Drain: a repetition creates a queue holding `size` entries (untimed), times the delivery of
 * the first `ops` of them (all of them for this library and the limit), and closes it.
 */
export function drainSpecs(variants: readonly QueueVariant[], size: number): VariantSpec[] {
  return variants.map((variant) => ({
    variant: variant.variant,
    ...(variant.labels ? { labels: variant.labels } : {}),
    async setup(): Promise<Fixture> {
      return {
        async measure() {
          const queue = await variant.create(size);
          try {
            const count = Math.min(size, variant.ops);
            const ms = await timed(() => queue.drain(count));
            return { ms, ops: count };
          } finally {
            await queue.close();
          }
        },
        close: async () => undefined,
      };
    },
  }));
}
