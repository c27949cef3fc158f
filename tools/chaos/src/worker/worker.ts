/**
 * The chaos worker: a separate process playing the app. It opens the encrypted outbox database
 * (key from the environment, as from secure storage), enqueues the rest of the seeded plan while
 * the parent flips connectivity, lets the outbox flush, and reports each step over IPC only after
 * it happened. The parent SIGKILLs it at random moments and starts it again on the same file.
 */
import { MutationOutbox } from '@mutation-outbox/core';
import type { OutboxOptions } from '@mutation-outbox/core';
import { NodeSqliteStorage } from '@mutation-outbox/storage-node-sqlite';
import { KyHttpTransport, demoHttpRoutes } from '@mutation-outbox/transport-http';
import { planMutations } from '../plan';
import { WORKER_CONFIG_ENV, WORKER_KEY_ENV } from '../protocol';
import type { ParentCommand, WorkerConfig, WorkerEvent } from '../protocol';
import { chaosMutations, mapLocalIds } from './chaos-mutations';
import { enqueuePlanItem } from './enqueue-plan-item';
import { LocalStore, sqlOf } from './local-store';
import { OfflineTransport } from './offline-transport';
import { SabotagedTransport } from './sabotaged-transport';
import { ToggleConnectivity } from './toggle-connectivity';

const send = (event: WorkerEvent): void => {
  if (process.connected) process.send?.(event);
};
// The parent is gone (it died, or a test failed): never outlive it.
process.on('disconnect', () => process.exit(3));

const config = JSON.parse(process.env[WORKER_CONFIG_ENV] ?? 'null') as WorkerConfig | null;
const key = process.env[WORKER_KEY_ENV];
if (!config || !key) throw new Error(`${WORKER_CONFIG_ENV} and ${WORKER_KEY_ENV} must be set`);

const storage = new NodeSqliteStorage({ path: config.dbPath, key: { raw: key }, synchronous: 'FULL' });
const connectivity = new ToggleConnectivity(config.online);
const http = new KyHttpTransport({ baseUrl: config.serverUrl, timeoutMs: config.requestTimeoutMs, routes: demoHttpRoutes, ...(config.batchSize > 1 ? { batchPath: 'batch' } : {}) });
const options: OutboxOptions = {
  mutations: chaosMutations(),
  ordering: config.ordering,
  backoff: { baseMs: config.backoff.baseMs, capMs: config.backoff.capMs, maxAttempts: config.backoff.maxAttempts, factor: 2 },
  batchSize: config.batchSize,
  onIdMapped: mapLocalIds,
  ...(config.ownerId !== null ? { ownerId: config.ownerId } : {}),
};
const network = new OfflineTransport(config.sabotage ? new SabotagedTransport(http) : http, connectivity);
const outbox = new MutationOutbox({ storage, transport: network, connectivity }, options);

outbox.on('entry:attempt', ({ entry, attempt }) => send({ t: 'attempt', entryId: entry.id, attempt }));
outbox.on('entry:succeeded', ({ entry }) => send({ t: 'settled', entryId: entry.id, outcome: 'succeeded' }));
outbox.on('entry:rolled-back', ({ entry, error }) => send({ t: 'settled', entryId: entry.id, outcome: 'rolled_back', ...(error ? { code: error.code } : {}) }));
outbox.on('entry:failed', ({ entry, error }) => send({ t: 'settled', entryId: entry.id, outcome: 'failed', code: error.code }));
outbox.on('entry:retry-scheduled', ({ entry, error }) => send({ t: 'retry', entryId: entry.id, cause: error.httpStatus ? `HTTP ${error.httpStatus}` : error.code }));
outbox.on('flush:failed', ({ error }) => send({ t: 'log', message: `flush failed: ${error instanceof Error ? error.message : String(error)}` }));

let closing = false;
let enqueued = false;
let drainedSent = false;
let checking = false;

/** Reports `drained` once everything is enqueued and nothing is left to deliver; retries held entries like a user pressing Retry. */
async function checkDrained(): Promise<void> {
  if (!enqueued || closing || drainedSent || checking) return;
  checking = true;
  try {
    const counts = await storage.counts();
    if (counts.pending + counts.inFlight + counts.failed === 0) {
      drainedSent = true;
      send({ t: 'drained' });
      return;
    }
    if (counts.failed > 0 && connectivity.current) {
      const page = await outbox.getOutboxEntries({ statuses: ['failed'], limit: 10 });
      for (const entry of page.entries) {
        send({ t: 'manual-retry', entryId: entry.id });
        await outbox.retryEntry(entry.id).catch((error: unknown) => send({ t: 'log', message: `retryEntry: ${String(error)}` }));
      }
    }
  } finally {
    checking = false;
  }
}

process.on('message', (message: ParentCommand) => {
  if (message.t === 'online') connectivity.set(message.online);
  if (message.t === 'close' && !closing) {
    closing = true;
    void outbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
});

async function main(c: WorkerConfig): Promise<void> {
  const recovered = await outbox.transaction(async (tx) => {
    const store = new LocalStore(sqlOf(tx));
    await store.createSchema();
    return store.enqueues();
  });
  send({ t: 'ready', recovered });
  await outbox.start();
  const done = new Set(recovered.map((record) => record.index));
  for (const item of planMutations(c.seed, c.mutations)) {
    if (done.has(item.index) || closing) continue;
    send({ t: 'enqueue-start', index: item.index });
    const record = await enqueuePlanItem(outbox, item, c.addressBy);
    send({ t: 'ack', ...record });
    // Yield a turn, as an app does between user actions, so flushing interleaves with enqueues.
    await new Promise((resolve) => setImmediate(resolve));
  }
  enqueued = true;
  outbox.on('flush:finished', () => void checkDrained());
  setInterval(() => void checkDrained(), 100);
  await checkDrained();
}

main(config).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
