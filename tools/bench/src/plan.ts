import type { Workload } from './results';

/** Sizes and per-repetition operation counts of one run. */
export interface BenchPlan {
  readonly mode: 'full' | 'quick';
  readonly reps: number;
  readonly enqueue: { readonly depths: readonly number[]; readonly ops: number; readonly peerOps: (depth: number) => number };
  readonly concurrent: { readonly depths: readonly number[]; readonly ops: number; readonly peerOps: number };
  readonly drain: { readonly sizes: readonly number[]; readonly peerOps: (size: number) => number };
  readonly coldStart: { readonly depths: readonly number[] };
  /** Entries per request in drain-batched. */
  readonly batchSize: number;
  readonly workloads: readonly Workload[];
}

/** Every workload, in run order. */
export const ALL_WORKLOADS: readonly Workload[] = ['enqueue', 'enqueue-concurrent', 'drain', 'drain-batched', 'cold-start'];

/**
 * The full run (the sizes) or the quick one (every workload at reduced sizes, under 3
 * minutes). Peers rewrite their whole outbox per change, so they time a bounded number of
 * operations at large depths and report per-operation figures.
 */
export function makePlan(mode: 'full' | 'quick', reps: number, workloads: readonly Workload[] = ALL_WORKLOADS): BenchPlan {
  if (mode === 'quick') {
    return {
      mode,
      reps,
      enqueue: { depths: [1_000, 10_000], ops: 200, peerOps: (depth) => (depth <= 1_000 ? 10 : 5) },
      concurrent: { depths: [1_000], ops: 500, peerOps: 100 },
      drain: { sizes: [500], peerOps: () => 20 },
      coldStart: { depths: [10_000] },
      batchSize: 100,
      workloads,
    };
  }
  return {
    mode,
    reps,
    enqueue: { depths: [1_000, 10_000, 100_000], ops: 500, peerOps: (depth) => (depth <= 10_000 ? 20 : 3) },
    concurrent: { depths: [1_000, 10_000], ops: 1_000, peerOps: 200 },
    drain: { sizes: [1_000, 10_000], peerOps: (size) => (size <= 1_000 ? 50 : 20) },
    coldStart: { depths: [100_000] },
    batchSize: 100,
    workloads,
  };
}
