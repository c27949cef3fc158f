import type { RetryOutcome } from '@mutation-outbox/core';

function causeCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Classifies a request that produced no response (refused, reset, dropped socket, DNS failure,
 * timeout) as a `retry`: `TIMEOUT` when the deadline passed (`timedOut`, or a ky `TimeoutError`),
 * otherwise `NETWORK_ERROR` with the low-level cause (e.g. `ECONNREFUSED`) in the message.
 * Resending is safe because the request carried its idempotency key.
 */
export function classifyRequestFailure(error: unknown, timedOut: boolean): RetryOutcome {
  if (timedOut || (error instanceof Error && error.name === 'TimeoutError')) {
    return { kind: 'retry', error: { code: 'TIMEOUT', message: `No response before the deadline: ${messageOf(error)}` } };
  }
  const cause = causeCode(error);
  return { kind: 'retry', error: { code: 'NETWORK_ERROR', message: cause ? `${messageOf(error)} (${cause})` : messageOf(error) } };
}
