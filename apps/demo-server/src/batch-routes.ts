import { headerValue, normalizePath } from './http-io';
import type { Outcome } from './model';
import { invalidFields } from './mutations';
import type { Mutations } from './mutations';
import type { DemoRepository } from './repository';
import { executeRestWrite } from './rest-routes';
import { isObject, setFieldError, unknownFields } from './validation';
import type { FieldErrors, Validated } from './validation';

/** One write of a `POST /batch` envelope. */
export interface BatchItem {
  readonly method: string;
  /** Normalised: `contacts/12` and `/contacts/12` both become `/contacts/12`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** One entry of the batch answer. */
export interface BatchResult {
  readonly status: number;
  readonly body: unknown;
  readonly replayed: boolean;
}

/** Most items one batch may carry. */
export const MAX_BATCH_ITEMS = 500;

const ITEM_KEYS = ['method', 'path', 'headers', 'body'];

function validateItem(item: unknown, at: string, fields: FieldErrors): BatchItem | undefined {
  if (!isObject(item)) {
    fields[at] = 'malformed';
    return undefined;
  }
  for (const key of Object.keys(item)) if (!ITEM_KEYS.includes(key)) setFieldError(fields, `${at}.${key}`, 'unknown field');
  const method = typeof item['method'] === 'string' ? item['method'].toUpperCase() : '';
  if (!['POST', 'PATCH', 'DELETE'].includes(method)) fields[`${at}.method`] = 'malformed';
  const path = item['path'];
  if (typeof path !== 'string' || path.trim() === '') fields[`${at}.path`] = 'malformed';
  const headers: Record<string, string> = {};
  const rawHeaders = item['headers'] ?? {};
  if (!isObject(rawHeaders)) fields[`${at}.headers`] = 'malformed';
  else
    for (const [name, value] of Object.entries(rawHeaders)) {
      if (typeof value === 'string' || typeof value === 'number') headers[name.toLowerCase()] = String(value);
      else if (value !== null && value !== undefined) setFieldError(fields, `${at}.headers.${name}`, 'malformed');
    }
  return { method, path: normalizePath(typeof path === 'string' ? path.split('?')[0] ?? '' : ''), headers, body: item['body'] };
}

/** Validates the `{ items: [...] }` envelope as a whole; nothing is applied when it is invalid. */
export function validateBatch(body: unknown): Validated<BatchItem[]> {
  if (!isObject(body)) return { ok: false, fields: { body: 'malformed' } };
  const fields: FieldErrors = {};
  unknownFields(body, ['items'], fields);
  const items = body['items'];
  if (items === undefined || items === null) return { ok: false, fields: { ...fields, items: 'required' } };
  if (!Array.isArray(items)) return { ok: false, fields: { ...fields, items: 'malformed' } };
  if (items.length > MAX_BATCH_ITEMS) return { ok: false, fields: { ...fields, items: 'too long' } };
  const valid = items.map((item: unknown, index) => validateItem(item, `items[${index}]`, fields));
  return Object.keys(fields).length === 0 ? { ok: true, value: valid as BatchItem[] } : { ok: false, fields };
}

/** The idempotency keys the items of a valid envelope carry (for arrival counting). */
export function batchKeys(items: readonly BatchItem[]): string[] {
  return items.map((item) => headerValue(item.headers, 'Idempotency-Key')).filter((key): key is string => key !== undefined);
}

/**
 * Applies the items in order, each with its own idempotency handling, and stops after the first
 * item whose status is not 2xx. Answers 200 `{ results }` with the processed items only.
 */
export function executeBatch(repo: DemoRepository, mutations: Mutations, body: unknown): Outcome {
  const envelope = validateBatch(body);
  if (!envelope.ok) return invalidFields(envelope.fields);
  const results: BatchResult[] = [];
  for (const item of envelope.value) {
    const { outcome, replayed } = executeRestWrite(repo, mutations, {
      method: item.method,
      path: item.path,
      idempotencyKey: headerValue(item.headers, 'Idempotency-Key'),
      ifMatch: headerValue(item.headers, 'If-Match'),
      body: { ok: true, value: item.body },
      via: 'batch',
    });
    results.push({ status: outcome.status, body: outcome.body, replayed });
    if (outcome.status < 200 || outcome.status >= 300) break;
  }
  return { status: 200, body: { results } };
}
