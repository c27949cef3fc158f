import ky from 'ky';
import type { KyInstance } from 'ky';
import type { JsonValue, TransportOutcome } from '@mutation-outbox/core';
import { classifyRequestFailure } from './classify-request-failure';
import type { HttpResponseFacts } from './classify-http-response';
import { parseResponseBody } from './parse-response-body';

/** `base` + `/` + `path` (one slash between them); an empty path gives `base` itself. */
function joinUrl(base: string, path: string): string {
  return path === '' ? base : `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Options shared by the HTTP transports. */
export interface HttpExchangeOptions {
  /** Absolute base URL; request paths are resolved under it. */
  readonly baseUrl: string;
  /** Deadline for the whole exchange (connect, headers and body), in milliseconds. */
  readonly timeoutMs: number;
  /** Called before every request (token refresh hook); its headers are sent with the request. */
  readonly getHeaders?: () => Promise<Record<string, string>>;
  /** The `fetch` to use (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** One request to send exactly once. */
export interface HttpExchangeRequest {
  readonly method: string;
  /** Path under the base URL (a leading `/` is ignored; `''` is the base URL itself). */
  readonly path: string;
  /** Request headers; they win over `getHeaders` ones with the same name. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON body; `undefined` sends none. */
  readonly json?: JsonValue;
}

/** Either the server's response, or the classified reason there is none. */
export type HttpExchangeResult = { readonly kind: 'response'; readonly response: HttpResponseFacts } | { readonly kind: 'failed'; readonly outcome: TransportOutcome };

/**
 * Sends one HTTP request, exactly once (ky with `retry: 0`), and reads the whole body within the
 * deadline. Never throws: a missing response is classified (`retry` for network errors and
 * timeouts, `auth` when `getHeaders` fails).
 */
export class HttpExchange {
  private readonly client: KyInstance;

  constructor(private readonly options: HttpExchangeOptions) {
    this.client = ky.create({
      retry: 0,
      throwHttpErrors: false,
      // The deadline is enforced below over headers and body; ky's own covers only the headers.
      timeout: false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Performs the request once; resolves with the response or a classified failure. */
  async send(request: HttpExchangeRequest): Promise<HttpExchangeResult> {
    let extra: Record<string, string>;
    try {
      extra = (await this.options.getHeaders?.()) ?? {};
    } catch (error) {
      const message = `getHeaders failed: ${error instanceof Error ? error.message : String(error)}`;
      return { kind: 'failed', outcome: { kind: 'auth', error: { code: 'AUTH_HEADERS_UNAVAILABLE', message } } };
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      const headers = new Headers({ accept: 'application/json', ...extra });
      // set() replaces case-insensitively, so a hook can never override the idempotency key.
      for (const [name, value] of Object.entries(request.headers)) headers.set(name, value);
      if (request.json !== undefined) headers.set('content-type', 'application/json');
      const response = await this.client(joinUrl(this.options.baseUrl, request.path), {
        method: request.method,
        headers,
        signal: controller.signal,
        ...(request.json === undefined ? {} : { body: JSON.stringify(request.json) }),
      });
      const text = await response.text();
      return { kind: 'response', response: { status: response.status, headers: response.headers, body: parseResponseBody(text, response.headers.get('content-type')) } };
    } catch (error) {
      return { kind: 'failed', outcome: classifyRequestFailure(error, timedOut) };
    } finally {
      clearTimeout(timer);
    }
  }
}
