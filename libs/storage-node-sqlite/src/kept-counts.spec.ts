import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryStatus, OutboxCounts } from '@mutation-outbox/core';
import { SeededRandom, newEntry } from '@mutation-outbox/testing';
import { SqlOutboxStorage } from '@mutation-outbox/storage-sql';
import { BetterSqliteDriver } from './better-sqlite-driver';
import type { NodeSqliteStorage } from './node-sqlite-storage';
import { openSqlCipherDatabase } from './open-sqlcipher-database';
import { openStorage, tempDir, TEST_RAW_KEY } from '../test/node-sqlite-harness';

const STATUSES: readonly EntryStatus[] = ['pending', 'in_flight', 'succeeded', 'failed', 'rolled_back'];
const ROOMY = { maxEntries: 1_000_000, maxBytes: 1_000_000_000 };

describe('counts kept in memory by SqlOutboxStorage (NodeSqliteStorage)', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  let oracle: BetterSqliteDriver;

  beforeEach(() => {
    temp = tempDir();
    path = join(temp.dir, 'outbox.db');
  });

  afterEach(async () => {
    await oracle?.close();
    temp.remove();
  });

  const connect = () => new BetterSqliteDriver(openSqlCipherDatabase({ path, key: { raw: TEST_RAW_KEY } }));

  /** The counts by a full scan of both entry tables on a connection of its own (nothing kept). */
  async function scanned(): Promise<OutboxCounts> {
    const rows = await oracle.all(
      'SELECT status, count(*) AS n, sum(size_bytes) AS bytes FROM (SELECT status, size_bytes FROM outbox_entries UNION ALL SELECT status, size_bytes FROM outbox_settled) GROUP BY status',
    );
    const of = (status: EntryStatus) => rows.find((row) => row['status'] === status);
    const n = (status: EntryStatus) => Number(of(status)?.['n'] ?? 0);
    const bytes = (status: EntryStatus) => Number(of(status)?.['bytes'] ?? 0);
    return {
      pending: n('pending'),
      inFlight: n('in_flight'),
      failed: n('failed'),
      rolledBack: n('rolled_back'),
      activeBytes: bytes('pending') + bytes('in_flight') + bytes('failed'),
    };
  }

  it('after a seeded mix of writes, rolled-back transactions, failing appends and groups, they equal a full scan', async () => {
    const storage = await openStorage(path);
    oracle = connect();
    const random = new SeededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)] as T;
    let next = 1;
    const entry = () => newEntry(next++, { status: pick(STATUSES), sizeBytes: 1 + Math.floor(random.next() * 100) });
    const known = () => `e${1 + Math.floor(random.next() * (next + 1))}`; // sometimes an unknown id
    const write = async (s: NodeSqliteStorage, tx?: Parameters<Parameters<NodeSqliteStorage['transaction']>[0]>[0]) => {
      const op = pick(['append', 'duplicate', 'update', 'resize', 'remove'] as const);
      const options = tx ? { tx } : {};
      if (op === 'append') await s.append([entry(), entry()], ROOMY, options);
      if (op === 'duplicate') await s.append([entry(), newEntry(1)], ROOMY, options).catch(() => undefined);
      if (op === 'update') await s.update(known(), { status: pick(STATUSES) }, options).catch(() => undefined);
      if (op === 'resize') await s.update(known(), { sizeBytes: Math.floor(random.next() * 50), attempts: 1 }, options).catch(() => undefined);
      if (op === 'remove') await s.remove(known(), options);
    };
    for (let step = 0; step < 150; step++) {
      const kind = pick(['single', 'group', 'tight-group', 'transaction', 'rolled-back', 'recover'] as const);
      if (kind === 'single') await write(storage);
      if (kind === 'group') await Promise.all(Array.from({ length: 5 }, () => write(storage)));
      if (kind === 'tight-group') {
        const active = await storage.counts().then((c) => c.pending + c.inFlight + c.failed);
        const limits = { maxEntries: active + 2, maxBytes: 1_000_000 };
        await Promise.allSettled(Array.from({ length: 4 }, () => storage.append([newEntry(next++)], limits)));
      }
      if (kind === 'transaction') await storage.transaction(async (tx) => { for (let i = 0; i < 3; i++) await write(storage, tx); });
      if (kind === 'rolled-back') {
        await storage
          .transaction(async (tx) => {
            for (let i = 0; i < 3; i++) await write(storage, tx);
            throw new Error('undo');
          })
          .catch(() => undefined);
      }
      if (kind === 'recover') await storage.recoverInFlight(step);
      expect(await storage.counts(), `after step ${step} (${kind})`).toEqual(await scanned());
    }
    await storage.close();
  });

  it('instances sharing one app-owned connection see each other’s writes', async () => {
    oracle = connect();
    const capabilities = { persistent: true, encrypted: true };
    const first = new SqlOutboxStorage({ driver: oracle, capabilities });
    const second = new SqlOutboxStorage({ driver: oracle, capabilities });
    await first.open();
    await second.open();
    await first.append([newEntry(1), newEntry(2)], ROOMY);
    expect(await second.counts()).toMatchObject({ pending: 2, activeBytes: 200 });
    await second.update('e1', { status: 'failed' });
    await second.remove('e2');
    expect(await first.counts()).toMatchObject({ pending: 0, failed: 1, activeBytes: 100 });
    await first.close();
    await second.close();
  });
});
