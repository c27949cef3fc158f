import { describe, expect, it } from 'vitest';
import { createContact, startTestServer } from './harness';

describe('REST contacts and activities', () => {
  it('creates a contact with a server id, version 1 and null for absent fields', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/contacts', { body: { name: 'Ada', email: 'ada@example.com' } });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.stringMatching(/^\d+$/), version: 1, name: 'Ada', email: 'ada@example.com', phone: null, notes: null });
    expect(answer.headers.get('etag')).toBe('"1"');
    const read = await t.call('GET', `/contacts/${answer.body.id}`);
    expect(read.body).toEqual(answer.body);
  });

  it('updates with PATCH and If-Match, bumping the version', async () => {
    const t = await startTestServer();
    const created = await createContact(t);
    const answer = await t.call('PATCH', `/contacts/${created.id}`, { body: { phone: '+1 555 0100', notes: null }, headers: { 'If-Match': '"1"' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: created.id, version: 2, name: 'Ada', phone: '+1 555 0100', notes: null });
    const unquoted = await t.call('PATCH', `/contacts/${created.id}`, { body: { name: 'Ada L.' }, headers: { 'If-Match': '2' } });
    expect(unquoted.body).toMatchObject({ version: 3, name: 'Ada L.' });
    const viaBody = await t.call('PATCH', `/contacts/${created.id}`, { body: { notes: 'hi', expectedVersion: 3 } });
    expect(viaBody.body).toMatchObject({ version: 4, notes: 'hi' });
    const blind = await t.call('PATCH', `/contacts/${created.id}`, { body: { notes: 'last writer wins' } });
    expect(blind.body).toMatchObject({ version: 5 });
  });

  it('deletes a contact together with its activities', async () => {
    const t = await startTestServer();
    const created = await createContact(t);
    const activity = await t.call('POST', '/activities', { body: { contactId: created.id, activity: 'call', date: '2024-02-29' } });
    expect(activity.status).toBe(201);
    const answer = await t.call('DELETE', `/contacts/${created.id}`, { headers: { 'If-Match': '"1"' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ id: created.id, deleted: true, version: 2 });
    expect((await t.call('GET', `/contacts/${created.id}`)).status).toBe(404);
    expect((await t.call('GET', `/activities?contactId=${created.id}`)).body).toEqual({ activities: [] });
    expect((await t.call('DELETE', `/contacts/${created.id}`)).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('registers activities and lists them, filtered by contact', async () => {
    const t = await startTestServer();
    const ada = await createContact(t, { name: 'Ada' });
    const bob = await createContact(t, { name: 'Bob' });
    const first = await t.call('POST', '/activities', { body: { contactId: ada.id, activity: 'call', date: '2024-01-02' } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.stringMatching(/^\d+$/), version: 1, contactId: ada.id, activity: 'call', date: '2024-01-02' });
    await t.call('POST', '/activities', { body: { contactId: Number(bob.id), activity: 'mail', date: '2024-01-03' } });
    expect((await t.call('GET', `/activities?contactId=${ada.id}`)).body.activities).toEqual([first.body]);
    expect((await t.call('GET', '/activities')).body.activities).toHaveLength(2);
    expect((await t.call('GET', '/contacts')).body.contacts.map((c: { name: string }) => c.name)).toEqual(['Ada', 'Bob']);
    expect((await t.call('GET', `/api/contacts/${ada.id}`)).body.name).toBe('Ada');
  });
});

describe('REST errors', () => {
  it('answers 422 with field-level errors for bad contacts', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/contacts', { body: { email: 'nope', phone: 12, notes: 'x'.repeat(10_001), extra: 1 } });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        fields: { name: 'required', email: 'malformed', phone: 'malformed', notes: 'too long', extra: 'unknown field' },
      },
    });
    expect((await t.call('POST', '/contacts', { body: { name: '   ' } })).body.error.fields).toEqual({ name: 'required' });
    expect((await t.call('POST', '/contacts', { body: [1, 2] })).status).toBe(422);
    expect((await t.call('POST', '/contacts', { body: 'null' })).status).toBe(422);
    const created = await createContact(t);
    expect((await t.call('PATCH', `/contacts/${created.id}`, { body: { name: null } })).body.error.fields).toEqual({ name: 'required' });
    expect((await t.call('PATCH', `/contacts/${created.id}`, { body: {}, headers: { 'If-Match': 'abc' } })).body.error.fields).toEqual({
      expectedVersion: 'malformed',
    });
  });

  it('answers 422 for bad activities, naming an unknown contact', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/activities', { body: { contactId: 'tmp_1', activity: '', date: '2023-02-29' } });
    expect(answer.status).toBe(422);
    expect(answer.body.error.fields).toEqual({ contactId: 'unknown contact', activity: 'required', date: 'malformed' });
    expect((await t.call('POST', '/activities', { body: {} })).body.error.fields).toEqual({
      contactId: 'required',
      activity: 'required',
      date: 'required',
    });
  });

  it('answers 400 for malformed JSON and 404 for unknown ids and routes', async () => {
    const t = await startTestServer();
    const bad = await t.call('POST', '/contacts', { body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    expect((await t.call('PATCH', '/contacts/999', { body: { name: 'x' } })).body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    expect((await t.call('PATCH', '/contacts/tmp_1', { body: { name: 'x' } })).status).toBe(404);
    expect((await t.call('GET', '/nowhere')).status).toBe(404);
    expect((await t.call('PUT', '/contacts/1', { body: {} })).status).toBe(405);
  });

  it('answers 409 with the current contact on a version mismatch, applying nothing', async () => {
    const t = await startTestServer();
    const created = await createContact(t);
    await t.call('PATCH', `/contacts/${created.id}`, { body: { notes: 'server side' } });
    const conflict = await t.call('PATCH', `/contacts/${created.id}`, { body: { name: 'stale' }, headers: { 'If-Match': '"1"' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({
      error: { code: 'CONFLICT', message: expect.any(String) },
      current: { id: created.id, version: 2, name: 'Ada', email: null, phone: null, notes: 'server side' },
    });
    const viaBody = await t.call('DELETE', `/contacts/${created.id}`, { body: { expectedVersion: 1 } });
    expect(viaBody.status).toBe(409);
    expect((await t.call('GET', `/contacts/${created.id}`)).body).toMatchObject({ version: 2, name: 'Ada' });
  });
});

describe('REST extras', () => {
  it('stores a 400 for a keyed malformed body, answers 413 for huge bodies and has a health check', async () => {
    const t = await startTestServer();
    const headers = { 'Idempotency-Key': 'm' };
    expect((await t.call('POST', '/contacts', { body: '{', headers })).status).toBe(400);
    const again = await t.call('POST', '/contacts', { body: '{', headers });
    expect(again.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const huge = await t.call('POST', '/contacts', { body: { name: 'x'.repeat(1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await t.call('GET', '/health')).body).toEqual({ ok: true });
    const head = await fetch(`${t.server.url}/contacts`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await t.call('GET', '/batch')).headers.get('allow')).toBe('POST');
  });
});

it('rejects __proto__ as an unknown field', async () => {
  const t = await startTestServer();
  const answer = await t.call('POST', '/contacts', { body: '{"name":"Ada","__proto__":{"x":1}}' });
  expect(answer.status).toBe(422);
  expect(Object.entries(answer.body.error.fields)).toEqual([['__proto__', 'unknown field']]);
});
