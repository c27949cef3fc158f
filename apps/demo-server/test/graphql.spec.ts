import { describe, expect, it } from 'vitest';
import { createContact, startTestServer } from './harness';

const CREATE = `mutation Create($input: ContactInput!) { createContact(input: $input) { id version name email phone notes } }`;
const UPDATE = `mutation Update($id: ID!, $patch: ContactPatch!, $v: Int) { updateContact(id: $id, patch: $patch, expectedVersion: $v) { id version name notes } }`;
const DELETE = `mutation Delete($id: ID!, $v: Int) { deleteContact(id: $id, expectedVersion: $v) { id deleted version } }`;
const REGISTER = `mutation Register($input: ActivityInput!) { registerActivity(input: $input) { id version contactId activity date } }`;

describe('GraphQL', () => {
  it('creates, updates, deletes and registers activities like REST', async () => {
    const t = await startTestServer();
    const created = await t.graphql(CREATE, { input: { name: 'Ada', email: 'ada@example.com' } });
    expect(created.status).toBe(200);
    const contact = created.body.data.createContact;
    expect(contact).toEqual({ id: expect.stringMatching(/^\d+$/), version: 1, name: 'Ada', email: 'ada@example.com', phone: null, notes: null });
    const updated = await t.graphql(UPDATE, { id: contact.id, patch: { notes: 'n' }, v: 1 });
    expect(updated.body).toEqual({ data: { updateContact: { id: contact.id, version: 2, name: 'Ada', notes: 'n' } } });
    const activity = await t.graphql(REGISTER, { input: { contactId: contact.id, activity: 'call', date: '2024-03-01' } });
    expect(activity.body.data.registerActivity).toMatchObject({ version: 1, contactId: contact.id, activity: 'call' });
    const read = await t.graphql(`query { contacts { id name } activities(contactId: "${contact.id}") { activity } contact(id: "${contact.id}") { version } }`);
    expect(read.body.data).toEqual({ contacts: [{ id: contact.id, name: 'Ada' }], activities: [{ activity: 'call' }], contact: { version: 2 } });
    const deleted = await t.graphql(DELETE, { id: contact.id, v: 2 });
    expect(deleted.body.data.deleteContact).toEqual({ id: contact.id, deleted: true, version: 3 });
    expect(t.server.appliedLog().applied.map((e) => [e.operation, e.via, e.path])).toEqual([
      ['contact.create', 'graphql', '/graphql'],
      ['contact.update', 'graphql', '/graphql'],
      ['activity.create', 'graphql', '/graphql'],
      ['contact.delete', 'graphql', '/graphql'],
    ]);
  });

  it('reports domain errors with codes in extensions over HTTP 200', async () => {
    const t = await startTestServer();
    const invalid = await t.graphql(CREATE, { input: { name: ' ', email: 'bad' } });
    expect(invalid.status).toBe(200);
    expect(invalid.body.data).toBeNull();
    expect(invalid.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { name: 'required', email: 'malformed' } });
    const missing = await t.graphql(CREATE, { input: { email: 'a@b.co' } });
    expect(missing.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { name: 'required' } });
    const unknown = await t.graphql(REGISTER, { input: { contactId: '999', activity: 'call', date: '2024-03-01' } });
    expect(unknown.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { contactId: 'unknown contact' } });
    const notFound = await t.graphql(UPDATE, { id: '999', patch: { name: 'x' } });
    expect(notFound.body.errors[0].extensions).toEqual({ code: 'NOT_FOUND' });
    const ada = await createContact(t);
    await t.server.touch(ada.id, { notes: 'other' });
    const conflict = await t.graphql(UPDATE, { id: ada.id, patch: { name: 'x' }, v: 1 });
    expect(conflict.status).toBe(200);
    expect(conflict.body.errors[0].extensions).toEqual({ code: 'CONFLICT', current: { ...ada, notes: 'other', version: 2 } });
    expect((await t.graphql('query { nope }')).body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await t.graphql('query {')).body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const bad = await t.call('POST', '/graphql', { body: '{' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('replays a mutation for a repeated Idempotency-Key, not conflicts', async () => {
    const t = await startTestServer();
    const headers = { 'Idempotency-Key': 'g1' };
    const first = await t.graphql(CREATE, { input: { name: 'Ada' } }, headers);
    const second = await t.graphql(CREATE, { input: { name: 'Ada' } }, headers);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(t.server.state().contacts).toHaveLength(1);
    const reused = await t.graphql(CREATE, { input: { name: 'Bob' } }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const id = first.body.data.createContact.id;
    await t.server.touch(id, { notes: 'other' });
    const conflict = await t.graphql(UPDATE, { id, patch: { name: 'x' }, v: 1 }, { 'Idempotency-Key': 'g2' });
    expect(conflict.body.errors[0].extensions.code).toBe('CONFLICT');
    const retried = await t.graphql(UPDATE, { id, patch: { name: 'x' }, v: 2 }, { 'Idempotency-Key': 'g2' });
    expect(retried.body.data.updateContact).toMatchObject({ version: 3, name: 'x' });
  });

  it('rolls back every write of a document when one of its mutations fails', async () => {
    const t = await startTestServer();
    const answer = await t.graphql(`mutation { a: createContact(input: { name: "A" }) { id } b: updateContact(id: "999", patch: {}) { id } }`);
    expect(answer.body.data).toBeNull();
    expect(t.server.state().contacts).toEqual([]);
    expect(t.server.appliedLog().applied).toEqual([]);
  });

  it('answers UNAUTHENTICATED with HTTP 401 when authFail is on', async () => {
    const t = await startTestServer({ faults: { authFail: true } });
    const answer = await t.graphql(CREATE, { input: { name: 'Ada' } }, { 'Idempotency-Key': 'g' });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(t.server.state().contacts).toEqual([]);
    t.server.setFaults({ authFail: false });
    expect((await t.graphql(CREATE, { input: { name: 'Ada' } }, { 'Idempotency-Key': 'g' })).body.data.createContact.version).toBe(1);
  });
});
