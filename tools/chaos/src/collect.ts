import { ACTIVE_STATUSES } from '@mutation-outbox/core';
import type { EntryStatus } from '@mutation-outbox/core';
import type { DemoServer } from '@mutation-outbox/demo-server';
import { NodeSqliteStorage } from '@mutation-outbox/storage-node-sqlite';
import type { AppliedRecord, CommittedRecord, EntityState, LocalState, OutboxRecord } from './evidence';
import { LocalStore, sqlOf } from './worker/local-store';

/** What the outbox database holds at the end of a run. */
export interface DatabaseEvidence {
  readonly outbox: OutboxRecord[];
  readonly committed: CommittedRecord[];
  readonly local: LocalState;
}

const ALL_STATUSES: readonly EntryStatus[] = [...ACTIVE_STATUSES, 'succeeded', 'rolled_back'];

/** Reads every stored entry, the app's record of enqueues and its local tables (the worker must be gone). */
export async function readDatabase(path: string, key: string): Promise<DatabaseEvidence> {
  const storage = new NodeSqliteStorage({ path, key: { raw: key } });
  await storage.open();
  try {
    const outbox: OutboxRecord[] = [];
    for (let afterSeq: number | null = 0; afterSeq !== null; ) {
      const page = await storage.list({ statuses: ALL_STATUSES, limit: 1000, afterSeq });
      for (const entry of page.entries) {
        const lastError = entry.lastError ? { code: entry.lastError.code, ...(entry.lastError.httpStatus !== undefined ? { httpStatus: entry.lastError.httpStatus } : {}) } : null;
        outbox.push({ id: entry.id, seq: entry.seq, key: entry.idempotencyKey, status: entry.status, lastError });
      }
      afterSeq = page.nextAfterSeq;
    }
    const { committed, local } = await storage.transaction(async (tx) => {
      const store = new LocalStore(sqlOf(tx));
      await store.createSchema();
      return { committed: await store.enqueues(), local: await store.state() };
    });
    return { outbox, committed, local };
  } finally {
    await storage.close();
  }
}

/** The server's applied-write log and final state. */
export function readServer(server: DemoServer): { applied: AppliedRecord[]; server: EntityState; arrivals: number } {
  const log = server.appliedLog();
  const applied = log.applied.map((entry) => ({ seq: entry.seq, key: entry.idempotencyKey, operation: entry.operation, entityId: entry.entityId }));
  const arrivals = Object.values(log.keyArrivals).reduce((sum, count) => sum + count, 0);
  return { applied, server: server.state(), arrivals };
}
