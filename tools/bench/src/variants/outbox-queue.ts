import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MutationOutbox, StaticConnectivity } from '@mutation-outbox/core';
import type { Mutation } from '@mutation-outbox/core';
import { NodeSqliteStorage } from '@mutation-outbox/storage-node-sqlite';
import { KyHttpTransport, demoHttpRoutes } from '@mutation-outbox/transport-http';
import { MUTATION_TYPE, contactPayload, entityIdOf } from '../fixtures-data';
import type { BenchKey } from '../raw-sqlite';
import type { DrainableQueue } from '../queue-under-test';

/** Options of the outbox under test. */
export interface OutboxQueueOptions {
  readonly key: BenchKey;
  /** Base URL of the loopback server (drains); enqueue-only runs may give any URL. */
  readonly baseUrl: string;
  /** Keep the database in this folder (created if missing) instead of a temporary one removed on close. */
  readonly dir?: string;
  /** Entries per request; >1 gives the transport a batch endpoint. Default 1. */
  readonly batchSize?: number;
  /** Record every success in a transaction of its own (`successCommit.maxEntries: 1`) instead of in groups. */
  readonly successCommitEach?: boolean;
  /** Online: drains flush; offline (default): the app is writing with no signal, nothing is sent. */
  readonly online?: boolean;
}

/** The n-th bench mutation as the outbox takes it. */
export function benchMutation(n: number): Mutation {
  return { type: MUTATION_TYPE, entityId: entityIdOf(n), payload: contactPayload(n), expectedVersion: 1 };
}

const PREFILL_WAVE = 1_000;

/**
 * This library as an app uses it: `NodeSqliteStorage` (SQLCipher, WAL, synchronous=FULL) under a
 * started `MutationOutbox`, with `KyHttpTransport` on the demo routes. Offline while enqueuing
 * (as a field app without signal); drains call `flush()` while online.
 */
export async function createOutboxQueue(options: OutboxQueueOptions, depth: number): Promise<DrainableQueue> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'outbox-bench-'));
  mkdirSync(dir, { recursive: true });
  const storage = new NodeSqliteStorage({
    path: join(dir, 'outbox.db'),
    key: options.key.kind === 'raw' ? { raw: options.key.hex } : options.key.passphrase,
    synchronous: 'FULL',
  });
  const batchSize = options.batchSize ?? 1;
  const transport = new KyHttpTransport({ baseUrl: options.baseUrl, timeoutMs: 10_000, routes: demoHttpRoutes, ...(batchSize > 1 ? { batchPath: 'batch' } : {}) });
  const outbox = new MutationOutbox(
    { storage, transport, connectivity: new StaticConnectivity(options.online ?? false) },
    {
      mutations: [{ type: MUTATION_TYPE, kind: 'update' }],
      batchSize,
      limits: { maxEntries: 10_000_000, maxBytes: 10 * 1024 ** 3 },
      ...(options.successCommitEach ? { successCommit: { maxEntries: 1 } } : {}),
    },
  );
  if (!options.online) await outbox.start();
  for (let done = 0; done < depth; done += PREFILL_WAVE) {
    const wave = Array.from({ length: Math.min(PREFILL_WAVE, depth - done) }, (_, i) => done + i);
    await Promise.all(wave.map((n) => outbox.enqueue(benchMutation(n))));
  }
  const added: string[] = [];
  return {
    async enqueue(n) {
      added.push((await outbox.enqueue(benchMutation(n))).id);
    },
    async enqueueConcurrent(ns) {
      const entries = await Promise.all(ns.map((n) => outbox.enqueue(benchMutation(n))));
      for (const entry of entries) added.push(entry.id);
    },
    async trim() {
      const ids = added.splice(0);
      await outbox.transaction(async (tx) => {
        for (const id of ids) await storage.remove(id, { tx });
      });
    },
    async drain(count) {
      const result = await outbox.flush();
      if (result.succeeded < count) throw new Error(`outbox drain delivered ${result.succeeded} of ${count} (${JSON.stringify(result)})`);
    },
    async close() {
      await outbox.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
