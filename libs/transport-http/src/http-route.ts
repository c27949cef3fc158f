import type { JsonValue, OutboxEntry } from '@mutation-outbox/core';
import type { ResultExtractor } from './route-result';

/** How one mutation type maps onto a REST request. */
export interface HttpRoute {
  /** HTTP method of the write. */
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the base URL, e.g. `contacts/${entry.entityId}` (encode the parts you insert). */
  path(entry: OutboxEntry): string;
  /** Request body; default: the entry's payload (none when it is `null`). Return `undefined` for none. */
  body?(entry: OutboxEntry): JsonValue | undefined;
  /** Reads the server id and version from a 2xx body; default: `body.id` and `body.version`. */
  readonly result?: ResultExtractor;
}

/** Routes by mutation type (`contact.create` → `POST contacts`). */
export type HttpRoutes = Readonly<Record<string, HttpRoute>>;
