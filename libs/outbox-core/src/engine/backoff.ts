import type { Random } from '../ports/random';
import type { BackoffOptions } from './outbox-options';

/** The defaults: 1 s base, doubling, capped at 5 minutes, held as failed after 10 attempts. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, factor: 2, capMs: 300_000, maxAttempts: 10 };

/**
 * The wait before the next attempt after `attempts` failed attempts: full jitter, i.e. uniform in
 * [0, min(cap, base * factor^(attempts-1))]. A server's Retry-After wins when it asks for longer,
 * but never beyond the cap.
 */
export function backoffDelay(attempts: number, options: BackoffOptions, random: Random, retryAfterMs?: number): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(options.capMs, options.baseMs * Math.pow(options.factor, exponent));
  const jittered = Math.floor(random.next() * ceiling);
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > jittered) {
    return Math.min(options.capMs, Math.max(0, Math.ceil(retryAfterMs)));
  }
  return jittered;
}
