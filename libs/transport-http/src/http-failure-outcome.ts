import type { EntryError, JsonValue, TransportOutcome } from '@mutation-outbox/core';

/** What a failed response said, as far as the caller could read it from the body and headers. */
export interface HttpFailureDetail {
  /** The server's machine-readable error code, if any (e.g. `VALIDATION_FAILED`). */
  readonly code?: string;
  /** The server's human-readable message, if any. */
  readonly message?: string;
  /** Per-field validation messages (`{ name: 'required' }`), appended to the message. */
  readonly fields?: Readonly<Record<string, string>>;
  /** For 409/412: the entity as the server has it now. */
  readonly serverState?: JsonValue;
  /** From `Retry-After`, already converted to milliseconds from now. */
  readonly retryAfterMs?: number;
}

/** The outcome family a status belongs to (2xx → `ok`). */
export type HttpStatusKind = TransportOutcome['kind'];

/**
 * Maps an HTTP status to its outcome family: 2xx ok; 401/403 auth; 409/412 conflict; 408, 425,
 * 429 and 5xx retry; other 4xx reject; anything else (1xx, 3xx, out of range) retry.
 */
export function httpStatusKind(status: number): HttpStatusKind {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403) return 'auth';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 408 || status === 425 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'reject';
  return 'retry';
}

const DEFAULT_CODES: Readonly<Record<number, string>> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  425: 'TOO_EARLY',
  429: 'RATE_LIMITED',
};

function defaultCode(status: number): string {
  if (status >= 500 && status < 600) return 'SERVER_ERROR';
  if (status >= 400 && status < 500) return DEFAULT_CODES[status] ?? `HTTP_${status}`;
  return 'UNEXPECTED_STATUS';
}

function describe(status: number, detail: HttpFailureDetail): string {
  const fields = Object.entries(detail.fields ?? {})
    .map(([field, problem]) => `${field}: ${problem}`)
    .join(', ');
  const text = [detail.message, fields].filter((part) => part).join('; ');
  return text ? `${text} (HTTP ${status})` : `HTTP ${status}`;
}

/** The entity's version in a server state object (`{ version: 3 }`), if it has a numeric one. */
export function versionOf(state: JsonValue | undefined): number | undefined {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return undefined;
  const version = state['version'];
  return typeof version === 'number' && Number.isFinite(version) ? version : undefined;
}

/** The outcome families other than `ok`. */
export type FailureKind = Exclude<HttpStatusKind, 'ok'>;

/**
 * Builds an outcome of the given family for a response with status `status`: the error code is
 * `detail.code`, else one derived from the status; the message joins the server's message, its
 * field errors and the status. For GraphQL, where the family comes from an error code.
 */
export function failureOutcome(kind: FailureKind, status: number, detail: HttpFailureDetail = {}): TransportOutcome {
  const error: EntryError = { code: detail.code ?? defaultCode(status), message: describe(status, detail), httpStatus: status };
  switch (kind) {
    case 'auth':
    case 'reject':
      return { kind, error };
    case 'conflict': {
      const serverState = detail.serverState ?? null;
      const serverVersion = versionOf(serverState);
      return serverVersion === undefined ? { kind, error, serverState } : { kind, error, serverState, serverVersion };
    }
    case 'retry':
      return detail.retryAfterMs === undefined ? { kind, error } : { kind, error, retryAfterMs: detail.retryAfterMs };
  }
}

/**
 * Builds the classified outcome of a response whose status is not 2xx, its family chosen by
 * `httpStatusKind`. A 2xx status gives a retry `UNEXPECTED_STATUS`: callers classify successes
 * themselves.
 */
export function httpFailureOutcome(status: number, detail: HttpFailureDetail = {}): TransportOutcome {
  const kind = httpStatusKind(status);
  return kind === 'ok' ? failureOutcome('retry', status, { ...detail, code: 'UNEXPECTED_STATUS' }) : failureOutcome(kind, status, detail);
}
