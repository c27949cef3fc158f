import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin, isLoopback } from './admin-routes';
import { batchKeys, executeBatch, validateBatch } from './batch-routes';
import type { FaultInjector } from './faults';
import { graphqlError, planGraphql } from './graphql-handler';
import { CORS_HEADERS, headerValue, normalizePath, parseJson, PREFLIGHT_HEADERS, readBody, sendJson } from './http-io';
import { errorBody } from './model';
import type { Outcome } from './model';
import type { Mutations } from './mutations';
import type { DemoRepository } from './repository';
import { allowedMethods, API_ROOTS, executeRestWrite, handleRestRead } from './rest-routes';
import { acceptsHtml, serveStatic } from './static-files';

/** Everything one request may touch. */
export interface HandlerDeps {
  readonly repo: DemoRepository;
  readonly mutations: Mutations;
  readonly faults: FaultInjector;
  /** Waits out injected latency; rejects when `signal` aborts (server closing). */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when the server closes: in-flight requests stop before touching the database. */
  readonly signal: AbortSignal;
  readonly staticDir?: string;
  readonly logRequests?: boolean;
}

type Shape = 'rest' | 'graphql';
type Applied = { outcome: Outcome; replayed: boolean };

const FAILURE_CODES: Record<number, string> = { 500: 'INTERNAL', 503: 'UNAVAILABLE', 429: 'RATE_LIMITED' };

const errorFor = (shape: Shape, status: number, code: string, message: string): Outcome => ({
  status,
  body: shape === 'graphql' ? graphqlError(code, message) : errorBody(code, message),
});

function send(res: ServerResponse, outcome: Outcome, headers: Record<string, string> = {}): void {
  sendJson(res, outcome.status, outcome.body, headers);
}

/**
 * Runs one write through the fault pipeline: count key arrivals, wait the latency, then answer 401
 * (authFail) or the injected failure, or drop the connection before or after applying, or apply and answer.
 */
async function write(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, keys: string[], shape: Shape, apply: () => Applied): Promise<void> {
  deps.repo.countArrivals(keys);
  const decision = deps.faults.decide();
  const config = deps.faults.config();
  if (config.latencyMs > 0) await deps.sleep(config.latencyMs, deps.signal);
  if (deps.signal.aborted) return;
  if (config.authFail) {
    send(res, errorFor(shape, 401, 'UNAUTHENTICATED', 'Authentication failed (injected).'), { 'WWW-Authenticate': 'Bearer' });
    return;
  }
  if (decision.fail) {
    const status = config.failureStatus;
    const retryAfter: Record<string, string> = config.retryAfterSeconds === null ? {} : { 'Retry-After': String(config.retryAfterSeconds) };
    send(res, errorFor(shape, status, FAILURE_CODES[status] ?? 'INTERNAL', `Injected ${status}.`), retryAfter);
    return;
  }
  if (decision.drop === 'before') return void req.socket.destroy();
  const { outcome, replayed } = apply();
  if (decision.drop === 'after') return void req.socket.destroy();
  send(res, outcome, replayed ? { 'Idempotent-Replayed': 'true' } : {});
}

function methodNotAllowed(res: ServerResponse, shape: Shape, method: string, path: string, allow: string): void {
  send(res, errorFor(shape, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}; use ${allow}.`), { Allow: allow });
}

async function route(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (method === 'OPTIONS') {
    res.writeHead(204, { ...CORS_HEADERS, ...PREFLIGHT_HEADERS, 'Content-Length': '0' });
    return void res.end();
  }
  const prefixed = /^\/api(\/|$)/.test(url.pathname);
  const path = normalizePath(url.pathname);
  const root = path.split('/')[1] ?? '';
  const isApi = API_ROOTS.includes(root);
  const reading = method === 'GET' || method === 'HEAD';
  if (deps.staticDir !== undefined && reading && !prefixed) {
    // Browser navigations to client-side routes get the app even when the path is also an API path.
    const navigation = acceptsHtml(req) && root !== 'admin' && root !== 'graphql';
    if (!isApi && (await serveStatic(req, res, deps.staticDir, url.pathname, navigation))) return;
    if (isApi && navigation && (await serveStatic(req, res, deps.staticDir, '/', true))) return;
  }
  const body = reading ? { text: '' } : await readBody(req);
  if ('tooLarge' in body) return send(res, errorFor(root === 'graphql' ? 'graphql' : 'rest', 413, 'PAYLOAD_TOO_LARGE', 'The body is over 1 MiB.'));
  if (deps.signal.aborted) return;

  if (root === 'admin') {
    if (!isLoopback(req.socket.remoteAddress)) return send(res, errorFor('rest', 403, 'FORBIDDEN', 'Admin routes answer loopback clients only.'));
    const json = parseJson(body.text);
    return send(res, json.ok ? handleAdmin(deps, method, path, json.value) : errorFor('rest', 400, 'BAD_REQUEST', json.message));
  }
  if (root === 'graphql' || root === 'batch') {
    if (method !== 'POST' || path !== `/${root}`) return methodNotAllowed(res, root === 'graphql' ? 'graphql' : 'rest', method, path, 'POST');
  } else if (reading) {
    return send(res, handleRestRead(deps.repo, path, url.searchParams));
  }
  const key = headerValue(req.headers, 'Idempotency-Key');
  if (root === 'graphql') {
    const plan = planGraphql(deps.repo, deps.mutations, body.text);
    if (plan.kind === 'answer') return send(res, plan.outcome);
    if (plan.kind === 'read') return send(res, plan.run());
    return write(deps, req, res, key === undefined ? [] : [key], 'graphql', () => plan.run(key));
  }
  if (root === 'batch') {
    const json = parseJson(body.text);
    const envelope = json.ok ? validateBatch(json.value) : undefined;
    const keys = envelope?.ok ? batchKeys(envelope.value) : [];
    return write(deps, req, res, keys, 'rest', () => ({
      outcome: json.ok ? executeBatch(deps.repo, deps.mutations, json.value) : errorFor('rest', 400, 'BAD_REQUEST', json.message),
      replayed: false,
    }));
  }
  const allow = allowedMethods(path);
  if (allow !== undefined && !allow.split(', ').includes(method)) return methodNotAllowed(res, 'rest', method, path, allow);
  const json = parseJson(body.text);
  return write(deps, req, res, key === undefined ? [] : [key], 'rest', () =>
    executeRestWrite(deps.repo, deps.mutations, {
      method,
      path,
      idempotencyKey: key,
      ifMatch: headerValue(req.headers, 'If-Match'),
      body: json.ok ? json : { ok: false, raw: body.text, message: json.message },
      via: 'rest',
    }),
  );
}

/** The node:http request listener of the demo server; never throws, answers 500 only on server bugs. */
export function createRequestHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    if (deps.logRequests) {
      res.on('close', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const status = res.headersSent ? String(res.statusCode) : 'dropped';
        console.log(`${req.method} ${req.url} ${status} ${ms.toFixed(1)}ms`);
      });
    }
    route(deps, req, res).catch((error: unknown) => {
      if (deps.signal.aborted) return void res.destroy();
      console.error('demo-server: unexpected error', error);
      if (!res.headersSent) send(res, errorFor('rest', 500, 'INTERNAL', 'Unexpected server error.'));
      else res.destroy();
    });
  };
}
