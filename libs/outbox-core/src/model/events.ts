import type { EntryError, OutboxEntry } from './entry';
import type { JsonValue } from './json';
import type { Mutation } from './mutation';
import type { FlushResult, OkOutcome } from './results';

/** Why an entry was rolled back. */
export type RollbackReason = 'rejected' | 'conflict' | 'discarded' | 'dependency';

/** The snapshot a UI binds to: counts, connectivity, pause state, progress and next retry. */
export interface OutboxStatus {
  readonly pending: number;
  readonly inFlight: number;
  readonly failed: number;
  readonly online: boolean;
  /** Paused after an auth failure until `resume()`. */
  readonly paused: boolean;
  readonly flushing: boolean;
  /** Epoch ms of the next scheduled retry, or null. */
  readonly nextRetryAt: number | null;
  /** Progress of the running (or last) flush. */
  readonly progress: { readonly done: number; readonly total: number };
}

/** Every event the outbox emits, by name, with its payload. */
export interface OutboxEventMap {
  'entry:enqueued': { readonly entry: OutboxEntry };
  'entry:attempt': { readonly entry: OutboxEntry; readonly attempt: number };
  'entry:succeeded': { readonly entry: OutboxEntry; readonly outcome: OkOutcome };
  'entry:retry-scheduled': { readonly entry: OutboxEntry; readonly nextAttemptAt: number; readonly error: EntryError };
  'entry:failed': { readonly entry: OutboxEntry; readonly error: EntryError };
  'entry:rolled-back': { readonly entry: OutboxEntry; readonly reason: RollbackReason; readonly error: EntryError | null };
  'entry:conflict': { readonly entry: OutboxEntry; readonly serverState: JsonValue; readonly action: 'rollback' | 'retry' | 'hold' };
  /** A mutation was folded into its entity's last unsent entry (`merged`), or cancelled it (`cancelled`: create + delete). */
  'entry:coalesced': { readonly entry: OutboxEntry; readonly mutation: Mutation; readonly result: 'merged' | 'cancelled' };
  'id:mapped': { readonly tempId: string; readonly serverId: string; readonly entry: OutboxEntry };
  'auth:required': { readonly entry: OutboxEntry; readonly error: EntryError };
  'flush:started': { readonly total: number };
  'flush:progress': { readonly done: number; readonly total: number };
  'flush:finished': { readonly result: FlushResult };
  'flush:failed': { readonly error: unknown };
  'listener:error': { readonly event: string; readonly error: unknown };
  status: OutboxStatus;
}

/** The name of an outbox event. */
export type OutboxEventName = keyof OutboxEventMap;

/** A listener for one event. */
export type OutboxListener<K extends OutboxEventName> = (payload: OutboxEventMap[K]) => void;
