import { RAW_KEY_HEX } from './fixtures-data';
import { runInterleaved } from './interleave';
import type { VariantSpec } from './interleave';
import type { BenchPlan } from './plan';
import type { BenchKey } from './raw-sqlite';
import type { Measurement, Workload } from './results';
import { coldStartSpecs } from './workloads/cold-start';
import { concurrentSpecs, drainSpecs, enqueueSpecs } from './workloads/queue-workloads';
import type { QueueVariant } from './workloads/queue-workloads';
import { createOutboxQueue } from './variants/outbox-queue';
import { createRawQueue } from './variants/raw-queue';
import { createReduxOfflineQueue } from './variants/redux-offline-queue';
import { createTanstackQueue } from './variants/tanstack-queue';

/** Every workload but cold start uses the raw key (the key form only changes the open). */
const KEY: BenchKey = { kind: 'raw', hex: RAW_KEY_HEX };

function peers(baseUrl: string, ops: number): QueueVariant[] {
  return [
    { variant: 'redux-offline', ops, create: (depth) => createReduxOfflineQueue(baseUrl, depth) },
    { variant: 'tanstack-query', ops, create: (depth) => createTanstackQueue(baseUrl, depth) },
  ];
}

function enqueueVariants(baseUrl: string, ops: number, peerOps: number): QueueVariant[] {
  return [
    { variant: 'outbox', ops, create: (depth) => createOutboxQueue({ key: KEY, baseUrl }, depth) },
    { variant: 'raw-sqlite', ops, create: (depth) => createRawQueue({ key: KEY, baseUrl }, depth) },
    ...peers(baseUrl, peerOps),
  ];
}

function drainVariants(baseUrl: string, size: number, peerOps: number): QueueVariant[] {
  return [
    { variant: 'outbox', ops: size, create: (depth) => createOutboxQueue({ key: KEY, baseUrl, online: true }, depth) },
    {
      variant: 'outbox',
      labels: { successCommit: 'each' },
      ops: size,
      create: (depth) => createOutboxQueue({ key: KEY, baseUrl, online: true, successCommitEach: true }, depth),
    },
    { variant: 'raw-sqlite', labels: { client: 'ky' }, ops: size, create: (depth) => createRawQueue({ key: KEY, baseUrl, client: 'ky' }, depth) },
    { variant: 'raw-sqlite', labels: { client: 'fetch' }, ops: size, create: (depth) => createRawQueue({ key: KEY, baseUrl, client: 'fetch' }, depth) },
    ...peers(baseUrl, peerOps),
  ];
}

function batchedVariants(baseUrl: string, size: number, batchSize: number): QueueVariant[] {
  return [
    { variant: 'outbox', ops: size, create: (depth) => createOutboxQueue({ key: KEY, baseUrl, online: true, batchSize }, depth) },
    { variant: 'raw-sqlite', labels: { client: 'ky' }, ops: size, create: (depth) => createRawQueue({ key: KEY, baseUrl, client: 'ky', batchSize }, depth) },
  ];
}

/** One interleaved group of a plan: a workload at a size, its variants, and its warm-up rounds. */
interface Run {
  readonly workload: Workload;
  readonly size: number;
  readonly unit: 'ms/op' | 'ms';
  /** Unrecorded rounds first (the enqueue groups, whose fixtures are set up once for every round). */
  readonly warmupRounds?: number;
  readonly specs: () => VariantSpec[];
}

/** The (workload, size, unit, variants) runs a plan asks for, in order. */
function runsOf(plan: BenchPlan, baseUrl: string): Array<Run> {
  const runs: Array<Run> = [];
  const wants = (workload: Workload) => plan.workloads.includes(workload);
  // Every depth of an enqueue workload is one interleaved group, so the depth-growth ratio is as
  // robust to a drifting machine as the ratios against the limit.
  const largest = (depths: readonly number[]) => Math.max(...depths);
  if (wants('enqueue')) {
    const { depths, ops, peerOps } = plan.enqueue;
    runs.push({ workload: 'enqueue', size: largest(depths), unit: 'ms/op', warmupRounds: 1, specs: () => depths.flatMap((depth) => enqueueSpecs(enqueueVariants(baseUrl, ops, peerOps(depth)), depth)) });
  }
  if (wants('enqueue-concurrent')) {
    const { depths, ops, peerOps } = plan.concurrent;
    runs.push({ workload: 'enqueue-concurrent', size: largest(depths), unit: 'ms/op', warmupRounds: 1, specs: () => depths.flatMap((depth) => concurrentSpecs(enqueueVariants(baseUrl, ops, peerOps), depth)) });
  }
  if (wants('drain')) {
    for (const size of plan.drain.sizes) {
      runs.push({ workload: 'drain', size, unit: 'ms/op', specs: () => drainSpecs(drainVariants(baseUrl, size, plan.drain.peerOps(size)), size) });
    }
  }
  if (wants('drain-batched')) {
    for (const size of plan.drain.sizes) {
      runs.push({ workload: 'drain-batched', size, unit: 'ms/op', specs: () => drainSpecs(batchedVariants(baseUrl, size, plan.batchSize), size) });
    }
  }
  if (wants('cold-start')) {
    for (const depth of plan.coldStart.depths) runs.push({ workload: 'cold-start', size: depth, unit: 'ms', specs: () => coldStartSpecs(depth, true) });
  }
  return runs;
}

/**
 * Runs every workload of the plan against the loopback server at `baseUrl`; progress goes to
 * `log`, and `onProgress` gets everything measured so far after each (workload, size), so a
 * results file survives a later failure. A failing (workload, size) is logged and skipped.
 */
export async function runSuite(plan: BenchPlan, baseUrl: string, log: (line: string) => void, onProgress: (soFar: readonly Measurement[]) => void = () => undefined): Promise<{ measurements: Measurement[]; failures: string[] }> {
  const measurements: Measurement[] = [];
  const failures: string[] = [];
  for (const run of runsOf(plan, baseUrl)) {
    const started = Date.now();
    const name = `${run.workload} at ${run.size.toLocaleString('en-US')}`;
    log(`${name}: setting up`);
    try {
      measurements.push(...(await runInterleaved(run.specs(), { workload: run.workload, size: run.size, reps: plan.reps, unit: run.unit, warmupRounds: run.warmupRounds ?? 0, log })));
      log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      log(`${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    onProgress(measurements);
  }
  return { measurements, failures };
}
