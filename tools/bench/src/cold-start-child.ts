/**
 * One cold start in a fresh process: imports everything first (untimed), then opens the queue
 * found in `dir`, reads its status and its first page of 100, and prints
 * `{"ms", "rssMb", "pending", "page"}`: the time from nothing open to the first page, and the
 * resident memory growth over it. Args: variant, dir, key kind (raw | passphrase | none), key.
 */
import { join } from 'node:path';
import { MutationOutbox, StaticConnectivity } from '@mutation-outbox/core';
import { NodeSqliteStorage } from '@mutation-outbox/storage-node-sqlite';
import { KyHttpTransport, demoHttpRoutes } from '@mutation-outbox/transport-http';
import { onlineManager } from '@tanstack/query-core';
import { persistQueryClientRestore } from '@tanstack/query-persist-client-core';
import { DurableFileStorage } from './durable-file-storage';
import { MUTATION_TYPE } from './fixtures-data';
import { openRawSqlCipher } from './raw-sqlite';
import type { BenchKey } from './raw-sqlite';
import { createReduxOfflineApp } from './variants/redux-offline-queue';
import { createTanstackApp } from './variants/tanstack-queue';

type Opened = { pending: number; page: number };

async function openOutbox(dir: string, key: BenchKey): Promise<Opened> {
  const storage = new NodeSqliteStorage({ path: join(dir, 'outbox.db'), key: key.kind === 'raw' ? { raw: key.hex } : key.passphrase });
  const transport = new KyHttpTransport({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000, routes: demoHttpRoutes });
  const outbox = new MutationOutbox({ storage, transport, connectivity: new StaticConnectivity(false) }, { mutations: [{ type: MUTATION_TYPE, kind: 'update' }] });
  await outbox.start();
  const status = outbox.getStatus();
  const page = await outbox.getOutboxEntries({ limit: 100 });
  return { pending: status.pending, page: page.entries.length };
}

function openRaw(dir: string, key: BenchKey): Opened {
  const db = openRawSqlCipher(join(dir, 'raw.db'), key);
  // The minimal status: the newest seq (an index lookup), then the first page.
  const newest = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM outbox').get() as { seq: number };
  const page = db.prepare('SELECT seq, id, entity_id, payload FROM outbox ORDER BY seq LIMIT 100').all();
  return { pending: newest.seq, page: page.length };
}

async function openReduxOffline(dir: string): Promise<Opened> {
  const app = createReduxOfflineApp(new DurableFileStorage(dir));
  await app.ready;
  const outbox = (app.store.getState() as { offline: { outbox: unknown[] } }).offline.outbox;
  return { pending: outbox.length, page: outbox.slice(0, 100).length };
}

async function openTanstack(dir: string): Promise<Opened> {
  onlineManager.setOnline(false);
  const { client, persister } = createTanstackApp(new DurableFileStorage(dir), 'http://127.0.0.1:9');
  await persistQueryClientRestore({ queryClient: client, persister, maxAge: Infinity });
  const paused = client.getMutationCache().getAll().filter((mutation) => mutation.state.isPaused);
  return { pending: paused.length, page: paused.slice(0, 100).length };
}

const [variant = '', dir = '', kind = 'none', secret = ''] = process.argv.slice(2);
const key: BenchKey = kind === 'raw' ? { kind: 'raw', hex: secret } : { kind: 'passphrase', passphrase: secret };
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
const start = process.hrtime.bigint();
const opened =
  variant === 'outbox' ? await openOutbox(dir, key) : variant === 'raw-sqlite' ? openRaw(dir, key) : variant === 'redux-offline' ? await openReduxOffline(dir) : await openTanstack(dir);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const rssMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
process.stdout.write(`${JSON.stringify({ ms, rssMb, ...opened })}\n`);
process.exit(0);
