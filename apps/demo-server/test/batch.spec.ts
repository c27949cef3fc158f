import { describe, expect, it } from 'vitest';
import { createContact, startTestServer } from './harness';

describe('POST /batch', () => {
  it('applies items in order, each with its own idempotency key', async () => {
    const t = await startTestServer();
    const ada = await createContact(t);
    const items = [
      { method: 'POST', path: 'contacts', headers: { 'Idempotency-Key': 'b1' }, body: { name: 'Bob' } },
      { method: 'PATCH', path: `/contacts/${ada.id}`, headers: { 'Idempotency-Key': 'b2', 'If-Match': '"1"' }, body: { notes: 'n' } },
      { method: 'POST', path: '/activities', headers: { 'idempotency-key': 'b3' }, body: { contactId: ada.id, activity: 'call', date: '2024-05-01' } },
    ];
    const answer = await t.call('POST', '/batch', { body: { items } });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { status: number; replayed: boolean }) => [r.status, r.replayed])).toEqual([
      [201, false],
      [200, false],
      [201, false],
    ]);
    expect(answer.body.results[0].body).toMatchObject({ name: 'Bob', version: 1 });
    expect(answer.body.results[1].body).toMatchObject({ id: ada.id, version: 2 });
    const again = await t.call('POST', '/api/batch', { body: { items } });
    expect(again.body.results.map((r: { replayed: boolean }) => r.replayed)).toEqual([true, true, true]);
    expect(again.body.results.map((r: { body: unknown }) => r.body)).toEqual(answer.body.results.map((r: { body: unknown }) => r.body));
    const log = t.server.appliedLog();
    expect(log.applied.map((e) => [e.idempotencyKey, e.method, e.path, e.via])).toEqual([
      [null, 'POST', '/contacts', 'rest'],
      ['b1', 'POST', '/contacts', 'batch'],
      ['b2', 'PATCH', `/contacts/${ada.id}`, 'batch'],
      ['b3', 'POST', '/activities', 'batch'],
    ]);
    // A batch item and a plain request with the same key are the same request.
    const single = await t.call('POST', '/contacts', { body: { name: 'Bob' }, headers: { 'Idempotency-Key': 'b1' } });
    expect(single.headers.get('idempotent-replayed')).toBe('true');
  });

  it('stops after the first item that is not 2xx', async () => {
    const t = await startTestServer();
    const ada = await createContact(t);
    const answer = await t.call('POST', '/batch', {
      body: {
        items: [
          { method: 'POST', path: 'contacts', headers: { 'Idempotency-Key': 'x1' }, body: { name: 'Bob' } },
          { method: 'PATCH', path: `contacts/${ada.id}`, headers: { 'Idempotency-Key': 'x2', 'If-Match': '7' }, body: { name: 'Y' } },
          { method: 'POST', path: 'contacts', headers: { 'Idempotency-Key': 'x3' }, body: { name: 'Cy' } },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toHaveLength(2);
    expect(answer.body.results[1]).toEqual({ status: 409, replayed: false, body: { error: { code: 'CONFLICT', message: expect.any(String) }, current: ada } });
    expect(t.server.state().contacts.map((c) => c.name)).toEqual(['Ada', 'Bob']);
    expect(t.server.appliedLog().keyArrivals).toEqual({ x1: 1, x2: 1, x3: 1 });
  });

  it('rejects a malformed envelope with 422 before applying anything', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/batch', {
      body: { items: [{ method: 'POST', path: 'contacts', body: { name: 'A' } }, { method: 'GET', path: 7 }] },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { 'items[1].method': 'malformed', 'items[1].path': 'malformed' } });
    expect((await t.call('POST', '/batch', { body: {} })).body.error.fields).toEqual({ items: 'required' });
    expect((await t.call('POST', '/batch', { body: '[' })).status).toBe(400);
    expect(t.server.state().contacts).toEqual([]);
  });

  it('answers unknown item paths with a 404 result', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/batch', { body: { items: [{ method: 'POST', path: 'nothing', body: {} }] } });
    expect(answer.body.results).toEqual([{ status: 404, replayed: false, body: { error: { code: 'NOT_FOUND', message: expect.any(String) } } }]);
  });
});

it('treats If-Match "2", If-Match 2 and expectedVersion 2 as the same request for a key', async () => {
  const t = await startTestServer();
  const ada = await createContact(t);
  await t.call('PATCH', `/contacts/${ada.id}`, { body: { notes: 'a' } });
  const first = await t.call('PATCH', `/contacts/${ada.id}`, { body: { name: 'B' }, headers: { 'Idempotency-Key': 'v', 'If-Match': '"2"' } });
  expect(first.status).toBe(200);
  const batch = await t.call('POST', '/batch', {
    body: { items: [{ method: 'PATCH', path: `contacts/${ada.id}`, headers: { 'Idempotency-Key': 'v', 'If-Match': 2 }, body: { name: 'B' } }] },
  });
  expect(batch.body.results).toEqual([{ status: 200, body: first.body, replayed: true }]);
  const viaBody = await t.call('PATCH', `/contacts/${ada.id}`, { body: { name: 'B', expectedVersion: 2 }, headers: { 'Idempotency-Key': 'v' } });
  expect(viaBody.headers.get('idempotent-replayed')).toBe('true');
});
