import { createHash } from 'node:crypto';
import type { Outcome } from './model';
import type { DemoRepository } from './repository';

/** What happened to a keyed (or unkeyed) write. */
export type IdempotentResult =
  | { readonly kind: 'applied'; readonly outcome: Outcome }
  | { readonly kind: 'replayed'; readonly outcome: Outcome }
  | { readonly kind: 'reused' };

/** How a channel decides what to keep: REST goes by status, GraphQL by its error codes. */
export interface IdempotencyPolicy {
  /** Whether this answer is final for the key (stored and replayed from now on). */
  storable(outcome: Outcome): boolean;
  /** Whether the writes made while producing it are kept (false rolls them back). */
  commit(outcome: Outcome): boolean;
}

/** Stored: 2xx and the definitive 4xx (400, 404, 422). Not stored: 401, 403, 409, 412, 429, 5xx. */
export function isStorableStatus(status: number): boolean {
  return (status >= 200 && status < 300) || status === 400 || status === 404 || status === 422;
}

/** The REST policy: store by {@link isStorableStatus}; always commit (a non-2xx write wrote nothing). */
export const REST_POLICY: IdempotencyPolicy = { storable: (outcome) => isStorableStatus(outcome.status), commit: () => true };

/** JSON with object keys sorted at every level, so key order never makes two requests differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A stable digest of the parts that make a request "the same request" (method, path, body...). */
export function fingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

class Rollback extends Error {
  constructor(readonly outcome: Outcome) {
    super('rollback');
  }
}

/**
 * Runs one write exactly once per key. In one SQLite transaction: a stored answer for `key` is
 * replayed (or `reused` when the fingerprint differs) without applying anything; otherwise `work`
 * runs and, when the policy says so, its answer is stored next to the write. `key` null: just runs.
 */
export function runIdempotent(
  repo: DemoRepository,
  key: string | null,
  requestFingerprint: string,
  work: () => Outcome,
  policy: IdempotencyPolicy = REST_POLICY,
): IdempotentResult {
  return repo.transaction((): IdempotentResult => {
    const stored = key === null ? undefined : repo.storedResponse(key);
    if (stored) {
      if (stored.fingerprint !== requestFingerprint) return { kind: 'reused' };
      return { kind: 'replayed', outcome: { status: stored.status, body: stored.body } };
    }
    const outcome = withSavepoint(repo, work, policy);
    if (key !== null && policy.storable(outcome)) repo.storeResponse(key, requestFingerprint, outcome.status, outcome.body);
    return { kind: 'applied', outcome };
  });
}

// The writes of `work` roll back (to a savepoint) when the policy rejects its outcome; the
// enclosing transaction may still store that outcome as the key's final answer.
function withSavepoint(repo: DemoRepository, work: () => Outcome, policy: IdempotencyPolicy): Outcome {
  try {
    return repo.transaction(() => {
      const outcome = work();
      if (!policy.commit(outcome)) throw new Rollback(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.outcome;
    throw error;
  }
}
