import { asJsonObject, ConfigurationError, SystemClock } from '@mutation-outbox/core';
import type { Clock, JsonValue, OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';
import { classifyHttpResponse } from './classify-http-response';
import type { HttpResponseFacts } from './classify-http-response';
import { HttpExchange } from './http-exchange';
import { isAbsoluteUrl } from './is-absolute-url';
import type { HttpExchangeOptions } from './http-exchange';
import type { HttpRoute, HttpRoutes } from './http-route';

/** Configuration of a `KyHttpTransport`. */
export interface KyHttpTransportOptions extends HttpExchangeOptions {
  /** One route per mutation type; sending a type without a route throws `ConfigurationError`. */
  readonly routes: HttpRoutes;
  /** Path of the server's batch endpoint (`batch` on the demo server); without it, no `sendBatch`. */
  readonly batchPath?: string;
  /** Time source for `Retry-After` dates (default: `Date.now`). */
  readonly clock?: Pick<Clock, 'now'>;
}

interface PreparedRequest {
  readonly route: HttpRoute;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly json: JsonValue | undefined;
}

const NO_HEADERS = new Headers();
/**
 * A REST `Transport` over ky: one request per `send`, never retried here, every outcome
 * classified (see `classifyHttpResponse`). Every request carries `Idempotency-Key`, and
 * `If-Match: "<v>"` when the entry has an expected version. With `batchPath`, `sendBatch` posts
 * `{ items }` to it and returns the outcomes of the processed prefix.
 */
export class KyHttpTransport implements Transport {
  /** Present only when `batchPath` is configured. */
  readonly sendBatch?: (entries: readonly OutboxEntry[]) => Promise<TransportOutcome[]>;
  private readonly exchange: HttpExchange;
  private readonly clock: Pick<Clock, 'now'>;

  /** @throws ConfigurationError for a missing or non-absolute base URL, a bad timeout or no routes. */
  constructor(private readonly options: KyHttpTransportOptions) {
    if (!isAbsoluteUrl(options.baseUrl)) throw new ConfigurationError(`KyHttpTransport: baseUrl must be an absolute URL, got "${options.baseUrl}"`);
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) throw new ConfigurationError(`KyHttpTransport: timeoutMs must be a positive number, got ${options.timeoutMs}`);
    if (Object.keys(options.routes).length === 0) throw new ConfigurationError('KyHttpTransport: routes is empty');
    this.exchange = new HttpExchange(options);
    this.clock = options.clock ?? new SystemClock();
    const { batchPath } = options;
    if (batchPath !== undefined) this.sendBatch = (entries) => this.batch(batchPath, entries);
  }

  /** One delivery attempt. @throws ConfigurationError when the entry's type has no route. */
  async send(entry: OutboxEntry): Promise<TransportOutcome> {
    const request = this.prepare(entry);
    const result = await this.exchange.send(request);
    if (result.kind === 'failed') return result.outcome;
    return classifyHttpResponse(result.response, { now: this.clock.now(), ...(request.route.result ? { result: request.route.result } : {}) });
  }

  private async batch(batchPath: string, entries: readonly OutboxEntry[]): Promise<TransportOutcome[]> {
    const requests = entries.map((entry) => this.prepare(entry));
    if (requests.length === 0) return [];
    const items = requests.map(({ method, path, headers, json }) => ({ method, path, headers, ...(json === undefined ? {} : { body: json }) }));
    const result = await this.exchange.send({ method: 'POST', path: batchPath, headers: {}, json: { items } });
    if (result.kind === 'failed') return [result.outcome];
    return this.classifyBatch(result.response, requests);
  }

  private classifyBatch(response: HttpResponseFacts, requests: readonly PreparedRequest[]): TransportOutcome[] {
    const now = this.clock.now();
    if (response.status < 200 || response.status >= 300) return [classifyHttpResponse(response, { now })];
    const results = response.body.kind === 'json' ? asJsonObject(response.body.value)?.['results'] : undefined;
    const invalid = (why: string): TransportOutcome => ({ kind: 'retry', error: { code: 'INVALID_RESPONSE', message: `batch: ${why} (HTTP ${response.status})`, httpStatus: response.status } });
    if (!Array.isArray(results) || results.length === 0) return [invalid('no results in the response')];
    const outcomes: TransportOutcome[] = [];
    for (const [index, request] of requests.entries()) {
      const item = asJsonObject(results[index]);
      if (item === undefined) break; // The server processed only a prefix.
      const status = item['status'];
      const body = item['body'];
      const outcome =
        typeof status === 'number'
          ? classifyHttpResponse(
              { status, headers: NO_HEADERS, body: body === undefined ? { kind: 'empty' } : { kind: 'json', value: body } },
              { now, ...(request.route.result ? { result: request.route.result } : {}) },
            )
          : invalid(`item ${index} has no status`);
      outcomes.push(outcome);
      if (outcome.kind !== 'ok') break;
    }
    return outcomes.length > 0 ? outcomes : [invalid('malformed results')];
  }

  private prepare(entry: OutboxEntry): PreparedRequest {
    // hasOwn: a type such as `constructor` must not pick up Object.prototype members.
    const route = Object.hasOwn(this.options.routes, entry.type) ? this.options.routes[entry.type] : undefined;
    if (!route) throw new ConfigurationError(`KyHttpTransport: no route for mutation type "${entry.type}"`);
    const headers: Record<string, string> = { 'Idempotency-Key': entry.idempotencyKey };
    if (entry.expectedVersion !== null) headers['If-Match'] = `"${entry.expectedVersion}"`;
    const json = route.body ? route.body(entry) : entry.payload === null ? undefined : entry.payload;
    return { route, method: route.method, path: route.path(entry), headers, json };
  }
}
