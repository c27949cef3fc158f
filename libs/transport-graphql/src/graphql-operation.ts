import type { JsonObject, OutboxEntry } from '@mutation-outbox/core';
import type { ResultExtractor } from '@mutation-outbox/transport-http';

/** How one mutation type maps onto a GraphQL mutation. */
export interface GraphqlOperation {
  /** The GraphQL document (one mutation operation). */
  readonly document: string;
  /** The operation's variables for an entry (expected versions go here, e.g. `expectedVersion`). */
  variables(entry: OutboxEntry): JsonObject;
  /**
   * Reads the server id and version from `data` of a successful result; should throw when `data`
   * does not have the expected shape (the response then classifies as `INVALID_RESPONSE`).
   */
  readonly result: ResultExtractor;
}

/** Operations by mutation type (`contact.create` → `createContact`). */
export type GraphqlOperations = Readonly<Record<string, GraphqlOperation>>;
