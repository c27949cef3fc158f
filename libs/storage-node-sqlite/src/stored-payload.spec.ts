import { describe, expect, it } from 'vitest';
import { MutationOutbox, StaticConnectivity } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import { BetterSqliteDriver } from './better-sqlite-driver';
import { NodeSqliteStorage } from './node-sqlite-storage';
import { openSqlCipherDatabase } from './open-sqlcipher-database';
import { TEST_RAW_KEY, useTempDatabase } from '../test/node-sqlite-harness';

const ROOMY = { maxEntries: 1_000, maxBytes: 1_000_000 };
const unusedTransport = { send: () => Promise.reject(new Error('offline in this test')) };

describe('the payload text NodeSqliteStorage stores', () => {
  const database = useTempDatabase();

  /** The payload column of every row, read on a connection of its own. */
  async function storedPayloads(): Promise<string[]> {
    const reader = new BetterSqliteDriver(openSqlCipherDatabase({ path: database.path(), key: { raw: TEST_RAW_KEY } }));
    try {
      return (await reader.all('SELECT payload FROM outbox_entries ORDER BY seq')).map((row) => String(row['payload']));
    } finally {
      await reader.close();
    }
  }

  /** An outbox on a NodeSqliteStorage at the test's path, started offline (nothing is sent). */
  async function startedOfflineOutbox(): Promise<{ storage: NodeSqliteStorage; outbox: MutationOutbox }> {
    const storage = new NodeSqliteStorage({ path: database.path(), key: { raw: TEST_RAW_KEY } });
    const outbox = new MutationOutbox(
      { storage, transport: unusedTransport, connectivity: new StaticConnectivity(false) },
      { mutations: [{ type: 'note.update', kind: 'update' }] },
    );
    await outbox.start();
    return { storage, outbox };
  }

  it('is the payload as validated at enqueue: a change the caller makes to its object afterwards is not stored, and the size matches what is stored', async () => {
    const { outbox } = await startedOfflineOutbox();
    const payload = { text: 'café ☕ 😀' };
    const enqueued = outbox.enqueue({ type: 'note.update', entityId: 'n1', payload, rollbackData: null });
    payload.text = 'changed before the commit';
    const entry = await enqueued;
    await outbox.close();
    const [stored] = await storedPayloads();
    expect(stored).toBe(JSON.stringify({ text: 'café ☕ 😀' }));
    expect(entry.sizeBytes).toBe(new TextEncoder().encode(stored).length + 'null'.length);
  });

  it('is the payload as validated for enqueues committed together too (one multi-row INSERT)', async () => {
    const { storage, outbox } = await startedOfflineOutbox();
    const payloads = [{ text: 'first' }, { text: 'second' }];
    const enqueued = Promise.all(payloads.map((payload, i) => outbox.enqueue({ type: 'note.update', entityId: `n${i}`, payload, rollbackData: null })));
    for (const payload of payloads) payload.text = 'changed before the commit';
    await enqueued;
    expect(storage.commitCount).toBe(1);
    await outbox.close();
    expect(await storedPayloads()).toEqual([JSON.stringify({ text: 'first' }), JSON.stringify({ text: 'second' })]);
  });

  it('is the serialized payload for entries the engine did not build', async () => {
    const storage = new NodeSqliteStorage({ path: database.path(), key: { raw: TEST_RAW_KEY } });
    await storage.open();
    const entry = newEntry(7, { payload: { text: 'direct' } });
    await storage.append([entry], ROOMY);
    await storage.close();
    expect(await storedPayloads()).toEqual([JSON.stringify({ text: 'direct' })]);
  });
});
