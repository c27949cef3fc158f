import { ConfigurationError, SystemClock } from '@mutation-outbox/core';
import type { Clock, OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';
import { HttpExchange, isAbsoluteUrl } from '@mutation-outbox/transport-http';
import { classifyGraphqlResponse } from './classify-graphql-response';
import type { GraphqlErrorKind } from './classify-graphql-response';
import type { GraphqlOperations } from './graphql-operation';

/** Configuration of a `GraphqlTransport`. */
export interface GraphqlTransportOptions {
  /** Absolute URL of the GraphQL endpoint, e.g. `https://api.example.com/graphql`. */
  readonly endpoint: string;
  /** One operation per mutation type; sending a type without one throws `ConfigurationError`. */
  readonly operations: GraphqlOperations;
  /** Deadline for the whole exchange (connect, headers and body), in milliseconds. */
  readonly timeoutMs: number;
  /** Called before every request (token refresh hook); its headers are sent with the request. */
  readonly getHeaders?: () => Promise<Record<string, string>>;
  /** The `fetch` to use (default: the global one). */
  readonly fetch?: typeof fetch;
  /** Time source for `Retry-After` dates (default: `Date.now`). */
  readonly clock?: Pick<Clock, 'now'>;
  /** Extra `errors[].extensions.code` → outcome mappings for your server's own codes. */
  readonly errorCodes?: Readonly<Record<string, GraphqlErrorKind>>;
}

/**
 * A GraphQL `Transport`: one POST `{ query, variables }` per `send`, never retried here, every
 * outcome classified (see `classifyGraphqlResponse`). Every request carries `Idempotency-Key`;
 * expected versions travel in the operation's variables. It has no `sendBatch`.
 */
export class GraphqlTransport implements Transport {
  private readonly exchange: HttpExchange;
  private readonly clock: Pick<Clock, 'now'>;

  /** @throws ConfigurationError for a non-absolute endpoint, a bad timeout or no operations. */
  constructor(private readonly options: GraphqlTransportOptions) {
    if (!isAbsoluteUrl(options.endpoint)) throw new ConfigurationError(`GraphqlTransport: endpoint must be an absolute URL, got "${options.endpoint}"`);
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) throw new ConfigurationError(`GraphqlTransport: timeoutMs must be a positive number, got ${options.timeoutMs}`);
    if (Object.keys(options.operations).length === 0) throw new ConfigurationError('GraphqlTransport: operations is empty');
    this.exchange = new HttpExchange({
      baseUrl: options.endpoint,
      timeoutMs: options.timeoutMs,
      ...(options.getHeaders ? { getHeaders: options.getHeaders } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.clock = options.clock ?? new SystemClock();
  }

  /** One delivery attempt. @throws ConfigurationError when the entry's type has no operation. */
  async send(entry: OutboxEntry): Promise<TransportOutcome> {
    // hasOwn: a type such as `constructor` must not pick up Object.prototype members.
    const operation = Object.hasOwn(this.options.operations, entry.type) ? this.options.operations[entry.type] : undefined;
    if (!operation) throw new ConfigurationError(`GraphqlTransport: no operation for mutation type "${entry.type}"`);
    const result = await this.exchange.send({
      method: 'POST',
      path: '',
      headers: { 'Idempotency-Key': entry.idempotencyKey, accept: 'application/graphql-response+json, application/json' },
      json: { query: operation.document, variables: operation.variables(entry) },
    });
    if (result.kind === 'failed') return result.outcome;
    return classifyGraphqlResponse(result.response, {
      now: this.clock.now(),
      result: operation.result,
      ...(this.options.errorCodes ? { errorCodes: this.options.errorCodes } : {}),
    });
  }
}
