import type { EngineContext } from './engine-context';

/**
 * Runs `work` holding the flush lease, so that no other instance on the same storage delivers or
 * settles entries meanwhile, then releases it. Resolves with null, without running `work`, when
 * another instance holds the lease. The caller makes sure this instance's own flush is not running.
 */
export async function underFlushLease<T>(context: EngineContext, work: () => Promise<T>): Promise<{ readonly value: T } | null> {
  const { storage, options, clock } = context;
  if (!(await storage.acquireLease(options.ownerId, clock.now(), options.leaseTtlMs))) return null;
  try {
    return { value: await work() };
  } finally {
    await storage.releaseLease(options.ownerId).catch(() => undefined);
  }
}
