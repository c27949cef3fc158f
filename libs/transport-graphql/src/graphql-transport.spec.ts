import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, TOKENS } from '@mutation-outbox/core';
import type { JsonValue, OutboxEntry, Transport } from '@mutation-outbox/core';
import { FakeClock, newEntry } from '@mutation-outbox/testing';
import { demoGraphqlOperations } from './demo-graphql-operations';
import { GraphqlTransport } from './graphql-transport';
import type { GraphqlTransportOptions } from './graphql-transport';
import { graphqlTransportModule } from './graphql-transport-module';

const entry = (type: string, entityId: string, payload: JsonValue, expectedVersion: number | null = null): OutboxEntry => ({
  ...newEntry(1, { type, entityId, payload, expectedVersion, idempotencyKey: `key-${entityId}` }),
  seq: 1,
});

interface Seen {
  url: string;
  headers: Headers;
  body: unknown;
}

/** A fetch answering `respond()`, recording each request (the real-server tests are the contract suite). */
function stubFetch(respond: () => Response | Promise<Response>): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetchStub: typeof fetch = async (input) => {
    const request = input as Request;
    seen.push({ url: request.url, headers: request.headers, body: JSON.parse(await request.text()) });
    return respond();
  };
  return { fetch: fetchStub, seen };
}

const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const transport = (options: Partial<GraphqlTransportOptions> = {}) =>
  new GraphqlTransport({ endpoint: 'http://127.0.0.1:9/graphql', operations: demoGraphqlOperations, timeoutMs: 5_000, ...options });

describe('GraphqlTransport', () => {
  it('posts the document and variables to the endpoint with Idempotency-Key and the hook headers', async () => {
    const stub = stubFetch(() => jsonResponse({ data: { updateContact: { id: 'c1', version: 4 } } }));
    const t = transport({ fetch: stub.fetch, getHeaders: async () => ({ Authorization: 'Bearer t' }) });
    expect(await t.send(entry('contact.update', 'c1', { name: 'B' }, 3))).toMatchObject({ kind: 'ok', serverId: 'c1', version: 4 });
    const [seen] = stub.seen;
    expect(seen?.url).toBe('http://127.0.0.1:9/graphql');
    expect(seen?.headers.get('idempotency-key')).toBe('key-c1');
    expect(seen?.headers.get('authorization')).toBe('Bearer t');
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(seen?.body).toEqual({ query: expect.stringContaining('updateContact('), variables: { id: 'c1', patch: { name: 'B' }, expectedVersion: 3 } });
  });

  it('leaves expectedVersion out when the entry has none', async () => {
    const stub = stubFetch(() => jsonResponse({ data: { deleteContact: { id: 'c1', deleted: true, version: 2 } } }));
    expect(await transport({ fetch: stub.fetch }).send(entry('contact.delete', 'c1', null))).toMatchObject({ kind: 'ok', serverId: 'c1', version: 2 });
    expect(stub.seen[0]?.body).toMatchObject({ variables: { id: 'c1' } });
  });

  it('classifies responses without throwing', async () => {
    const cases: Array<[() => Response, object]> = [
      [() => new Response('<html>portal</html>', { status: 200, headers: { 'content-type': 'text/html' } }), { kind: 'retry', error: { code: 'INVALID_RESPONSE' } }],
      [() => jsonResponse({ data: { createContact: { name: 'no id' } } }), { kind: 'retry', error: { code: 'INVALID_RESPONSE' } }],
      [() => jsonResponse({ data: null, errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fields: { name: 'required' } } }] }), { kind: 'reject' }],
      [() => jsonResponse({ errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }, 401), { kind: 'auth', error: { httpStatus: 401 } }],
      [() => jsonResponse({ errors: [{ message: 'busy' }] }, 429, { 'retry-after': '2' }), { kind: 'retry', retryAfterMs: 2000 }],
    ];
    for (const [respond, expected] of cases) {
      expect(await transport({ fetch: stubFetch(respond).fetch }).send(entry('contact.create', 'tmp_1', { name: 'A' }))).toMatchObject(expected);
    }
  });

  it('classifies a failed fetch as a network retry and a deadline as TIMEOUT', async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }));
    expect(await transport({ fetch: refused }).send(entry('contact.create', 'tmp_1', {}))).toMatchObject({ kind: 'retry', error: { code: 'NETWORK_ERROR', message: expect.stringContaining('ECONNRESET') } });
    const hanging: typeof fetch = (input) =>
      new Promise((_resolve, reject) => (input as Request).signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    expect(await transport({ fetch: hanging, timeoutMs: 50 }).send(entry('contact.create', 'tmp_1', {}))).toMatchObject({ kind: 'retry', error: { code: 'TIMEOUT' } });
  });

  it('uses extra error codes from the options', async () => {
    const stub = stubFetch(() => jsonResponse({ data: null, errors: [{ message: 'later', extensions: { code: 'MAINTENANCE' } }] }));
    expect(await transport({ fetch: stub.fetch, errorCodes: { MAINTENANCE: 'retry' } }).send(entry('contact.create', 'tmp_1', {}))).toMatchObject({ kind: 'retry', error: { code: 'MAINTENANCE' } });
  });

  it('throws ConfigurationError for bad options and unknown mutation types', async () => {
    expect(() => transport({ endpoint: '/graphql' })).toThrow(ConfigurationError);
    expect(() => transport({ timeoutMs: Number.NaN })).toThrow(ConfigurationError);
    expect(() => transport({ operations: {} })).toThrow(ConfigurationError);
    await expect(transport().send(entry('constructor', 'x', {}))).rejects.toBeInstanceOf(ConfigurationError);
    await expect(transport().send(entry('nope', 'x', {}))).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('graphqlTransportModule binds TOKENS.Transport to one GraphqlTransport', () => {
    const container = new Container();
    container.bind(TOKENS.Clock).toConstantValue(new FakeClock());
    container.load(graphqlTransportModule({ endpoint: 'http://127.0.0.1:1/graphql', operations: demoGraphqlOperations, timeoutMs: 1000 }));
    const resolved = container.get<Transport>(TOKENS.Transport);
    expect(resolved).toBeInstanceOf(GraphqlTransport);
    expect(container.get(TOKENS.Transport)).toBe(resolved);
  });
});
