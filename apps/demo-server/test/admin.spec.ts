import { describe, expect, it } from 'vitest';
import { isLoopback } from '../src/admin-routes';
import { createContact, startTestServer } from './harness';

describe('admin endpoints', () => {
  it('lists applied writes in order with key arrival counts', async () => {
    const t = await startTestServer();
    const ada = await createContact(t, { name: 'Ada' }, 'c1');
    await createContact(t, { name: 'Ada' }, 'c1');
    await t.call('PATCH', `/contacts/${ada.id}`, { body: { name: '' }, headers: { 'Idempotency-Key': 'bad' } });
    await t.call('PATCH', `/contacts/${ada.id}`, { body: { notes: 'x' }, headers: { 'Idempotency-Key': 'u1' } });
    await t.call('DELETE', `/contacts/${ada.id}`, { headers: { 'Idempotency-Key': 'd1' } });
    const log = await t.call('GET', '/admin/log');
    expect(log.status).toBe(200);
    expect(log.body.applied.map((e: Record<string, unknown>) => [e.seq, e.idempotencyKey, e.method, e.path, e.status, e.entityId])).toEqual([
      [1, 'c1', 'POST', '/contacts', 201, ada.id],
      [2, 'u1', 'PATCH', `/contacts/${ada.id}`, 200, ada.id],
      [3, 'd1', 'DELETE', `/contacts/${ada.id}`, 200, ada.id],
    ]);
    expect(Number.isNaN(Date.parse(log.body.applied[0].at))).toBe(false);
    expect(log.body.keyArrivals).toEqual({ c1: 2, bad: 1, u1: 1, d1: 1 });
    expect(log.body).toEqual(t.server.appliedLog());
  });

  it('exposes the state, touches contacts out of band and resets everything', async () => {
    const t = await startTestServer();
    const ada = await createContact(t);
    await t.call('POST', '/activities', { body: { contactId: ada.id, activity: 'call', date: '2024-01-01' } });
    const touched = await t.call('POST', `/admin/contacts/${ada.id}/touch`, { body: { notes: 'edited elsewhere' } });
    expect(touched.status).toBe(200);
    expect(touched.body).toMatchObject({ id: ada.id, version: 2, notes: 'edited elsewhere' });
    expect((await t.call('POST', `/admin/contacts/${ada.id}/touch`, { body: { name: '' } })).status).toBe(422);
    expect((await t.call('POST', '/admin/contacts/999/touch', { body: {} })).status).toBe(404);
    const state = await t.call('GET', '/admin/state');
    expect(state.body).toEqual({ contacts: [touched.body], activities: [expect.objectContaining({ contactId: ada.id })] });
    expect(state.body).toEqual(t.server.state());
    expect((await t.call('POST', '/api/admin/reset')).status).toBe(200);
    expect(t.server.state()).toEqual({ contacts: [], activities: [] });
    expect(t.server.appliedLog()).toEqual({ applied: [], keyArrivals: {} });
  });
});

describe('CORS', () => {
  it('answers preflights with 204 and decorates every response', async () => {
    const t = await startTestServer();
    const preflight = await fetch(`${t.server.url}/contacts/1`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8100', 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'idempotency-key, if-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type, Idempotency-Key, If-Match, Authorization');
    const answer = await t.call('POST', '/contacts', { body: { name: '' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toBe('Retry-After, Idempotent-Replayed, ETag');
  });
});

describe('isLoopback', () => {
  it('admits loopback peers only', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.1.2.3'].every(isLoopback)).toBe(true);
    expect(['10.0.0.2', '::ffff:192.168.1.4', undefined, ''].some(isLoopback)).toBe(false);
  });
});
