import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS } from '../src/index';
import { startTestServer } from './harness';

const targets = [
  ['POST', '/contacts'],
  ['PATCH', '/contacts/1'],
  ['DELETE', '/contacts/1'],
  ['POST', '/activities'],
  ['POST', '/batch'],
  ['POST', '/admin/faults'],
  ['POST', '/admin/contacts/1/touch'],
] as const;

describe('bad input', () => {
  it('never gets a 5xx, whatever the JSON body or headers', async () => {
    const t = await startTestServer();
    await t.call('POST', '/contacts', { body: { name: 'Ada' } });
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ name: fc.jsonValue(), email: fc.jsonValue(), contactId: fc.jsonValue(), date: fc.jsonValue(), expectedVersion: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({ items: fc.array(fc.record({ method: fc.constantFrom('POST', 'PATCH', 'get', 7), path: fc.string(), body: fc.jsonValue(), headers: fc.jsonValue() }, { requiredKeys: [] })) }),
      fc.string(),
    );
    const headers = fc.record({ 'If-Match': fc.string(), 'Idempotency-Key': fc.string({ minLength: 1 }) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, headers, async ([method, path], json, extra) => {
        const safeHeaders = Object.fromEntries(Object.entries(extra).filter(([, v]) => /^[\x20-\x7e]*$/.test(v)));
        const raw = typeof json === 'string' ? json : JSON.stringify(json);
        const answer = await t.call(method, path, { body: raw, headers: safeHeaders });
        expect(answer.status).toBeLessThan(500);
        // A fuzzed fault config must not leak into the next runs.
        if (path === '/admin/faults') t.server.setFaults(DEFAULT_FAULTS);
      }),
      { numRuns: 150, seed: 20240601 },
    );
    const variables = fc.dictionary(fc.constantFrom('input', 'id', 'patch', 'v'), fc.jsonValue());
    const query = fc.constantFrom(
      'mutation($input: ContactInput!) { createContact(input: $input) { id } }',
      'mutation($id: ID!, $patch: ContactPatch!, $v: Int) { updateContact(id: $id, patch: $patch, expectedVersion: $v) { id } }',
      'mutation($input: ActivityInput!) { registerActivity(input: $input) { id } }',
      'query($id: ID!) { contact(id: $id) { id } }',
    );
    await fc.assert(
      fc.asyncProperty(query, variables, async (q, vars) => {
        expect((await t.graphql(q, vars)).status).toBeLessThan(500);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
