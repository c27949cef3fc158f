import type { OutboxEntry } from '../model/entry';
import type { TransportOutcome } from '../model/results';

/** Per-call options of a send. */
export interface SendOptions {
  /**
   * Fires when the engine gives the attempt up (the outbox is stopping or closing): the transport
   * should abort its request. The engine no longer waits for the answer and records none.
   */
  readonly signal?: AbortSignal;
}

/**
 * Delivers entries to the server and classifies what happened.
 *
 * MUST rules (each one is a named test in `describeTransportContract`):
 * - Every request carries the entry's `idempotencyKey` (HTTP: `Idempotency-Key` header).
 * - Expected outcomes are returned as data: `ok` (2xx, with server id and version), `retry`
 *   (network error, timeout, 5xx, 429; `retryAfterMs` from Retry-After), `auth` (401/403),
 *   `conflict` (409/412, with the server state), `reject` (other 4xx, validation).
 * - A transport never retries on its own: one call, at most one delivery attempt.
 * - It throws only for programmer errors (e.g. no route for a mutation type).
 * The engine passes entries whose temporary ids are already replaced by server ids.
 */
export interface Transport {
  /** One delivery attempt for one entry. */
  send(entry: OutboxEntry, options?: SendOptions): Promise<TransportOutcome>;
  /**
   * Optional: one request for several entries, applied by the server in order, stopping at the
   * first item that is not ok. Returns one outcome per processed item, in order; items after the
   * returned prefix were not attempted.
   */
  sendBatch?(entries: readonly OutboxEntry[], options?: SendOptions): Promise<TransportOutcome[]>;
}
