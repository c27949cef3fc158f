/** Median, min and max of a non-empty list of numbers (the median of an even count is the mean of the middle two). */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** Summarizes samples; throws on an empty list or a non-finite value, which would be a harness bug. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  if (samples.some((value) => !Number.isFinite(value))) throw new Error(`summarize: non-finite sample in ${samples.join(', ')}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, count: sorted.length };
}

/**
 * Throughput of `variant` relative to `limit`, from their per-operation times (ms/op): 1 means the
 * same rate, 0.5 half the rate. Rounded to 3 decimals; null when either time is missing or zero.
 */
export function rateRatio(variantMsPerOp: number | undefined, limitMsPerOp: number | undefined): number | null {
  if (variantMsPerOp === undefined || limitMsPerOp === undefined || !(variantMsPerOp > 0) || !(limitMsPerOp > 0)) return null;
  return round(limitMsPerOp / variantMsPerOp, 3);
}

/** Operations per second for a per-operation time in ms. */
export function opsPerSec(msPerOp: number): number {
  return msPerOp > 0 ? round(1000 / msPerOp, 1) : 0;
}

/** Rounds to `digits` decimals (half away from zero), keeping small values meaningful. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
