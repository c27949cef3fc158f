import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startDemoServer } from '../src/index';
import type { DemoServer, DemoServerOptions } from '../src/index';

/** A parsed HTTP answer: status, headers and the JSON body (or null when empty / not JSON). */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke into bodies freely
  readonly body: any;
}

/** Options of one call: a JSON body (serialised unless already a string) and extra headers. */
export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A running server plus helpers bound to it; closed and deleted after the current test. */
export interface TestServer {
  readonly server: DemoServer;
  readonly dbPath: string;
  readonly dir: string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  graphql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Answer>;
  /** Closes this server and starts a new one on the same database file. */
  restart(): Promise<TestServer>;
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Sends one request to `baseUrl` and parses the answer. */
export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(baseUrl + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

function bind(server: DemoServer, dir: string, dbPath: string, options: Partial<DemoServerOptions>): TestServer {
  const self: TestServer = {
    server,
    dir,
    dbPath,
    call: (method, path, callOptions) => call(server.url, method, path, callOptions),
    graphql: (query, variables, headers) =>
      call(server.url, 'POST', '/graphql', { body: { query, variables }, ...(headers ? { headers } : {}) }),
    restart: async () => {
      await server.close();
      const next = await startDemoServer({ ...options, port: 0, dbPath });
      cleanups.push(() => next.close());
      return bind(next, dir, dbPath, options);
    },
  };
  return self;
}

/** Starts a demo server on 127.0.0.1:0 with a fresh temporary database. */
export async function startTestServer(options: Partial<DemoServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-server-'));
  const dbPath = join(dir, 'demo.db');
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const server = await startDemoServer({ ...options, port: 0, dbPath });
  cleanups.push(() => server.close());
  return bind(server, dir, dbPath, options);
}

/** Creates a contact and returns its body (asserting nothing beyond a 201). */
export async function createContact(t: TestServer, body: Record<string, unknown> = { name: 'Ada' }, key?: string) {
  const answer = await t.call('POST', '/contacts', { body, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) });
  if (answer.status !== 201) throw new Error(`create failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { id: string; version: number; name: string };
}
