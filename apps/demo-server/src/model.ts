/** A contact as the server stores and returns it; absent optional fields are `null`. */
export interface Contact {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly notes: string | null;
}

/** An activity registered against a contact; `date` is `YYYY-MM-DD`. */
export interface Activity {
  readonly id: string;
  readonly version: number;
  readonly contactId: string;
  readonly activity: string;
  readonly date: string;
}

/** Everything the server holds, in id order (`GET /admin/state`). */
export interface ServerState {
  readonly contacts: Contact[];
  readonly activities: Activity[];
}

/** The mutation types of the protocol, plus the admin-only out-of-band edit. */
export type OperationName = 'contact.create' | 'contact.update' | 'contact.delete' | 'activity.create' | 'contact.touch';

/** Which door a write came through. */
export type WriteChannel = 'rest' | 'batch' | 'graphql' | 'admin';

/** One applied write, in the order the server applied it (`GET /admin/log`). */
export interface AppliedLogEntry {
  /** 1, 2, 3... in apply order; never reused, also not after a reset. */
  readonly seq: number;
  readonly idempotencyKey: string | null;
  /** The HTTP method and normalised path (`/contacts/12`, `/graphql`) the write arrived with. */
  readonly method: string;
  readonly path: string;
  /** The status of the write itself (201 create, 200 otherwise; 200 for GraphQL). */
  readonly status: number;
  readonly entityId: string;
  /** ISO 8601 time the write was applied. */
  readonly at: string;
  readonly operation: OperationName;
  readonly via: WriteChannel;
}

/** The applied-write log plus how often each idempotency key arrived (replays and rejections included). */
export interface AppliedLog {
  readonly applied: AppliedLogEntry[];
  readonly keyArrivals: Record<string, number>;
}

/** A complete HTTP answer to a write or read, before it is serialised. */
export interface Outcome {
  readonly status: number;
  readonly body: unknown;
}

/** Who is writing: recorded in the applied log next to each write. */
export interface WriteContext {
  readonly idempotencyKey: string | null;
  readonly method: string;
  readonly path: string;
  readonly via: WriteChannel;
}

/** The `{ error: { code, message, fields? } }` body every REST error carries (409s add `current`). */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
  current?: unknown;
}

/** Builds an {@link ErrorBody}; `fields` goes inside `error`, `current` next to it. */
export function errorBody(code: string, message: string, details: { fields?: Record<string, string>; current?: unknown } = {}): ErrorBody {
  const body: ErrorBody = { error: { code, message } };
  if (details.fields) body.error.fields = details.fields;
  if (details.current !== undefined) body.current = details.current;
  return body;
}
