import { ACTIVE_STATUSES } from '../model/entry';
import type { OutboxEntry } from '../model/entry';
import type { EngineContext } from './engine-context';

const PAGE = 500;

/**
 * Whether an active entry enqueued before `entry` must be delivered first: any one under global
 * ordering; under partition ordering one with the same partition key or entity, or one creating
 * an entity that `entry` references.
 */
export async function hasBlockingPredecessor(context: EngineContext, entry: OutboxEntry): Promise<boolean> {
  const global = context.options.ordering === 'global';
  const mine = await context.canonical.view(entry);
  let afterSeq: number | undefined;
  for (;;) {
    const page = await context.storage.list({ statuses: ACTIVE_STATUSES, limit: global ? 1 : PAGE, ...(afterSeq !== undefined ? { afterSeq } : {}) });
    for (const earlier of page.entries) {
      if (earlier.seq >= entry.seq) return false;
      if (global) return true;
      const theirs = await context.canonical.view(earlier);
      if (theirs.partitionKey === mine.partitionKey || theirs.entityId === mine.entityId || mine.references.includes(theirs.entityId)) return true;
    }
    if (page.nextAfterSeq === null) return false;
    afterSeq = page.nextAfterSeq;
  }
}
