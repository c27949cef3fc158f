import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Container } from 'inversify';
import { ConfigurationError, TOKENS } from '@mutation-outbox/core';
import type { JsonValue, OutboxEntry, Transport } from '@mutation-outbox/core';
import { FakeClock, newEntry } from '@mutation-outbox/testing';
import { cannedServer, sendJson } from '../test/canned-server';
import { demoHttpRoutes } from './demo-http-routes';
import { KyHttpTransport } from './ky-http-transport';
import type { KyHttpTransportOptions } from './ky-http-transport';
import { kyHttpTransportModule } from './ky-http-transport-module';

const entry = (type: string, entityId: string, payload: JsonValue, expectedVersion: number | null = null): OutboxEntry => ({
  ...newEntry(1, { type, entityId, payload, expectedVersion, idempotencyKey: `key-${entityId}` }),
  seq: 1,
});

const transport = (baseUrl: string, options: Partial<KyHttpTransportOptions> = {}) =>
  new KyHttpTransport({ baseUrl, routes: demoHttpRoutes, timeoutMs: 5_000, ...options });

describe('KyHttpTransport requests', () => {
  it('sends method, path, JSON body, Idempotency-Key, If-Match and the hook headers', async () => {
    const server = await cannedServer((_req, res) => sendJson(res, 200, { id: 'c 1', version: 4 }));
    const t = transport(`${server.url}/api`, { getHeaders: async () => ({ Authorization: 'Bearer t', 'idempotency-key': 'hijack' }) });
    expect(await t.send(entry('contact.update', 'c 1', { name: 'B' }, 3))).toMatchObject({ kind: 'ok', serverId: 'c 1', version: 4 });
    const [seen] = server.requests;
    expect(seen).toMatchObject({ method: 'PATCH', url: '/api/contacts/c%201', body: '{"name":"B"}' });
    expect(seen?.headers).toMatchObject({ 'idempotency-key': 'key-c 1', 'if-match': '"3"', authorization: 'Bearer t', 'content-type': 'application/json' });
  });

  it('sends no If-Match without an expected version, and no body for a delete', async () => {
    const server = await cannedServer((_req, res) => sendJson(res, 200, { id: 'c1', deleted: true, version: 2 }));
    await transport(server.url).send(entry('contact.delete', 'c1', null));
    expect(server.requests[0]?.headers['if-match']).toBeUndefined();
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', url: '/contacts/c1', body: '' });
  });

  it('uses the injected fetch', async () => {
    const seen: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      seen.push(input instanceof Request ? `${input.method} ${input.url} ${input.headers.get('idempotency-key')}` : String(input));
      return new Response(JSON.stringify({ id: 'x', version: 1 }), { status: 201, headers: { 'content-type': 'application/json' } });
    };
    const outcome = await transport('http://example.invalid/v1/', { fetch: fetchStub }).send(entry('contact.create', 'tmp_1', { name: 'A' }));
    expect(outcome).toMatchObject({ kind: 'ok', serverId: 'x' });
    expect(seen).toEqual(['POST http://example.invalid/v1/contacts key-tmp_1']);
  });

  it('classifies a failing getHeaders as auth without sending anything', async () => {
    const server = await cannedServer((_req, res) => sendJson(res, 200, {}));
    const outcome = await transport(server.url, { getHeaders: () => Promise.reject(new Error('refresh token expired')) }).send(entry('contact.create', 'tmp_1', {}));
    expect(outcome).toMatchObject({ kind: 'auth', error: { code: 'AUTH_HEADERS_UNAVAILABLE' } });
    expect(server.requests).toHaveLength(0);
  });

  it('reads Retry-After dates with the injected clock', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const at = new Date(clock.now() + 30_000).toUTCString();
    const server = await cannedServer((_req, res) => sendJson(res, 503, { error: { code: 'UNAVAILABLE' } }, { 'retry-after': at }));
    expect(await transport(server.url, { clock }).send(entry('contact.create', 'tmp_1', {}))).toMatchObject({ kind: 'retry', retryAfterMs: 30_000 });
  });
});

describe('KyHttpTransport odd responses', () => {
  const cases: Array<[string, (res: ServerResponse) => void, object]> = [
    ['200 HTML (captive portal)', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Log in</h1>'), { kind: 'retry', error: { code: 'INVALID_RESPONSE' } }],
    ['200 truncated JSON', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":'), { kind: 'retry', error: { code: 'INVALID_RESPONSE' } }],
    ['200 error envelope', (res) => sendJson(res, 200, { error: { code: 'NOPE', message: 'no' } }), { kind: 'reject', error: { code: 'NOPE' } }],
    ['502 HTML from a proxy', (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'), { kind: 'retry', error: { httpStatus: 502 } }],
    ['422 plain text', (res) => res.writeHead(422, { 'content-type': 'text/plain' }).end('bad name'), { kind: 'reject', error: { message: 'bad name (HTTP 422)' } }],
    ['socket destroyed mid-body', (res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.write('{"id"'); res.socket?.destroy(); }, { kind: 'retry', error: { code: 'NETWORK_ERROR' } }],
    ['socket destroyed before any response', (res) => res.socket?.destroy(), { kind: 'retry', error: { code: 'NETWORK_ERROR' } }],
  ];
  for (const [name, respond, expected] of cases) {
    it(`classifies ${name}`, async () => {
      const server = await cannedServer((_req, res) => respond(res));
      expect(await transport(server.url).send(entry('contact.create', 'tmp_1', { name: 'A' }))).toMatchObject(expected);
    });
  }

  it('times out when the body never completes after the headers', async () => {
    const server = await cannedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"c1",');
    });
    expect(await transport(server.url, { timeoutMs: 100 }).send(entry('contact.create', 'tmp_1', {}))).toMatchObject({ kind: 'retry', error: { code: 'TIMEOUT' } });
  });
});

describe('KyHttpTransport batch', () => {
  const batch = (url: string) => transport(url, { batchPath: 'batch' });

  it('posts the items and returns the processed prefix', async () => {
    const server = await cannedServer((_req, res) =>
      sendJson(res, 200, { results: [{ status: 201, body: { id: 'c1', version: 1 }, replayed: false }, { status: 422, body: { error: { code: 'VALIDATION_FAILED' } } }] }),
    );
    const outcomes = await batch(server.url).sendBatch!([entry('contact.create', 'tmp_1', { name: 'A' }), entry('contact.update', 'c9', { name: 'B' }, 2), entry('contact.delete', 'c9', null)]);
    expect(outcomes).toMatchObject([{ kind: 'ok', serverId: 'c1' }, { kind: 'reject', error: { code: 'VALIDATION_FAILED' } }]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      items: [
        { method: 'POST', path: 'contacts', headers: { 'Idempotency-Key': 'key-tmp_1' }, body: { name: 'A' } },
        { method: 'PATCH', path: 'contacts/c9', headers: { 'Idempotency-Key': 'key-c9', 'If-Match': '"2"' }, body: { name: 'B' } },
        { method: 'DELETE', path: 'contacts/c9', headers: { 'Idempotency-Key': 'key-c9' } },
      ],
    });
  });

  it('classifies a failed batch request as the first entry’s outcome', async () => {
    const server = await cannedServer((_req, res) => sendJson(res, 503, { error: { code: 'UNAVAILABLE' } }));
    expect(await batch(server.url).sendBatch!([entry('contact.create', 'tmp_1', {}), entry('contact.create', 'tmp_2', {})])).toMatchObject([{ kind: 'retry' }]);
  });

  it('treats a batch answer without results as a retry', async () => {
    const server = await cannedServer((_req, res) => sendJson(res, 200, { results: 'none' }));
    expect(await batch(server.url).sendBatch!([entry('contact.create', 'tmp_1', {})])).toMatchObject([{ kind: 'retry', error: { code: 'INVALID_RESPONSE' } }]);
  });

  it('sends nothing for an empty batch, and has no sendBatch without batchPath', async () => {
    const server = await cannedServer((_req, res) => sendJson(res, 200, {}));
    expect(await batch(server.url).sendBatch!([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
    expect(transport(server.url).sendBatch).toBeUndefined();
  });
});

describe('KyHttpTransport configuration', () => {
  it('throws ConfigurationError for bad options and unknown mutation types', async () => {
    expect(() => transport('not a url')).toThrow(ConfigurationError);
    expect(() => transport('http://x', { timeoutMs: 0 })).toThrow(ConfigurationError);
    expect(() => transport('http://x', { routes: {} })).toThrow(ConfigurationError);
    await expect(transport('http://x').send(entry('constructor', 'x', {}))).rejects.toBeInstanceOf(ConfigurationError);
    await expect(transport('http://x').send(entry('nope', 'x', {}))).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('kyHttpTransportModule binds TOKENS.Transport to one KyHttpTransport', () => {
    const container = new Container();
    container.bind(TOKENS.Clock).toConstantValue(new FakeClock());
    container.load(kyHttpTransportModule({ baseUrl: 'http://127.0.0.1:1', routes: demoHttpRoutes, timeoutMs: 1000 }));
    const resolved = container.get<Transport>(TOKENS.Transport);
    expect(resolved).toBeInstanceOf(KyHttpTransport);
    expect(container.get(TOKENS.Transport)).toBe(resolved);
    const bare = new Container();
    bare.load(kyHttpTransportModule({ baseUrl: 'http://127.0.0.1:1', routes: demoHttpRoutes, timeoutMs: 1000 }));
    expect(bare.get(TOKENS.Transport)).toBeInstanceOf(KyHttpTransport);
  });
});
