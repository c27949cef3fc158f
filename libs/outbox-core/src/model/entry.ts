import type { JsonValue } from './json';

/** Where an entry is in its life: pending → in_flight → succeeded | pending (retry) | failed | rolled_back. */
export type EntryStatus = 'pending' | 'in_flight' | 'succeeded' | 'failed' | 'rolled_back';

/** Statuses of entries that still need a decision or a delivery (they count against limits). */
export const ACTIVE_STATUSES: readonly EntryStatus[] = ['pending', 'in_flight', 'failed'];

/**
 * The last error an entry met: a stable code, a human message, the HTTP status when there was one
 * and, when the server said how long to wait (Retry-After), that wait in milliseconds.
 */
export interface EntryError {
  readonly code: string;
  readonly message: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  /**
   * True when the request may have reached the server and been applied though no answer says so
   * (a timeout or a connection lost after sending, a gateway error): set by transports.
   */
  readonly maybeApplied?: boolean;
}

/**
 * Why the server may already have applied an active entry's write, or null when it cannot have
 * (as far as the device knows): it accepted the write but applying the answer locally failed, or
 * the last attempt's answer was lost. Such an entry refuses `rollbackEntry` unless the caller
 * accepts the divergence.
 */
export function serverMayHaveApplied(entry: Pick<OutboxEntry, 'lastError'>): string | null {
  if (entry.lastError?.code === 'SUCCESS_HANDLER_FAILED') return 'the server accepted it (applying the answer on the device failed)';
  if (entry.lastError?.maybeApplied === true) return `the last attempt's answer was lost (${entry.lastError.code}), so the server may have applied it`;
  return null;
}

/**
 * One queued mutation as stored in the outbox. `seq` is the global enqueue order; `idempotencyKey`
 * never changes across retries, restarts and crashes.
 */
export interface OutboxEntry {
  readonly id: string;
  readonly seq: number;
  readonly idempotencyKey: string;
  readonly type: string;
  readonly entityId: string;
  readonly partitionKey: string;
  readonly payload: JsonValue;
  readonly expectedVersion: number | null;
  readonly rollbackData: JsonValue | null;
  readonly references: readonly string[];
  readonly status: EntryStatus;
  readonly attempts: number;
  /** Epoch milliseconds before which the entry is not attempted; null when due now. */
  readonly nextAttemptAt: number | null;
  readonly lastError: EntryError | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /**
   * Size counted against `maxBytes`: UTF-8 bytes of the serialized payload and rollback data (and
   * of `serverState` once a conflict's state is kept); computed by the engine's `entrySize`.
   */
  readonly sizeBytes: number;
  /**
   * The server's state of the entity from the last conflict this entry met and was sent again
   * after (client wins, field merge); absent otherwise. If the entry is undone later, its rollback
   * handler is given this state, the newest the device knows, instead of nothing.
   */
  readonly serverState?: JsonValue;
}

/** An entry before the storage gives it a sequence number. */
export type NewOutboxEntry = Omit<OutboxEntry, 'seq'>;

/** The fields of an entry that may change after it is appended. */
export type EntryPatch = Partial<
  Pick<
    OutboxEntry,
    | 'status'
    | 'attempts'
    | 'nextAttemptAt'
    | 'lastError'
    | 'payload'
    | 'expectedVersion'
    | 'rollbackData'
    | 'references'
    | 'updatedAt'
    | 'sizeBytes'
    | 'serverState'
  >
>;
