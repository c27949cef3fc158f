import type { EngineContext } from './engine-context';

/**
 * Runs `work` holding the flush lease, so that no other instance on the same storage delivers or
 * settles entries meanwhile, then releases it (even when `work` throws); `work` gets the time the
 * lease was taken at. Resolves with null, without running `work`, when another instance holds the
 * lease. Not reentrant: within one instance, the outbox's exclusive lock keeps flushes, retries
 * and discards from nesting.
 */
export async function underFlushLease<T>(context: EngineContext, work: (acquiredAt: number) => Promise<T>): Promise<{ readonly value: T } | null> {
  const { storage, options, clock } = context;
  const acquiredAt = clock.now();
  if (!(await storage.acquireLease(options.ownerId, acquiredAt, options.leaseTtlMs))) return null;
  try {
    return { value: await work(acquiredAt) };
  } finally {
    await storage.releaseLease(options.ownerId).catch(() => undefined);
  }
}
