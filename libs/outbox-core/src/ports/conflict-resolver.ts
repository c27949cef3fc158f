import type { OutboxEntry } from '../model/entry';
import type { JsonValue } from '../model/json';

/** What a resolver is told about a conflict. */
export interface ConflictContext {
  readonly entry: OutboxEntry;
  readonly serverState: JsonValue;
  readonly serverVersion?: number;
  /** How many times a resolver already answered `retry` for this entry. */
  readonly resolutions: number;
}

/**
 * A resolver's decision: `rollback` (server wins: undo the local change), `retry` (send again,
 * optionally with a new payload and expected version), or `hold` (keep as failed for the user).
 */
export type ConflictResolution =
  | { readonly action: 'rollback' }
  | { readonly action: 'retry'; readonly payload?: JsonValue; readonly expectedVersion?: number }
  | { readonly action: 'hold'; readonly reason?: string };

/** Decides what happens to an entry the server answered with a conflict. */
export interface ConflictResolver {
  resolve(context: ConflictContext): ConflictResolution | Promise<ConflictResolution>;
}
