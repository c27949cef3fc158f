import { expect, it } from 'vitest';
import { OutboxError } from '@mutation-outbox/core';
import type { NewOutboxEntry } from '@mutation-outbox/core';
import { newEntry } from '../new-entry';
import { allIds, ROOMY } from './contract-helpers';
import type { HarnessRef } from './contract-helpers';

/** An entry using every field, with awkward JSON, to check the round trip. */
function richEntry(n: number): NewOutboxEntry {
  return newEntry(n, {
    partitionKey: 'partition-a',
    payload: { name: 'Zoë "quoted" \\ 😀', nested: { list: [1, 2.5, -3, true, false, null, 'x'] }, empty: {} },
    expectedVersion: 7,
    rollbackData: { previous: { name: 'Old', tags: [] } },
    references: ['tmp_a', 'tmp_b'],
    attempts: 2,
    nextAttemptAt: 1_700_000_000_123,
    lastError: { code: 'HTTP_503', message: 'Service unavailable', httpStatus: 503 },
    sizeBytes: 321,
  });
}

/** MUST: append assigns strictly increasing seq in call order, all-or-nothing, durable on resolve. */
export function appendRules(h: HarnessRef): void {
  it('append assigns strictly increasing seq in call order and reads every field back unchanged', async () => {
    const { storage } = h();
    const first = await storage.append([richEntry(1), newEntry(2), newEntry(3, { payload: 'a bare string' })], ROOMY);
    const second = await storage.append([newEntry(4, { payload: [1, 'two'] }), newEntry(5, { payload: null })], ROOMY);
    const appended = [...first, ...second];
    expect(appended.map((entry) => entry.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    for (let i = 1; i < appended.length; i++) expect(appended[i]!.seq).toBeGreaterThan(appended[i - 1]!.seq);
    expect(await storage.get('e1')).toEqual({ ...richEntry(1), seq: appended[0]!.seq });
    expect(await storage.get('e5')).toEqual({ ...newEntry(5, { payload: null }), seq: appended[4]!.seq });
    const page = await storage.list({ limit: 10 });
    expect(page.entries).toEqual(appended);
    expect(page.nextAfterSeq).toBeNull();
  });

  it('a resolved append is committed: a new instance opened without a clean close sees it', async () => {
    const harness = h();
    await harness.storage.append([richEntry(1)], ROOMY);
    const after = await harness.crashAndReopen();
    expect(await after.get('e1')).toMatchObject({ ...richEntry(1) });
  });

  it('many un-awaited appends keep call order in seq and lose nothing', async () => {
    const { storage } = h();
    const calls = Array.from({ length: 200 }, (_, i) => storage.append(i % 10 === 0 ? [newEntry(i), newEntry(1000 + i)] : [newEntry(i)], ROOMY));
    const results = (await Promise.all(calls)).flat();
    const seqs = results.map((entry) => entry.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(220);
    expect(await allIds(storage)).toEqual(results.map((entry) => entry.id));
    expect((await storage.counts()).pending).toBe(220);
  });

  it('an append is all-or-nothing: a failing entry (duplicate id) rejects it and writes none of it', async () => {
    const { storage } = h();
    await storage.append([newEntry(1)], ROOMY);
    await expect(storage.append([newEntry(2), newEntry(1)], ROOMY)).rejects.toBeInstanceOf(OutboxError);
    await expect(storage.append([newEntry(3), newEntry(3)], ROOMY)).rejects.toBeInstanceOf(OutboxError);
    expect(await allIds(storage)).toEqual(['e1']);
    expect((await storage.counts()).pending).toBe(1);
    const [next] = await storage.append([newEntry(4)], ROOMY);
    expect(next!.seq).toBeGreaterThan(1);
  });

  it('seq is never reused, even after the newest entries are removed and the storage reopened', async () => {
    const harness = h();
    const [a, b] = await harness.storage.append([newEntry(1), newEntry(2)], ROOMY);
    await harness.storage.remove('e2');
    const [c] = await harness.storage.append([newEntry(3)], ROOMY);
    expect(c!.seq).toBeGreaterThan(b!.seq);
    await harness.storage.remove('e3');
    const reopened = await harness.reopen();
    const [d] = await reopened.append([newEntry(4)], ROOMY);
    expect(d!.seq).toBeGreaterThan(c!.seq);
    expect(a!.seq).toBeLessThan(b!.seq);
  });

  it('seq is never reused after the newest entries are removed newest first, across reopen and by another instance', async () => {
    const harness = h();
    const appended = await harness.storage.append([newEntry(1), newEntry(2), newEntry(3), newEntry(4)], ROOMY);
    const top = appended[3]!.seq;
    for (const id of ['e4', 'e3', 'e2']) await harness.storage.remove(id);
    const [fifth] = await harness.storage.append([newEntry(5)], ROOMY);
    expect(fifth!.seq).toBeGreaterThan(top);
    await harness.storage.remove('e5');
    await harness.storage.remove('e1');
    const reopened = await harness.reopen();
    const [sixth] = await reopened.append([newEntry(6)], ROOMY);
    expect(sixth!.seq).toBeGreaterThan(fifth!.seq);
    const other = harness.openSecond ? await harness.openSecond() : reopened;
    await reopened.remove('e6');
    const [seventh] = await other.append([newEntry(7)], ROOMY);
    expect(seventh!.seq).toBeGreaterThan(sixth!.seq);
  });

  it('get returns null for an unknown id; remove of an unknown id is not an error', async () => {
    const { storage } = h();
    await storage.append([newEntry(1)], ROOMY);
    expect(await storage.get('nope')).toBeNull();
    await storage.remove('nope');
    await storage.remove('e1');
    expect(await storage.get('e1')).toBeNull();
    expect((await storage.counts()).pending).toBe(0);
  });
}
