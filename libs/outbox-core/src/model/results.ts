import type { EntryError, OutboxEntry } from './entry';
import type { JsonValue } from './json';

/** The server accepted the mutation. */
export interface OkOutcome {
  readonly kind: 'ok';
  /** The server's id for the entity (replaces a temporary id). */
  readonly serverId?: string;
  /** The entity's version after the write. */
  readonly version?: number;
  /** The server's response body, for the app. */
  readonly body?: JsonValue;
}

/** A transient failure (network, timeout, 5xx, 429): try again later. */
export interface RetryOutcome {
  readonly kind: 'retry';
  readonly error: EntryError;
  /** The server's Retry-After, converted to milliseconds from now. */
  readonly retryAfterMs?: number;
}

/** Credentials missing or refused (401/403): the outbox pauses until `resume()`. */
export interface AuthOutcome {
  readonly kind: 'auth';
  readonly error: EntryError;
}

/** The server's state moved on (409/412): a ConflictResolver decides. */
export interface ConflictOutcome {
  readonly kind: 'conflict';
  readonly error: EntryError;
  readonly serverState: JsonValue;
  readonly serverVersion?: number;
}

/** A permanent refusal (other 4xx, validation): the entry is rolled back. */
export interface RejectOutcome {
  readonly kind: 'reject';
  readonly error: EntryError;
}

/** Every classified result of one delivery attempt. Transports return these; they do not throw them. */
export type TransportOutcome = OkOutcome | RetryOutcome | AuthOutcome | ConflictOutcome | RejectOutcome;

/** What `flush()` did in one run. */
export interface FlushResult {
  readonly attempted: number;
  readonly succeeded: number;
  readonly retryScheduled: number;
  readonly failed: number;
  readonly rolledBack: number;
  /** Active entries (pending, in flight, failed) left when the run ended. */
  readonly remaining: number;
  /** Why the run stopped early, if it did. */
  readonly stoppedBy?: 'offline' | 'paused' | 'stopped' | 'locked';
}

/** Why `retryEntry()` queued the entry instead of sending it at once. */
export type NotAttemptedReason = 'offline' | 'paused' | 'stopped' | 'locked' | 'waiting-for-earlier';

/**
 * What `retryEntry()` did with its one immediate attempt: `succeeded`, `rolled_back` (rejected),
 * `retry` (scheduled again), `failed` (held), `auth` (outbox paused, attempt not counted) or
 * `not-attempted`: the entry is queued — pending and due now — and goes with the next flush
 * (`reason` says what held it: offline, paused, stopped, another instance delivering, or an
 * earlier entry that must go first).
 */
export interface MutationResult {
  readonly entry: OutboxEntry;
  readonly outcome: 'succeeded' | 'rolled_back' | 'retry' | 'failed' | 'auth' | 'not-attempted';
  /** Set with `not-attempted`. */
  readonly reason?: NotAttemptedReason;
}
