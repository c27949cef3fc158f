import { asJsonObject } from '@mutation-outbox/core';
import type { JsonValue, TransportOutcome } from '@mutation-outbox/core';
import { classifyHttpResponse, failureOutcome, httpFailureOutcome, parseRetryAfter } from '@mutation-outbox/transport-http';
import type { FailureKind, HttpFailureDetail, HttpResponseFacts, ResultExtractor } from '@mutation-outbox/transport-http';

/** The outcome families a GraphQL error code can map to. */
export type GraphqlErrorKind = FailureKind;

/**
 * How `errors[].extensions.code` values classify. Codes not listed here (and errors without a
 * code) are `reject`: the server answered, and transient trouble is signalled by HTTP status or
 * by one of the retry codes below.
 */
export const GRAPHQL_ERROR_CODES: Readonly<Record<string, GraphqlErrorKind>> = {
  UNAUTHENTICATED: 'auth',
  UNAUTHORIZED: 'auth',
  FORBIDDEN: 'auth',
  INTERNAL_SERVER_ERROR: 'retry',
  INTERNAL: 'retry',
  SERVICE_UNAVAILABLE: 'retry',
  UNAVAILABLE: 'retry',
  TIMEOUT: 'retry',
  RATE_LIMITED: 'retry',
  TOO_MANY_REQUESTS: 'retry',
  CONFLICT: 'conflict',
  PRECONDITION_FAILED: 'conflict',
  BAD_USER_INPUT: 'reject',
  NOT_FOUND: 'reject',
  BAD_REQUEST: 'reject',
  VALIDATION_FAILED: 'reject',
  GRAPHQL_PARSE_FAILED: 'reject',
  GRAPHQL_VALIDATION_FAILED: 'reject',
  IDEMPOTENCY_KEY_REUSED: 'reject',
};

/** Inputs to GraphQL classification that are not part of the response. */
export interface ClassifyGraphqlOptions {
  /** Epoch milliseconds now, for `Retry-After` HTTP dates. */
  readonly now: number;
  /** The operation's reader of `data` (server id and version); may throw on data it does not understand. */
  readonly result: ResultExtractor;
  /** Extra or overriding code → kind mappings, merged over `GRAPHQL_ERROR_CODES`. */
  readonly errorCodes?: Readonly<Record<string, GraphqlErrorKind>>;
}

const PRECEDENCE: readonly GraphqlErrorKind[] = ['auth', 'retry', 'conflict', 'reject'];

interface ReadError {
  readonly kind: GraphqlErrorKind;
  readonly detail: HttpFailureDetail;
}

function readError(raw: JsonValue | undefined, codes: Readonly<Record<string, GraphqlErrorKind>>): ReadError {
  const error = asJsonObject(raw) ?? {};
  const extensions = asJsonObject(error['extensions']) ?? {};
  const code = typeof extensions['code'] === 'string' && extensions['code'] ? extensions['code'] : undefined;
  const fields = Object.entries(asJsonObject(extensions['fields']) ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const);
  const message = typeof error['message'] === 'string' ? error['message'] : undefined;
  const current = extensions['current'];
  return {
    // hasOwn: a code such as `constructor` must not pick up Object.prototype members.
    kind: code !== undefined && Object.hasOwn(codes, code) ? (codes[code] ?? 'reject') : 'reject',
    detail: {
      code: code ?? 'GRAPHQL_ERROR',
      ...(message ? { message } : {}),
      ...(fields.length ? { fields: Object.fromEntries(fields) } : {}),
      ...(current === undefined ? {} : { serverState: current }),
    },
  };
}

/** The error that decides the outcome: auth, then retry, then conflict, then reject. */
function decisive(errors: readonly JsonValue[], codes: Readonly<Record<string, GraphqlErrorKind>>): ReadError {
  const read = errors.map((e) => readError(e, codes));
  const rank = (e: ReadError) => PRECEDENCE.indexOf(e.kind);
  return read.reduce((best, e) => (rank(e) < rank(best) ? e : best));
}

function invalid(status: number, why: string): TransportOutcome {
  return { kind: 'retry', error: { code: 'INVALID_RESPONSE', message: `${why} (HTTP ${status})`, httpStatus: status } };
}

/**
 * Classifies one GraphQL-over-HTTP response. A non-2xx status classifies as over REST (401 auth,
 * 5xx/429 retry, ...), using the first GraphQL error's code and message when present. On 2xx: a
 * mutation whose root fields all resolved is `ok` (even with errors on sub-fields: the write
 * happened; they stay in `body`); otherwise `errors[].extensions.code` decides (see
 * `GRAPHQL_ERROR_CODES`; with several errors auth > retry > conflict > reject); a body that is
 * not a GraphQL result is a `retry` (`INVALID_RESPONSE`). Pure and total: never throws.
 */
export function classifyGraphqlResponse(facts: HttpResponseFacts, options: ClassifyGraphqlOptions): TransportOutcome {
  const { status, body } = facts;
  const codes = { ...GRAPHQL_ERROR_CODES, ...options.errorCodes };
  const retryAfterMs = parseRetryAfter(facts.headers.get('retry-after'), options.now);
  const root = body.kind === 'json' ? asJsonObject(body.value) : undefined;
  const errors = Array.isArray(root?.['errors']) && (root['errors'] as JsonValue[]).length > 0 ? (root['errors'] as JsonValue[]) : undefined;
  if (status < 200 || status >= 300) {
    if (!errors) return classifyHttpResponse(facts, { now: options.now });
    const first = readError(errors[0], codes);
    return httpFailureOutcome(status, { ...first.detail, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  if (!root) return invalid(status, body.kind === 'text' ? `response is not JSON (${body.contentType ?? 'no content type'})` : 'response is not a GraphQL result');
  const data = asJsonObject(root['data']);
  const fields = data ? Object.values(data) : [];
  if (data && fields.length > 0 && fields.every((value) => value !== null)) {
    try {
      const { serverId, version } = options.result(data);
      return { kind: 'ok', ...(serverId === undefined ? {} : { serverId }), ...(version === undefined ? {} : { version }), body: body.kind === 'json' ? body.value : null };
    } catch (error) {
      return invalid(status, `cannot read the result: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (errors) {
    const { kind, detail } = decisive(errors, codes);
    return failureOutcome(kind, status, { ...detail, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  return invalid(status, 'neither data nor errors in the GraphQL result');
}
