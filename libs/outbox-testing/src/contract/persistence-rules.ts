import { expect, it } from 'vitest';
import { EntryNotFoundError, StorageClosedError } from '@mutation-outbox/core';
import { newEntry } from '../new-entry';
import { ROOMY } from './contract-helpers';
import type { HarnessRef } from './contract-helpers';

/** MUST: status, attempts, timing, errors and the id map survive close/reopen and crashes. */
export function persistenceRules(h: HarnessRef): void {
  it('status transitions, attempts, next attempt time and last error persist across close and reopen', async () => {
    const harness = h();
    await harness.storage.append([newEntry(1), newEntry(2), newEntry(3), newEntry(4)], ROOMY);
    const lastError = { code: 'HTTP_500', message: 'boom', httpStatus: 500 };
    await harness.storage.update('e1', { status: 'in_flight', attempts: 1, updatedAt: 2_000 });
    await harness.storage.update('e2', { status: 'pending', attempts: 3, nextAttemptAt: 9_000, lastError, updatedAt: 2_001 });
    await harness.storage.update('e3', { status: 'failed', attempts: 10, lastError: { code: 'REJECTED', message: 'no' } });
    await harness.storage.update('e4', { status: 'rolled_back' });
    const reopened = await harness.reopen();
    expect(await reopened.get('e1')).toMatchObject({ status: 'in_flight', attempts: 1, updatedAt: 2_000, idempotencyKey: 'k1' });
    expect(await reopened.get('e2')).toMatchObject({ status: 'pending', attempts: 3, nextAttemptAt: 9_000, lastError, updatedAt: 2_001 });
    expect(await reopened.get('e3')).toMatchObject({ status: 'failed', attempts: 10, lastError: { code: 'REJECTED', message: 'no' } });
    expect(await reopened.get('e4')).toMatchObject({ status: 'rolled_back' });
    expect(await reopened.counts()).toEqual({ pending: 1, inFlight: 1, failed: 1, rolledBack: 1, activeBytes: 300 });
  });

  it('update changes only the fields in the patch and can rewrite payload, references and clear errors', async () => {
    const { storage } = h();
    const [appended] = await storage.append([newEntry(1, { lastError: { code: 'X', message: 'x' }, nextAttemptAt: 5 })], ROOMY);
    await storage.update('e1', { attempts: 2 });
    expect(await storage.get('e1')).toEqual({ ...appended, attempts: 2 });
    await storage.update('e1', {
      payload: { rewritten: 'srv_9' },
      references: ['srv_9'],
      expectedVersion: 4,
      rollbackData: { before: 1 },
      lastError: null,
      nextAttemptAt: null,
      sizeBytes: 150,
    });
    expect(await storage.get('e1')).toEqual({
      ...appended,
      attempts: 2,
      payload: { rewritten: 'srv_9' },
      references: ['srv_9'],
      expectedVersion: 4,
      rollbackData: { before: 1 },
      lastError: null,
      nextAttemptAt: null,
      sizeBytes: 150,
    });
    expect((await storage.counts()).activeBytes).toBe(150);
  });

  it("a conflict's server state is absent until an update sets it, then round-trips (any JSON, null included) and survives reopen", async () => {
    const harness = h();
    const [first, second] = await harness.storage.append([newEntry(1), newEntry(2)], ROOMY);
    expect(first).not.toHaveProperty('serverState');
    await harness.storage.update('e1', { serverState: { name: 'Ann', email: 'ann@example.com', version: 3 } });
    await harness.storage.update('e2', { serverState: null });
    const reopened = await harness.reopen();
    expect(await reopened.get('e1')).toEqual({ ...first, serverState: { name: 'Ann', email: 'ann@example.com', version: 3 } });
    expect(await reopened.get('e2')).toEqual({ ...second, serverState: null });
    const [third] = await reopened.append([newEntry(3, { serverState: ['kept', 1] })], ROOMY);
    expect(await reopened.get('e3')).toEqual(third);
    expect(third?.serverState).toEqual(['kept', 1]);
  });

  it('update of a missing id throws EntryNotFoundError', async () => {
    const { storage } = h();
    const error = await storage.update('missing', { status: 'failed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntryNotFoundError);
    expect(error).toMatchObject({ code: 'ENTRY_NOT_FOUND', entryId: 'missing' });
  });

  it('an entry marked in flight is still in flight after a crash (reopen without a clean close)', async () => {
    const harness = h();
    await harness.storage.append([newEntry(1), newEntry(2)], ROOMY);
    await harness.storage.update('e1', { status: 'in_flight', attempts: 1 }, { durable: false });
    const after = await harness.crashAndReopen();
    expect(await after.get('e1')).toMatchObject({ status: 'in_flight', attempts: 1, idempotencyKey: 'k1' });
    expect((await after.counts()).inFlight).toBe(1);
  });

  it('recoverInFlight moves in-flight entries to pending, keeping attempts and idempotency key', async () => {
    const harness = h();
    await harness.storage.append([newEntry(1), newEntry(2), newEntry(3)], ROOMY);
    await harness.storage.update('e1', { status: 'in_flight', attempts: 3 });
    await harness.storage.update('e3', { status: 'in_flight', attempts: 1 });
    const after = await harness.crashAndReopen();
    expect(await after.recoverInFlight(50_000)).toBe(2);
    expect(await after.get('e1')).toMatchObject({ status: 'pending', attempts: 3, idempotencyKey: 'k1', updatedAt: 50_000 });
    expect(await after.get('e3')).toMatchObject({ status: 'pending', attempts: 1, idempotencyKey: 'k3' });
    expect(await after.counts()).toMatchObject({ pending: 3, inFlight: 0 });
    expect(await after.recoverInFlight(50_001)).toBe(0);
  });

  it('durable:false writes are atomic and still visible after reopen and after a crash', async () => {
    const harness = h();
    await harness.storage.append([newEntry(1)], ROOMY, { durable: false });
    await harness.storage.update('e1', { status: 'in_flight' }, { durable: false });
    await harness.storage.putServerId('tmp_1', 'srv_1', { durable: false });
    await harness.storage.append([newEntry(2)], ROOMY);
    const crashed = await harness.crashAndReopen();
    expect(await crashed.get('e1')).toMatchObject({ status: 'in_flight' });
    const reopened = await harness.reopen();
    expect(await reopened.get('e1')).toMatchObject({ status: 'in_flight' });
    expect(await reopened.getServerId('tmp_1')).toBe('srv_1');
    expect(await reopened.get('e2')).not.toBeNull();
  });

  it('id map: reads and writes round-trip, overwrite, roll back with a transaction and survive reopen', async () => {
    const harness = h();
    const { storage } = harness;
    expect(await storage.getServerId('tmp_1')).toBeNull();
    await storage.putServerId('tmp_1', 'srv_1');
    await storage.putServerId('tmp_2', 'srv_x');
    await storage.putServerId('tmp_2', 'srv_2');
    await expect(
      storage.transaction(async (tx) => {
        await storage.putServerId('tmp_3', 'srv_3', { tx });
        await storage.putServerId('tmp_1', 'srv_changed', { tx });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const reopened = await harness.reopen();
    expect(await reopened.getServerId('tmp_1')).toBe('srv_1');
    expect(await reopened.getServerId('tmp_2')).toBe('srv_2');
    expect(await reopened.getServerId('tmp_3')).toBeNull();
  });

  it('schema version is recorded and migrations run once: open twice and reopen leave it unchanged', async () => {
    const harness = h();
    const version = await harness.storage.schemaVersion();
    expect(Number.isInteger(version) && version >= 1).toBe(true);
    await harness.storage.append([newEntry(1)], ROOMY);
    await harness.storage.open();
    expect(await harness.storage.schemaVersion()).toBe(version);
    const reopened = await harness.reopen();
    await reopened.open();
    expect(await reopened.schemaVersion()).toBe(version);
    const crashed = await harness.crashAndReopen();
    expect(await crashed.schemaVersion()).toBe(version);
    expect(await crashed.get('e1')).not.toBeNull();
  });

  it('calls after close throw StorageClosedError; open() makes the instance usable again', async () => {
    const { storage } = h();
    await storage.append([newEntry(1)], ROOMY);
    await storage.close();
    await storage.close();
    await expect(storage.counts()).rejects.toBeInstanceOf(StorageClosedError);
    await expect(storage.append([newEntry(2)], ROOMY)).rejects.toBeInstanceOf(StorageClosedError);
    await expect(storage.transaction(async () => 1)).rejects.toBeInstanceOf(StorageClosedError);
    await storage.open();
    expect(await storage.get('e1')).not.toBeNull();
  });
}
