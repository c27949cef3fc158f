import type { PlanItem } from './plan';

/** How the outbox orders delivery in a run. */
export type Ordering = 'global' | 'partition';

/** A plan item the worker enqueued: its entry id and idempotency key. */
export interface CommittedRecord {
  readonly index: number;
  readonly entryId: string;
  readonly key: string;
}

/** An entry still stored in the outbox database at the end (succeeded entries are removed). */
export interface OutboxRecord {
  readonly id: string;
  readonly seq: number;
  readonly key: string;
  readonly status: 'pending' | 'in_flight' | 'succeeded' | 'failed' | 'rolled_back';
  readonly lastError: { readonly code: string; readonly httpStatus?: number } | null;
}

/** One write the server applied, in the order it applied them (`GET /admin/log`). */
export interface AppliedRecord {
  readonly seq: number;
  readonly key: string | null;
  readonly operation: string;
  readonly entityId: string;
}

/** A contact as the server holds it. */
export interface ContactState {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly notes: string | null;
}

/** An activity as the server holds it. */
export interface ActivityState {
  readonly id: string;
  readonly version: number;
  readonly contactId: string;
  readonly activity: string;
  readonly date: string;
}

/** Contacts and activities, in any order. */
export interface EntityState {
  readonly contacts: readonly ContactState[];
  readonly activities: readonly ActivityState[];
}

/** The app's own optimistic tables at the end (no versions: the app does not track them). */
export interface LocalState {
  readonly contacts: readonly Omit<ContactState, 'version'>[];
  readonly activities: readonly Omit<ActivityState, 'version'>[];
}

/** Everything a chaos run's verdict is computed from: the plan, what the parent heard, the outbox database and the server's record. */
export interface RunEvidence {
  readonly ordering: Ordering;
  readonly plan: readonly PlanItem[];
  /** Enqueues the worker reported as resolved (the parent heard of them). */
  readonly acknowledged: readonly CommittedRecord[];
  /** The app's table of enqueued plan items, read from the outbox database at the end. */
  readonly committed: readonly CommittedRecord[];
  /** Entries left in the outbox database. */
  readonly outbox: readonly OutboxRecord[];
  /** The server's applied-write log. */
  readonly applied: readonly AppliedRecord[];
  /** The server's final state. */
  readonly server: EntityState;
  /** The app's local tables, when they were read. */
  readonly local?: LocalState;
}
