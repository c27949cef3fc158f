import { isObject, setFieldError } from './validation';
import type { FieldErrors, Validated } from './validation';

/** The statuses an injected failure may answer with. */
export type FailureStatus = 500 | 503 | 429;

/** When a dropped connection happens relative to applying the write. */
export type DropPhase = 'both' | 'before' | 'after';

/** Fault injection settings; they apply to writes, `/batch` and GraphQL mutations only. */
export interface FaultConfig {
  /** Probability (0..1) that a write is answered `failureStatus` without being applied. */
  failureRate: number;
  failureStatus: FailureStatus;
  /** `Retry-After` seconds sent with injected failures; null sends none. */
  retryAfterSeconds: number | null;
  /** Delay before each write is handled. */
  latencyMs: number;
  /** Probability (0..1) that the connection is destroyed without an answer. */
  dropRate: number;
  /** `both`: before or after applying, chosen by the seeded random; or always one of them. */
  dropPhase: DropPhase;
  /** Every write is answered 401 UNAUTHENTICATED (not applied, not stored). */
  authFail: boolean;
  /** Seed of the random that picks failures and drops; setting it restarts the sequence. */
  seed: number;
}

/** What to do with one write. `fail` wins over `drop`. */
export interface FaultDecision {
  readonly fail: boolean;
  readonly drop: 'before' | 'after' | null;
}

/** No faults at all, seed 1. */
export const DEFAULT_FAULTS: Readonly<FaultConfig> = Object.freeze({
  failureRate: 0,
  failureStatus: 503,
  retryAfterSeconds: null,
  latencyMs: 0,
  dropRate: 0,
  dropPhase: 'both',
  authFail: false,
  seed: 1,
});

const isRate = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
const isCount = (max: number) => (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;
const CHECKS: Record<keyof FaultConfig, (value: unknown) => boolean> = {
  failureRate: isRate,
  failureStatus: (v) => v === 500 || v === 503 || v === 429,
  retryAfterSeconds: (v) => v === null || (isCount(86_400)(v) && Number.isInteger(v)),
  latencyMs: isCount(60_000),
  dropRate: isRate,
  dropPhase: (v) => v === 'both' || v === 'before' || v === 'after',
  authFail: (v) => typeof v === 'boolean',
  seed: (v) => typeof v === 'number' && Number.isSafeInteger(v),
};

/** Validates a partial fault config (as posted to `/admin/faults`); unknown keys are errors. */
export function validateFaultPatch(body: unknown): Validated<Partial<FaultConfig>> {
  if (!isObject(body)) return { ok: false, fields: { body: 'malformed' } };
  const fields: FieldErrors = {};
  for (const [key, value] of Object.entries(body)) {
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key as keyof FaultConfig] : undefined;
    if (!check) setFieldError(fields, key, 'unknown field');
    else if (!check(value)) setFieldError(fields, key, 'malformed');
  }
  return Object.keys(fields).length === 0 ? { ok: true, value: body as Partial<FaultConfig> } : { ok: false, fields };
}

/**
 * Decides, from a seeded random, which writes fail or drop. Each decision draws exactly three
 * numbers whatever the config, so one seed and one sequence of writes give the same faults.
 */
export class FaultInjector {
  private current: FaultConfig;
  private state = 0;

  /** Throws a TypeError naming the bad fields when `initial` is invalid. */
  constructor(initial: Partial<FaultConfig> = {}) {
    this.current = { ...DEFAULT_FAULTS };
    this.update(initial);
    this.state = this.current.seed >>> 0;
  }

  /** A copy of the full current config. */
  config(): FaultConfig {
    return { ...this.current };
  }

  /** Merges a partial config (a `seed` restarts the random sequence) and returns the full config. */
  update(partial: Partial<FaultConfig>): FaultConfig {
    const checked = validateFaultPatch(partial);
    if (!checked.ok) throw new TypeError(`invalid fault config: ${JSON.stringify(checked.fields)}`);
    this.current = { ...this.current, ...checked.value };
    if (checked.value.seed !== undefined) this.state = this.current.seed >>> 0;
    return this.config();
  }

  /** The fate of the next write. */
  decide(): FaultDecision {
    const [failRoll, dropRoll, phaseRoll] = [this.next(), this.next(), this.next()];
    const { failureRate, dropRate, dropPhase } = this.current;
    const fail = failRoll < failureRate;
    const dropping = !fail && dropRoll < dropRate;
    const phase = dropPhase === 'both' ? (phaseRoll < 0.5 ? 'before' : 'after') : dropPhase;
    return { fail, drop: dropping ? phase : null };
  }

  // mulberry32: tiny, fast and good enough to spread faults evenly.
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
