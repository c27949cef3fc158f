import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyHttpResponse } from './classify-http-response';
import { httpFailureOutcome } from './http-failure-outcome';
import { parseRetryAfter } from './parse-retry-after';
import { parseResponseBody } from './parse-response-body';
import type { ResponseBody } from './parse-response-body';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const json = (value: unknown): ResponseBody => ({ kind: 'json', value: value as never });
const facts = (status: number, body: ResponseBody = { kind: 'empty' }, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body,
});
const classify = (status: number, body?: ResponseBody, headers?: Record<string, string>) => classifyHttpResponse(facts(status, body, headers), { now: NOW });

describe('classifyHttpResponse', () => {
  it('2xx → ok with the id and version from the body (numeric ids become strings)', () => {
    expect(classify(201, json({ id: 'c1', version: 1, name: 'A' }))).toEqual({ kind: 'ok', serverId: 'c1', version: 1, body: { id: 'c1', version: 1, name: 'A' } });
    expect(classify(200, json({ id: 42, version: 3 }))).toMatchObject({ kind: 'ok', serverId: '42', version: 3 });
  });

  it('2xx with an empty body → ok without id', () => {
    expect(classify(204)).toEqual({ kind: 'ok' });
  });

  it('2xx uses a custom result extractor', () => {
    const outcome = classifyHttpResponse(facts(200, json({ data: { key: 'k', rev: 9 } })), {
      now: NOW,
      result: (body) => ({ serverId: String((body as { data: { key: string } }).data.key), version: 9 }),
    });
    expect(outcome).toMatchObject({ kind: 'ok', serverId: 'k', version: 9 });
  });

  it('2xx whose extractor throws on the body → retry INVALID_RESPONSE (never throws)', () => {
    const outcome = classifyHttpResponse(facts(200, json([1, 2])), { now: NOW, result: () => { throw new Error('boom'); } });
    expect(outcome).toMatchObject({ kind: 'retry', error: { code: 'INVALID_RESPONSE', httpStatus: 200 } });
  });

  it('2xx with a non-JSON body (captive portal, proxy page) → retry INVALID_RESPONSE', () => {
    expect(classify(200, { kind: 'text', text: '<html>Sign in to Wi-Fi</html>', contentType: 'text/html' })).toMatchObject({
      kind: 'retry',
      error: { code: 'INVALID_RESPONSE', httpStatus: 200 },
    });
  });

  it('2xx whose body is an error envelope → reject with the server code', () => {
    expect(classify(200, json({ error: { code: 'QUOTA', message: 'quota exceeded' } }))).toMatchObject({
      kind: 'reject',
      error: { code: 'QUOTA', message: expect.stringContaining('quota exceeded'), httpStatus: 200 },
    });
  });

  it('5xx → retry, with Retry-After when present', () => {
    expect(classify(500)).toMatchObject({ kind: 'retry', error: { code: 'SERVER_ERROR', httpStatus: 500 } });
    expect(classify(503, json({ error: { code: 'UNAVAILABLE', message: 'down' } }), { 'retry-after': '3' })).toEqual({
      kind: 'retry',
      error: { code: 'UNAVAILABLE', message: 'down (HTTP 503)', httpStatus: 503 },
      retryAfterMs: 3000,
    });
  });

  it('429 → retry with retryAfterMs from seconds or an HTTP date', () => {
    expect(classify(429, undefined, { 'Retry-After': '120' })).toMatchObject({ kind: 'retry', retryAfterMs: 120_000, error: { code: 'RATE_LIMITED' } });
    const date = new Date(NOW + 90_000).toUTCString();
    expect(classify(429, undefined, { 'Retry-After': date })).toMatchObject({ kind: 'retry', retryAfterMs: 90_000 });
    expect(classify(429, undefined, { 'Retry-After': 'soon' })).not.toHaveProperty('retryAfterMs');
  });

  it('408 and 425 → retry', () => {
    expect(classify(408).kind).toBe('retry');
    expect(classify(425).kind).toBe('retry');
  });

  it('401 and 403 → auth', () => {
    expect(classify(401)).toMatchObject({ kind: 'auth', error: { code: 'UNAUTHORIZED', httpStatus: 401 } });
    expect(classify(403)).toMatchObject({ kind: 'auth', error: { code: 'FORBIDDEN', httpStatus: 403 } });
  });

  it('409 and 412 → conflict with the server state from `current`', () => {
    const current = { id: 'c1', version: 4, name: 'Theirs' };
    expect(classify(409, json({ error: { code: 'CONFLICT', message: 'version mismatch' }, current }))).toEqual({
      kind: 'conflict',
      error: { code: 'CONFLICT', message: 'version mismatch (HTTP 409)', httpStatus: 409 },
      serverState: current,
      serverVersion: 4,
    });
    expect(classify(412, { kind: 'text', text: 'nope', contentType: 'text/plain' })).toEqual({
      kind: 'conflict',
      error: { code: 'PRECONDITION_FAILED', message: 'nope (HTTP 412)', httpStatus: 412 },
      serverState: null,
    });
  });

  it('422 → reject naming the fields; other 4xx → reject', () => {
    const outcome = classify(422, json({ error: { code: 'VALIDATION_FAILED', message: 'invalid contact', fields: { name: 'required', email: 'malformed' } } }));
    expect(outcome).toMatchObject({ kind: 'reject', error: { code: 'VALIDATION_FAILED', httpStatus: 422 } });
    expect(outcome.kind === 'reject' && outcome.error.message).toBe('invalid contact; name: required, email: malformed (HTTP 422)');
    expect(classify(404, json({ error: { code: 'NOT_FOUND', message: 'no contact' } }))).toMatchObject({ kind: 'reject', error: { code: 'NOT_FOUND' } });
    expect(classify(400)).toMatchObject({ kind: 'reject', error: { code: 'HTTP_400', message: 'HTTP 400' } });
    expect(classify(418, json('teapot'))).toMatchObject({ kind: 'reject', error: { code: 'HTTP_418' } });
  });

  it('unexpected statuses (1xx, 3xx, nonsense) → retry UNEXPECTED_STATUS', () => {
    for (const status of [102, 302, 304, 0, 999]) expect(classify(status)).toMatchObject({ kind: 'retry', error: { code: 'UNEXPECTED_STATUS' } });
  });

  it('tolerates odd error bodies without throwing', () => {
    for (const body of [json(null), json([]), json({ error: 'string' }), json({ error: { code: 7, message: {} } }), json({ current: 5 })]) {
      expect(classify(409, body).kind).toBe('conflict');
      expect(classify(422, body).kind).toBe('reject');
      expect(classify(200, body).kind).not.toBe(undefined);
    }
  });
});

describe('classifyHttpResponse on arbitrary input', () => {
  it('always returns a well-formed outcome and never throws', () => {
    const body = fc.oneof(
      fc.jsonValue().map((value) => json(value)),
      fc.string().map((text): ResponseBody => ({ kind: 'text', text, contentType: 'text/html' })),
      fc.constant<ResponseBody>({ kind: 'empty' }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 1000 }), body, fc.string(), (status, responseBody, retryAfter) => {
        const outcome = classifyHttpResponse({ status, body: responseBody, headers: new Headers({ 'retry-after': retryAfter.replace(/[^\x20-\x7e]/g, '') }) }, { now: NOW });
        expect(['ok', 'retry', 'auth', 'conflict', 'reject']).toContain(outcome.kind);
        if (outcome.kind !== 'ok') expect(typeof outcome.error.code).toBe('string');
        if (outcome.kind === 'retry' && outcome.retryAfterMs !== undefined) expect(outcome.retryAfterMs).toBeGreaterThanOrEqual(0);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('httpFailureOutcome', () => {
  it('maps a non-2xx status to an outcome with the given detail', () => {
    expect(httpFailureOutcome(409, { code: 'CONFLICT', message: 'm', serverState: { version: 2 } })).toEqual({
      kind: 'conflict',
      error: { code: 'CONFLICT', message: 'm (HTTP 409)', httpStatus: 409 },
      serverState: { version: 2 },
      serverVersion: 2,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates; past dates clamp to 0; garbage is undefined', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5000);
    expect(parseRetryAfter(new Date(NOW - 10_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
  });
});

describe('parseResponseBody', () => {
  it('parses JSON (any +json type or no content type), keeps the rest as text', () => {
    expect(parseResponseBody('', 'application/json')).toEqual({ kind: 'empty' });
    expect(parseResponseBody('{"a":1}', 'application/json; charset=utf-8')).toEqual({ kind: 'json', value: { a: 1 } });
    expect(parseResponseBody('{"a":1}', 'application/graphql-response+json')).toEqual({ kind: 'json', value: { a: 1 } });
    expect(parseResponseBody('[1]', null)).toEqual({ kind: 'json', value: [1] });
    expect(parseResponseBody('{oops', 'application/json')).toEqual({ kind: 'text', text: '{oops', contentType: 'application/json' });
    expect(parseResponseBody('{"a":1}', 'text/html')).toEqual({ kind: 'text', text: '{"a":1}', contentType: 'text/html' });
  });
});
