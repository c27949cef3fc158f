import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ky from 'ky';
import { contactPayload, entityIdOf } from '../fixtures-data';
import { openRawSqlCipher, rawOutbox } from '../raw-sqlite';
import type { BenchKey } from '../raw-sqlite';
import type { DrainableQueue } from '../queue-under-test';

/** Options of the raw-SQLite limit. */
export interface RawQueueOptions {
  readonly key: BenchKey;
  readonly baseUrl: string;
  /** Keep the database in this folder (created if missing) instead of a temporary one removed on close. */
  readonly dir?: string;
  /** HTTP client of the drain loop. Default `ky`. */
  readonly client?: 'ky' | 'fetch';
  /** Rows per request (`POST /batch`) and per delete transaction; 1 = one PATCH and one delete each. */
  readonly batchSize?: number;
}

const PAGE = 100;
const PREFILL_CHUNK = 10_000;

interface Row {
  seq: number;
  id: string;
  entity_id: string;
  payload: string;
}

type Send = (method: string, url: string, headers: Record<string, string>, body: string) => Promise<unknown>;

/** The same request through ky (retry 0, no throw on HTTP errors: the outbox's own settings) or fetch. */
function sender(client: 'ky' | 'fetch'): Send {
  const http = ky.create({ retry: 0, throwHttpErrors: false, timeout: false });
  return async (method, url, headers, body) => {
    const init = { method, headers: { accept: 'application/json', 'content-type': 'application/json', ...headers }, body };
    const response = client === 'ky' ? await http(url, init) : await fetch(url, init);
    if (response.status >= 300) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };
}

/**
 * The physical limit: better-sqlite3-multiple-ciphers on the same key, WAL and synchronous=FULL,
 * one INSERT per transaction for an enqueue (all in one for a concurrent wave); the drain is a
 * plain sequential loop: read a page, send each row (or each `batchSize` rows to /batch), delete
 * it durably (one transaction per request).
 */
export async function createRawQueue(options: RawQueueOptions, depth: number): Promise<DrainableQueue> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'raw-bench-'));
  mkdirSync(dir, { recursive: true });
  const raw = rawOutbox(openRawSqlCipher(join(dir, 'raw.db'), options.key, 'FULL'));
  const send = sender(options.client ?? 'ky');
  const batchSize = options.batchSize ?? 1;
  const row = (n: number) => [randomUUID(), entityIdOf(n), JSON.stringify(contactPayload(n))] as const;
  const headersOf = (r: Row) => ({ 'Idempotency-Key': r.id, 'If-Match': '"1"' });
  const deliverOne = async (r: Row) => {
    await send('PATCH', `${options.baseUrl}/contacts/${encodeURIComponent(r.entity_id)}`, headersOf(r), r.payload);
    raw.remove(r.seq);
  };
  const deliverBatch = async (rows: readonly Row[]) => {
    const items = rows.map((r) => `{"method":"PATCH","path":"contacts/${encodeURIComponent(r.entity_id)}","headers":${JSON.stringify(headersOf(r))},"body":${r.payload}}`);
    await send('POST', `${options.baseUrl}/batch`, {}, `{"items":[${items.join(',')}]}`);
    raw.removeMany(rows.map((r) => r.seq));
  };
  for (let done = 0; done < depth; done += PREFILL_CHUNK) {
    raw.insertMany(Array.from({ length: Math.min(PREFILL_CHUNK, depth - done) }, (_, i) => row(done + i)));
  }
  const depthSeq = raw.maxSeq();
  return {
    async enqueue(n) {
      const [id, entityId, payload] = row(n);
      raw.insert(id, entityId, payload);
    },
    async enqueueConcurrent(ns) {
      raw.insertMany(ns.map(row));
    },
    async trim() {
      raw.truncateAfter(depthSeq);
    },
    async drain(count) {
      let delivered = 0;
      while (delivered < count) {
        const page = raw.firstPage(Math.min(PAGE, count - delivered)) as Row[];
        if (page.length === 0) throw new Error(`raw drain found ${delivered} of ${count} rows`);
        if (batchSize === 1) for (const r of page) await deliverOne(r);
        else for (let i = 0; i < page.length; i += batchSize) await deliverBatch(page.slice(i, i + batchSize));
        delivered += page.length;
      }
    },
    async close() {
      raw.db.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
