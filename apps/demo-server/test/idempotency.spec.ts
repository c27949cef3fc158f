import { describe, expect, it } from 'vitest';
import { createContact, startTestServer } from './harness';

describe('Idempotency-Key', () => {
  it('replays the stored response for a repeated key and applies the write once', async () => {
    const t = await startTestServer();
    const headers = { 'Idempotency-Key': 'k-1' };
    const first = await t.call('POST', '/contacts', { body: { name: 'Ada' }, headers });
    const second = await t.call('POST', '/contacts', { body: { name: 'Ada' }, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(t.server.state().contacts).toHaveLength(1);
    const log = t.server.appliedLog();
    expect(log.applied).toHaveLength(1);
    expect(log.keyArrivals).toEqual({ 'k-1': 2 });
  });

  it('replays after a server restart on the same database file', async () => {
    const t = await startTestServer();
    const created = await createContact(t, { name: 'Ada' }, 'create-1');
    const update = { body: { name: 'Ada L.' }, headers: { 'Idempotency-Key': 'update-1', 'If-Match': '"1"' } };
    const updated = await t.call('PATCH', `/contacts/${created.id}`, update);
    const restarted = await t.restart();
    const again = await restarted.call('POST', '/contacts', { body: { name: 'Ada' }, headers: { 'Idempotency-Key': 'create-1' } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(created);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const updatedAgain = await restarted.call('PATCH', `/contacts/${created.id}`, update);
    expect(updatedAgain.status).toBe(200);
    expect(updatedAgain.body).toEqual(updated.body);
    expect(restarted.server.state().contacts).toEqual([{ ...created, name: 'Ada L.', version: 2 }]);
    expect(restarted.server.appliedLog().applied.map((e) => e.idempotencyKey)).toEqual(['create-1', 'update-1']);
    expect(restarted.server.appliedLog().keyArrivals).toEqual({ 'create-1': 2, 'update-1': 2 });
  });

  it('rejects a reused key with a different request with 422 and applies nothing', async () => {
    const t = await startTestServer();
    await createContact(t, { name: 'Ada' }, 'k');
    const reused = await t.call('POST', '/contacts', { body: { name: 'Bob' }, headers: { 'Idempotency-Key': 'k' } });
    expect(reused.status).toBe(422);
    expect(reused.body).toEqual({ error: { code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) } });
    const otherPath = await t.call('POST', '/activities', { body: { name: 'Ada' }, headers: { 'Idempotency-Key': 'k' } });
    expect(otherPath.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(t.server.state().contacts).toHaveLength(1);
    // Key order inside the body does not make it a different request.
    const same = await t.call('POST', '/contacts', { body: { name: 'Ada' }, headers: { 'Idempotency-Key': 'k' } });
    expect(same.headers.get('idempotent-replayed')).toBe('true');
  });

  it('stores definitive 4xx answers but not conflicts, so a conflicting key can be retried', async () => {
    const t = await startTestServer();
    const invalid = await t.call('POST', '/contacts', { body: { name: '' }, headers: { 'Idempotency-Key': 'bad' } });
    const invalidAgain = await t.call('POST', '/contacts', { body: { name: '' }, headers: { 'Idempotency-Key': 'bad' } });
    expect(invalidAgain.status).toBe(422);
    expect(invalidAgain.body).toEqual(invalid.body);
    expect(invalidAgain.headers.get('idempotent-replayed')).toBe('true');

    const created = await createContact(t);
    await t.server.touch(created.id, { notes: 'elsewhere' });
    const key = { 'Idempotency-Key': 'edit' };
    const conflict = await t.call('PATCH', `/contacts/${created.id}`, { body: { name: 'X' }, headers: { ...key, 'If-Match': '1' } });
    expect(conflict.status).toBe(409);
    const rebased = await t.call('PATCH', `/contacts/${created.id}`, { body: { name: 'X' }, headers: { ...key, 'If-Match': '2' } });
    expect(rebased.status).toBe(200);
    expect(rebased.headers.get('idempotent-replayed')).toBeNull();
    expect(rebased.body).toMatchObject({ version: 3, name: 'X', notes: 'elsewhere' });
  });

  it('logs writes without a key with idempotencyKey null', async () => {
    const t = await startTestServer();
    await createContact(t);
    expect(t.server.appliedLog().applied).toEqual([
      {
        seq: 1,
        idempotencyKey: null,
        method: 'POST',
        path: '/contacts',
        status: 201,
        entityId: expect.any(String),
        at: expect.any(String),
        operation: 'contact.create',
        via: 'rest',
      },
    ]);
  });
});
