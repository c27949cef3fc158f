import { ConfigurationError } from '../model/errors';
import type { Random } from '../ports/random';
import { DEFAULT_BACKOFF } from './backoff';
import { serverWins } from './conflict-resolvers';
import type { ResolvedOptions } from './engine-context';
import type { LimitOptions, OutboxOptions, SuccessCommitOptions } from './outbox-options';

/** The default size caps. */
export const DEFAULT_LIMITS: LimitOptions = { maxEntries: 100_000, maxBytes: 50 * 1024 * 1024, maxEntryBytes: 256 * 1024 };

/** How many successes are recorded together by default (see `SuccessCommitOptions`). */
export const DEFAULT_SUCCESS_COMMIT: SuccessCommitOptions = { maxEntries: 64, maxDelayMs: 50 };

/** The default flush lease: short, renewed by a heartbeat every third of it (see `FlushLease`). */
export const DEFAULT_LEASE_TTL_MS = 1_500;

function resolveOwnerId(ownerId: string | undefined, random: Random): string {
  if (ownerId === undefined) return `outbox-${random.uuid()}`;
  if (typeof ownerId !== 'string' || ownerId.trim() === '') throw new ConfigurationError(`Option ownerId must be a non-empty string, got ${JSON.stringify(ownerId)}`);
  return ownerId;
}

function resolveLeaseTtl(leaseTtlMs: number | undefined): number {
  if (leaseTtlMs === undefined) return DEFAULT_LEASE_TTL_MS;
  if (!(typeof leaseTtlMs === 'number' && Number.isFinite(leaseTtlMs) && leaseTtlMs >= 30)) {
    throw new ConfigurationError(`Option leaseTtlMs must be a number of at least 30 (ms), got ${String(leaseTtlMs)}`);
  }
  return leaseTtlMs;
}

/** Fills in defaults and rejects nonsensical options with a `ConfigurationError`. */
export function resolveOptions(options: OutboxOptions, random: Random): ResolvedOptions {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const positive = { baseMs: backoff.baseMs, capMs: backoff.capMs, maxAttempts: backoff.maxAttempts, ...limits };
  for (const [name, value] of Object.entries(positive)) {
    if (!(typeof value === 'number' && value > 0)) throw new ConfigurationError(`Option ${name} must be a positive number, got ${String(value)}`);
  }
  if (!(backoff.factor >= 1)) throw new ConfigurationError(`Option backoff.factor must be at least 1, got ${backoff.factor}`);
  const successCommit = { ...DEFAULT_SUCCESS_COMMIT, ...options.successCommit };
  if (!(Number.isInteger(successCommit.maxEntries) && successCommit.maxEntries >= 1)) {
    throw new ConfigurationError(`Option successCommit.maxEntries must be an integer of at least 1, got ${String(successCommit.maxEntries)}`);
  }
  if (!(typeof successCommit.maxDelayMs === 'number' && successCommit.maxDelayMs >= 0)) {
    throw new ConfigurationError(`Option successCommit.maxDelayMs must be a number of at least 0, got ${String(successCommit.maxDelayMs)}`);
  }
  const ordering = options.ordering ?? 'global';
  if (ordering !== 'global' && ordering !== 'partition') throw new ConfigurationError(`Option ordering must be 'global' or 'partition', got ${String(ordering)}`);
  return {
    ordering,
    backoff,
    limits,
    conflictResolver: options.conflictResolver ?? serverWins,
    maxConflictRetries: options.maxConflictRetries ?? 3,
    batchSize: Math.max(1, Math.floor(options.batchSize ?? 1)),
    successCommit,
    ...(options.onIdMapped ? { onIdMapped: options.onIdMapped } : {}),
    ownerId: resolveOwnerId(options.ownerId, random),
    leaseTtlMs: resolveLeaseTtl(options.leaseTtlMs),
  };
}
