import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResponseBody } from '@mutation-outbox/transport-http';
import { classifyGraphqlResponse } from './classify-graphql-response';
import type { ClassifyGraphqlOptions } from './classify-graphql-response';

const NOW = Date.UTC(2026, 0, 1);
const json = (value: unknown): ResponseBody => ({ kind: 'json', value: value as never });
const result: ClassifyGraphqlOptions['result'] = (data) => {
  const contact = (data as { createContact: { id: string; version: number } }).createContact;
  return { serverId: contact.id, version: contact.version };
};
const classify = (status: number, body: ResponseBody, options: Partial<ClassifyGraphqlOptions> = {}, headers: Record<string, string> = {}) =>
  classifyGraphqlResponse({ status, headers: new Headers(headers), body }, { now: NOW, result, ...options });
const error = (code: string | undefined, extra: object = {}, message = `failed: ${code}`) => ({ message, ...(code ? { extensions: { code, ...extra } } : {}) });

describe('classifyGraphqlResponse', () => {
  it('data without errors → ok via the operation’s result', () => {
    const body = { data: { createContact: { id: 'c1', version: 1 } } };
    expect(classify(200, json(body))).toEqual({ kind: 'ok', serverId: 'c1', version: 1, body });
  });

  it('maps the known error codes', () => {
    expect(classify(200, json({ data: null, errors: [error('BAD_USER_INPUT', { fields: { name: 'required' } }, 'invalid input')] }))).toEqual({
      kind: 'reject',
      error: { code: 'BAD_USER_INPUT', message: 'invalid input; name: required (HTTP 200)', httpStatus: 200 },
    });
    expect(classify(200, json({ data: null, errors: [error('NOT_FOUND')] }))).toMatchObject({ kind: 'reject', error: { code: 'NOT_FOUND' } });
    expect(classify(200, json({ data: null, errors: [error('CONFLICT', { current: { id: 'c1', version: 5 } })] }))).toEqual({
      kind: 'conflict',
      error: { code: 'CONFLICT', message: 'failed: CONFLICT (HTTP 200)', httpStatus: 200 },
      serverState: { id: 'c1', version: 5 },
      serverVersion: 5,
    });
    expect(classify(200, json({ data: null, errors: [error('UNAUTHENTICATED')] }))).toMatchObject({ kind: 'auth', error: { code: 'UNAUTHENTICATED' } });
    expect(classify(200, json({ data: null, errors: [error('INTERNAL_SERVER_ERROR')] }))).toMatchObject({ kind: 'retry', error: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('unknown or missing codes → reject GRAPHQL_ERROR unless the options classify the code', () => {
    expect(classify(200, json({ data: null, errors: [error(undefined, {}, 'boom')] }))).toMatchObject({ kind: 'reject', error: { code: 'GRAPHQL_ERROR', message: 'boom (HTTP 200)' } });
    expect(classify(200, json({ data: null, errors: [error('WEIRD')] }))).toMatchObject({ kind: 'reject', error: { code: 'WEIRD' } });
    expect(classify(200, json({ data: null, errors: [error('constructor')] }))).toMatchObject({ kind: 'reject', error: { code: 'constructor' } });
    expect(classify(200, json({ data: null, errors: [error('WEIRD')] }), { errorCodes: { WEIRD: 'retry' } })).toMatchObject({ kind: 'retry', error: { code: 'WEIRD' } });
  });

  it('several errors: auth, then retry, then conflict, then reject wins', () => {
    const errors = [error('BAD_USER_INPUT'), error('CONFLICT'), error('SERVICE_UNAVAILABLE')];
    expect(classify(200, json({ data: null, errors })).kind).toBe('retry');
    expect(classify(200, json({ data: null, errors: [...errors, error('UNAUTHENTICATED')] })).kind).toBe('auth');
    expect(classify(200, json({ data: null, errors: errors.slice(0, 2) })).kind).toBe('conflict');
  });

  it('partial data: the mutation field resolved, so the write happened → ok, errors kept in the body', () => {
    const body = { data: { createContact: { id: 'c1', version: 1, notes: null } }, errors: [error('INTERNAL_SERVER_ERROR', {}, 'notes resolver failed')] };
    expect(classify(200, json(body))).toEqual({ kind: 'ok', serverId: 'c1', version: 1, body });
  });

  it('a null mutation field with errors is an error, not a success', () => {
    expect(classify(200, json({ data: { createContact: null }, errors: [error('BAD_USER_INPUT')] })).kind).toBe('reject');
    expect(classify(200, json({ data: {}, errors: [error('CONFLICT')] })).kind).toBe('conflict');
  });

  it('garbage 2xx bodies → retry INVALID_RESPONSE', () => {
    for (const body of [
      { kind: 'text', text: '<html/>', contentType: 'text/html' } as const,
      { kind: 'empty' } as const,
      json([1, 2]),
      json({ data: null }),
      json({ data: { createContact: null } }),
      json({ errors: 'nope' }),
    ]) {
      expect(classify(200, body), JSON.stringify(body)).toMatchObject({ kind: 'retry', error: { code: 'INVALID_RESPONSE' } });
    }
  });

  it('a result extractor that throws → retry INVALID_RESPONSE', () => {
    const outcome = classify(200, json({ data: { createContact: 1 } }), { result: () => { throw new Error('no id'); } });
    expect(outcome).toMatchObject({ kind: 'retry', error: { code: 'INVALID_RESPONSE', message: expect.stringContaining('no id') } });
  });

  it('non-2xx statuses classify as over REST, with the GraphQL error’s code when there is one', () => {
    expect(classify(401, json({ errors: [error('UNAUTHENTICATED')] }))).toMatchObject({ kind: 'auth', error: { code: 'UNAUTHENTICATED', httpStatus: 401 } });
    expect(classify(503, json({ errors: [error('UNAVAILABLE')] }), {}, { 'retry-after': '4' })).toMatchObject({ kind: 'retry', retryAfterMs: 4000, error: { code: 'UNAVAILABLE' } });
    expect(classify(429, json({ error: { code: 'RATE_LIMITED' } }), {}, { 'retry-after': '1' })).toMatchObject({ kind: 'retry', retryAfterMs: 1000 });
    expect(classify(400, json({ errors: [error('GRAPHQL_VALIDATION_FAILED')] }))).toMatchObject({ kind: 'reject', error: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(classify(502, { kind: 'text', text: 'bad gateway', contentType: 'text/html' })).toMatchObject({ kind: 'retry', error: { httpStatus: 502 } });
  });

  it('always returns a well-formed outcome for arbitrary bodies and statuses, never throwing', () => {
    const errorArb = fc.record({ message: fc.jsonValue(), extensions: fc.record({ code: fc.oneof(fc.constantFrom('CONFLICT', 'BAD_USER_INPUT', 'UNAUTHENTICATED', 'constructor', '__proto__', 'toString'), fc.jsonValue()), current: fc.jsonValue() }, { requiredKeys: [] }) }, { requiredKeys: [] });
    const bodyArb = fc.oneof(
      fc.jsonValue(),
      fc.record({ data: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.jsonValue())), errors: fc.oneof(fc.array(errorArb), fc.jsonValue()) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), bodyArb, (status, body) => {
        const outcome = classify(status, json(body), { result: () => ({}) });
        expect(['ok', 'retry', 'auth', 'conflict', 'reject']).toContain(outcome.kind);
        if (outcome.kind !== 'ok') expect(typeof outcome.error.code).toBe('string');
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
