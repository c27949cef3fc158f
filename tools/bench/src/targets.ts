import type { ResultRow, Variant, Workload } from './results';
import { round } from './stats';

/** One target of issue 7, evaluated on the medians of a run. */
export interface TargetCheck {
  readonly target: string;
  /** The measured figure (a ratio, or ms / MB for the cold start). */
  readonly value: number | null;
  readonly threshold: string;
  /** null when the run did not measure what the target needs (e.g. a --quick run at other sizes). */
  readonly met: boolean | null;
}

/** The row of a variant as configured by default (not a row labelled as another configuration, such as `successCommit`). */
function find(rows: readonly ResultRow[], workload: Workload, size: number, variant: Variant, extra: (row: ResultRow) => boolean = () => true): ResultRow | undefined {
  return rows.find((row) => row.workload === workload && row.size === size && row.variant === variant && row.successCommit === undefined && extra(row));
}

function sizesOf(rows: readonly ResultRow[], workload: Workload): number[] {
  return [...new Set(rows.filter((row) => row.workload === workload).map((row) => row.size))].sort((a, b) => a - b);
}

function check(target: string, value: number | null | undefined, threshold: string, pass: (value: number) => boolean): TargetCheck {
  const known = value === undefined || value === null || !Number.isFinite(value) ? null : round(value, 3);
  return { target, value: known, threshold, met: known === null ? null : pass(known) };
}

/** Rate of `a` over the rate of `b`, from their median ms/op. */
function speedup(a: ResultRow | undefined, b: ResultRow | undefined): number | null {
  return a && b && a.median_ms > 0 ? b.median_ms / a.median_ms : null;
}

/**
 * The targets of issue 7 on this run's rows. The peer comparisons use depth / size 10,000, the
 * depth-growth check the largest enqueue depth against the smallest, and the cold start the
 * largest depth with a raw key.
 */
export function evaluateTargets(rows: readonly ResultRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const enqueueSizes = sizesOf(rows, 'enqueue');
  for (const size of enqueueSizes) {
    checks.push(check(`enqueue at depth ${size}: rate vs raw single-insert`, find(rows, 'enqueue', size, 'outbox')?.ratio_vs_limit, '>= 0.7', (v) => v >= 0.7));
  }
  const smallest = enqueueSizes[0];
  const largest = enqueueSizes[enqueueSizes.length - 1];
  if (smallest !== undefined && largest !== undefined && largest !== smallest) {
    const growth = speedup(find(rows, 'enqueue', smallest, 'outbox'), find(rows, 'enqueue', largest, 'outbox'));
    checks.push(check(`enqueue time at depth ${largest} / at depth ${smallest}`, growth, '<= 1.2', (v) => v <= 1.2));
  }
  for (const size of sizesOf(rows, 'enqueue-concurrent')) {
    checks.push(check(`concurrent enqueue at depth ${size}: rate vs one-transaction inserts`, find(rows, 'enqueue-concurrent', size, 'outbox')?.ratio_vs_limit, '>= 0.5', (v) => v >= 0.5));
  }
  for (const size of sizesOf(rows, 'drain')) {
    checks.push(check(`drain of ${size}: rate vs minimal durable loop (ky)`, find(rows, 'drain', size, 'outbox')?.ratio_vs_limit, '>= 0.85', (v) => v >= 0.85));
  }
  for (const size of sizesOf(rows, 'drain-batched')) {
    const ratio = speedup(find(rows, 'drain-batched', size, 'outbox'), find(rows, 'drain', size, 'outbox'));
    checks.push(check(`batched drain of ${size}: rate vs unbatched`, ratio, '>= 5', (v) => v >= 5));
  }
  const coldSizes = sizesOf(rows, 'cold-start');
  const cold = coldSizes[coldSizes.length - 1];
  if (cold !== undefined) {
    const row = find(rows, 'cold-start', cold, 'outbox', (r) => r.key === 'raw');
    checks.push(check(`cold start at ${cold} (raw key): ms to first page`, row?.median_ms, '< 50', (v) => v < 50));
    checks.push(check(`cold start at ${cold} (raw key): RSS growth MB`, row?.rss_mb, '< 30', (v) => v < 30));
  }
  for (const peer of ['redux-offline', 'tanstack-query'] as const) {
    checks.push(check(`enqueue at depth 10000 vs ${peer}`, speedup(find(rows, 'enqueue', 10_000, 'outbox'), find(rows, 'enqueue', 10_000, peer)), '>= 100', (v) => v >= 100));
    checks.push(check(`drain of 10000 vs ${peer}`, speedup(find(rows, 'drain', 10_000, 'outbox'), find(rows, 'drain', 10_000, peer)), '>= 2', (v) => v >= 2));
  }
  return checks;
}
