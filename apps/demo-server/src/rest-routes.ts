import { runIdempotent, fingerprint } from './idempotency';
import { errorBody } from './model';
import type { Outcome, WriteChannel, WriteContext } from './model';
import type { Mutations } from './mutations';
import type { DemoRepository } from './repository';
import { isObject, parseExpectedVersion } from './validation';

/** A REST write as it reaches the domain, from a plain request or a `/batch` item. */
export interface RestWrite {
  readonly method: string;
  /** Normalised: `/contacts/12`. */
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly ifMatch: string | undefined;
  /** The parsed body (undefined when empty), or the raw text and why it is not JSON. */
  readonly body: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly raw: string; readonly message: string };
  readonly via: WriteChannel;
}

/** The answer to a REST write and whether it was replayed from a stored answer. */
export interface RestWriteResult {
  readonly outcome: Outcome;
  readonly replayed: boolean;
}

const COLLECTIONS = ['contacts', 'activities'] as const;
const ALLOWED: Record<string, string> = {
  contacts: 'GET, HEAD, POST',
  'contacts/:id': 'GET, HEAD, PATCH, DELETE',
  activities: 'GET, HEAD, POST',
  'activities/:id': 'GET, HEAD',
};

/** The first path segment of every API route (used to keep them out of the static SPA fallback). */
export const API_ROOTS: readonly string[] = [...COLLECTIONS, 'batch', 'graphql', 'admin', 'health'];

const notFound = (path: string): Outcome => ({ status: 404, body: errorBody('NOT_FOUND', `Nothing at ${path}.`) });

function match(path: string): { route: string; id?: string } | undefined {
  const [collection, id, ...rest] = path.split('/').slice(1);
  if (!COLLECTIONS.includes(collection as (typeof COLLECTIONS)[number]) || rest.length > 0) return undefined;
  return id === undefined ? { route: collection as string } : { route: `${collection}/:id`, id };
}

/** The `Allow` list of a REST path, or undefined when the path is no REST route. */
export function allowedMethods(path: string): string | undefined {
  const found = match(path);
  return found ? ALLOWED[found.route] : undefined;
}

function dispatch(mutations: Mutations, write: RestWrite, body: unknown, context: WriteContext): Outcome {
  const found = match(write.path);
  const route = found ? `${write.method} ${found.route}` : '';
  const id = found?.id ?? '';
  switch (route) {
    case 'POST contacts':
      return mutations.createContact(body, context);
    case 'PATCH contacts/:id':
      return mutations.updateContact(id, body, write.ifMatch, context);
    case 'DELETE contacts/:id':
      return mutations.deleteContact(id, body, write.ifMatch, context);
    case 'POST activities':
      return mutations.createActivity(body, context);
  }
  if (!found) return notFound(write.path);
  return { status: 405, body: errorBody('METHOD_NOT_ALLOWED', `${write.method} is not allowed on ${write.path}; use ${ALLOWED[found.route]}.`) };
}

// What makes two writes "the same request" beyond method and path: the expected version however it
// was sent (`If-Match: "3"`, `If-Match: 3` or body `expectedVersion: 3`) and the rest of the body.
function requestParts(write: RestWrite): unknown[] {
  if (!write.body.ok) return [write.ifMatch ?? null, { unparsed: write.body.raw }];
  const body = write.body.value ?? null;
  const expected = parseExpectedVersion(write.ifMatch, isObject(body) ? body['expectedVersion'] : undefined);
  if (!expected.ok || !isObject(body)) return [expected.ok ? (expected.value ?? null) : (write.ifMatch ?? null), body];
  const { expectedVersion: _ignored, ...rest } = body;
  return [expected.value ?? null, rest];
}

/**
 * Applies one REST write exactly once per `Idempotency-Key`: replays a stored answer, rejects a
 * reused key with 422 `IDEMPOTENCY_KEY_REUSED`, answers malformed JSON with 400 (stored too).
 */
export function executeRestWrite(repo: DemoRepository, mutations: Mutations, write: RestWrite): RestWriteResult {
  const key = write.idempotencyKey ?? null;
  if (key !== null && (key.length === 0 || key.length > 255)) {
    const outcome = { status: 422, body: errorBody('VALIDATION_FAILED', 'Bad Idempotency-Key.', { fields: { 'Idempotency-Key': 'malformed' } }) };
    return { outcome, replayed: false };
  }
  const print = fingerprint([write.method, write.path, ...requestParts(write)]);
  const context: WriteContext = { idempotencyKey: key, method: write.method, path: write.path, via: write.via };
  const result = runIdempotent(repo, key, print, () =>
    write.body.ok ? dispatch(mutations, write, write.body.value, context) : { status: 400, body: errorBody('BAD_REQUEST', write.body.message) },
  );
  if (result.kind === 'reused') {
    const message = `Idempotency-Key ${key} was already used for a different request.`;
    return { outcome: { status: 422, body: errorBody('IDEMPOTENCY_KEY_REUSED', message) }, replayed: false };
  }
  return { outcome: result.outcome, replayed: result.kind === 'replayed' };
}

/** Answers the REST reads: `GET /contacts`, `/contacts/:id`, `/activities?contactId=`, `/activities/:id`, `/health`. */
export function handleRestRead(repo: DemoRepository, path: string, query: URLSearchParams): Outcome {
  if (path === '/health') return { status: 200, body: { ok: true } };
  const found = match(path);
  const id = found?.id !== undefined && /^\d{1,15}$/.test(found.id) ? Number(found.id) : undefined;
  switch (found?.route) {
    case 'contacts':
      return { status: 200, body: { contacts: repo.contacts() } };
    case 'activities': {
      const contactId = query.get('contactId');
      if (contactId === null || contactId === '') return { status: 200, body: { activities: repo.activities() } };
      return { status: 200, body: { activities: /^\d{1,15}$/.test(contactId) ? repo.activities(Number(contactId)) : [] } };
    }
    case 'contacts/:id': {
      const contact = id === undefined ? undefined : repo.contact(id);
      return contact ? { status: 200, body: contact } : notFound(path);
    }
    case 'activities/:id': {
      const activity = id === undefined ? undefined : repo.activity(id);
      return activity ? { status: 200, body: activity } : notFound(path);
    }
  }
  return notFound(path);
}
