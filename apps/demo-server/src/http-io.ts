import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body accepted (1 MiB); larger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** CORS headers sent on every response, so a browser app on another origin can call the server. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key, If-Match, Authorization',
  'Access-Control-Expose-Headers': 'Retry-After, Idempotent-Replayed, ETag',
};

/** Extra headers of a preflight answer. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PATCH, DELETE, OPTIONS',
  'Access-Control-Max-Age': '600',
};

/** A request body as text, or `tooLarge` once it passed {@link MAX_BODY_BYTES}. */
export type BodyText = { readonly text: string } | { readonly tooLarge: true };

/** Reads the whole request body as UTF-8; rejects if the client goes away mid-body. */
export function readBody(req: IncomingMessage): Promise<BodyText> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', reject);
  });
}

/** Parsed JSON (`undefined` for an empty body), or `ok: false` for malformed JSON. */
export function parseJson(text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `Malformed JSON: ${(error as Error).message}` };
  }
}

/** The first value of a request header, or undefined. */
export function headerValue(headers: IncomingMessage['headers'] | Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

/** `/contacts/12` from `contacts/12/`, `/contacts//12` or `/api/contacts/12`: the form paths are routed, logged and fingerprinted in. */
export function normalizePath(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments[0] === 'api') segments.shift();
  return `/${segments.join('/')}`;
}

/** The `ETag` for an entity body with a version (`"3"`), or undefined. */
export function etagOf(body: unknown): string | undefined {
  const version = typeof body === 'object' && body !== null ? (body as { version?: unknown }).version : undefined;
  return typeof version === 'number' && !(body as { deleted?: unknown }).deleted ? `"${version}"` : undefined;
}

/** Sends a JSON answer (CORS headers included, ETag added for versioned entities). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  const etag = status < 300 ? etagOf(body) : undefined;
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...(etag ? { ETag: etag } : {}),
    ...headers,
  });
  res.end(text);
}
