import { writeFileSync } from 'node:fs';
import { opsPerSec, rateRatio, round, summarize } from './stats';

/** Workload names as other tools read them from bench-results.json. */
export type Workload = 'enqueue' | 'enqueue-concurrent' | 'drain' | 'drain-batched' | 'cold-start';

/** Variant names as other tools read them: this library, the limit, and the two peers. */
export type Variant = 'outbox' | 'raw-sqlite' | 'redux-offline' | 'tanstack-query';

/** Labels that tell apart two rows of one workload, size and variant. */
export interface RowLabels {
  /** HTTP client of a drain: `ky` (the outbox's own) or plain `fetch` (raw-sqlite only). */
  readonly client?: 'ky' | 'fetch';
  /** SQLCipher key form for cold start. */
  readonly key?: 'passphrase' | 'raw' | 'none';
  /**
   * Drains of this library: `each` records every success in a transaction of its own before the
   * next send (`successCommit.maxEntries: 1`); absent: the default, successes recorded in groups.
   */
  readonly successCommit?: 'each';
}

/** Everything measured for one variant of one workload at one size. */
export interface Measurement {
  readonly workload: Workload;
  readonly size: number;
  readonly variant: Variant;
  readonly labels?: RowLabels;
  /** One value per repetition: ms per operation, or ms for the whole run when `unit` is `ms`. */
  readonly samples: readonly number[];
  /** `ms/op` (time per enqueue / delivered entry) or `ms` (cold start: open to first page). */
  readonly unit: 'ms/op' | 'ms';
  /** Operations timed in each repetition (1 for cold start). */
  readonly ops: number;
  /** Resident memory (MB) the variant needed; see the README for what it covers per workload. */
  readonly rssMb: number;
}

/** One row of bench-results.json. The first eight fields are the stable interface. */
export interface ResultRow extends RowLabels {
  readonly workload: Workload;
  readonly size: number;
  readonly variant: Variant;
  readonly median_ms: number;
  readonly min_ms: number;
  readonly max_ms: number;
  readonly ops_per_sec: number;
  readonly rss_mb: number;
  readonly unit: 'ms/op' | 'ms';
  readonly ops: number;
  readonly reps: number;
  /** This row's rate over the raw-sqlite limit's (same workload, size, key; ky client): 1 = the limit. */
  readonly ratio_vs_limit: number | null;
}

/** The whole results file. */
export interface ResultsFile {
  readonly node: string;
  readonly machine: string;
  readonly date: string;
  readonly mode: 'full' | 'quick';
  readonly rows: ResultRow[];
}

/** The raw-sqlite row a measurement is compared against (drains compare with the ky loop). */
function limitOf(rows: readonly Measurement[], row: Measurement): Measurement | undefined {
  return rows.find(
    (candidate) =>
      candidate.variant === 'raw-sqlite' &&
      candidate.workload === row.workload &&
      candidate.size === row.size &&
      (candidate.labels?.key ?? null) === (row.labels?.key === 'none' ? 'raw' : (row.labels?.key ?? null)) &&
      (candidate.labels?.client ?? 'ky') === 'ky',
  );
}

/** Turns measurements into result rows: median/min/max per row and the ratio against its limit. */
export function buildRows(measurements: readonly Measurement[]): ResultRow[] {
  return measurements.map((measurement) => {
    const summary = summarize(measurement.samples);
    const limit = limitOf(measurements, measurement);
    const limitMedian = limit ? summarize(limit.samples).median : undefined;
    return {
      workload: measurement.workload,
      size: measurement.size,
      variant: measurement.variant,
      ...(measurement.labels ?? {}),
      median_ms: round(summary.median, 4),
      min_ms: round(summary.min, 4),
      max_ms: round(summary.max, 4),
      ops_per_sec: measurement.unit === 'ms/op' ? opsPerSec(summary.median) : round(1000 / summary.median, 2),
      rss_mb: round(measurement.rssMb, 1),
      unit: measurement.unit,
      ops: measurement.ops,
      reps: summary.count,
      ratio_vs_limit: rateRatio(summary.median, limitMedian),
    };
  });
}

/** Writes the results file as pretty JSON (a trailing newline included). */
export function writeResults(path: string, file: ResultsFile): void {
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}
