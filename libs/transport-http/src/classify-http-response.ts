import { asJsonObject } from '@mutation-outbox/core';
import type { JsonValue, TransportOutcome } from '@mutation-outbox/core';
import { httpFailureOutcome } from './http-failure-outcome';
import type { HttpFailureDetail } from './http-failure-outcome';
import { parseRetryAfter } from './parse-retry-after';
import type { ResponseBody } from './parse-response-body';
import { defaultRouteResult } from './route-result';
import type { ResultExtractor } from './route-result';

/** One HTTP response, reduced to what classification needs. */
export interface HttpResponseFacts {
  readonly status: number;
  /** Case-insensitive header lookup (a `Headers` object fits). */
  readonly headers: { get(name: string): string | null };
  readonly body: ResponseBody;
}

/** Inputs to classification that are not part of the response. */
export interface ClassifyHttpOptions {
  /** Epoch milliseconds now, for `Retry-After` HTTP dates. */
  readonly now: number;
  /** Reads the server id and version from a 2xx body; defaults to `body.id` / `body.version`. */
  readonly result?: ResultExtractor;
}

const MAX_TEXT_IN_MESSAGE = 200;

/** The REST error envelope `{ error: { code, message, fields } }`, when the body has one. */
function errorEnvelope(body: JsonValue): HttpFailureDetail | undefined {
  const error = asJsonObject(asJsonObject(body)?.['error']);
  if (!error) return undefined;
  const { code, message } = error;
  const fields = Object.entries(asJsonObject(error['fields']) ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const);
  if (typeof code !== 'string' && typeof message !== 'string') return undefined;
  return {
    ...(typeof code === 'string' && code ? { code } : {}),
    ...(typeof message === 'string' && message ? { message } : {}),
    ...(fields.length ? { fields: Object.fromEntries(fields) } : {}),
  };
}

function failureDetail(facts: HttpResponseFacts, now: number): HttpFailureDetail {
  const retryAfterMs = parseRetryAfter(facts.headers.get('retry-after'), now);
  const base = { ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  const { body } = facts;
  if (body.kind === 'text') return { ...base, message: body.text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_IN_MESSAGE) };
  if (body.kind === 'empty') return base;
  const current = asJsonObject(body.value)?.['current'];
  return { ...base, ...errorEnvelope(body.value), ...(current === undefined ? {} : { serverState: current }) };
}

function invalidResponse(status: number, why: string): TransportOutcome {
  return { kind: 'retry', error: { code: 'INVALID_RESPONSE', message: `${why} (HTTP ${status})`, httpStatus: status } };
}

function success(facts: HttpResponseFacts, options: ClassifyHttpOptions): TransportOutcome {
  const { body, status } = facts;
  if (body.kind === 'empty') return { kind: 'ok' };
  // Captive portals and proxies answer 200 with a page of their own: the server never saw the
  // request, and resending it under the same idempotency key is safe.
  if (body.kind === 'text') return invalidResponse(status, `success response is not JSON (${body.contentType ?? 'no content type'})`);
  const envelope = errorEnvelope(body.value);
  if (envelope) {
    // The server answered definitively that it did not apply the write; a resend would be
    // answered the same way (stored under the idempotency key), so it is permanent.
    return { kind: 'reject', error: { code: envelope.code ?? 'ERROR_IN_SUCCESS_RESPONSE', message: `${envelope.message ?? 'error'} (HTTP ${status})`, httpStatus: status } };
  }
  try {
    const { serverId, version } = (options.result ?? defaultRouteResult)(body.value);
    return {
      kind: 'ok',
      ...(serverId === undefined ? {} : { serverId }),
      ...(version === undefined ? {} : { version }),
      body: body.value,
    };
  } catch (error) {
    return invalidResponse(status, `cannot read the result: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Classifies one REST response: 2xx → `ok` (server id and version read from the body), 401/403 →
 * `auth`, 409/412 → `conflict` (server state from the body's `current`), 408/425/429/5xx → `retry`
 * (with `retryAfterMs` from `Retry-After`), other 4xx → `reject`, anything else → `retry`. A 2xx
 * whose body is not JSON is a `retry` (`INVALID_RESPONSE`); a 2xx whose body is an error envelope
 * is a `reject`. Pure and total: never throws.
 */
export function classifyHttpResponse(facts: HttpResponseFacts, options: ClassifyHttpOptions): TransportOutcome {
  if (facts.status >= 200 && facts.status < 300) return success(facts, options);
  return httpFailureOutcome(facts.status, failureDetail(facts, options.now));
}
