import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '@mutation-outbox/demo-server';
import type { DemoServer } from '@mutation-outbox/demo-server';
import { bundleWorker } from './bundle-worker';
import { ChaosRun } from './chaos-run';
import { checkRun } from './checks';
import type { CheckReport } from './checks';
import { readDatabase, readServer } from './collect';
import type { ChaosOptions } from './options';
import { planMutations } from './plan';
import type { RunStats } from './run-stats';

/** The outcome of a chaos run. */
export interface ChaosResult {
  readonly options: ChaosOptions;
  /** No violation and no failure. */
  readonly ok: boolean;
  readonly report: CheckReport;
  readonly stats: RunStats;
  /** Why the run could not finish normally (worker crash, stall, timeout), or null. */
  readonly failure: string | null;
  /** Requests that reached the server (`keyArrivals`, replays and refusals included). */
  readonly serverArrivals: number;
  readonly elapsedMs: number;
  /** The kept temp directory (`keep`), or null once removed. */
  readonly dir: string | null;
}

/**
 * Runs one chaos soak with `options` and checks its evidence. Every process and server it starts
 * is stopped before it resolves, also when it fails; the temp directory is removed unless `keep`.
 * `progress` receives a status line every 10 seconds.
 */
export async function runChaos(options: ChaosOptions, progress?: (line: string) => void): Promise<ChaosResult> {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'mutation-outbox-chaos-'));
  const key = randomBytes(32).toString('hex');
  const dbPath = join(dir, 'outbox.db');
  let server: DemoServer | null = null;
  try {
    const entry = join(dir, 'worker.mjs');
    await bundleWorker(entry);
    server = await startDemoServer({
      dbPath: join(dir, 'server.db'),
      faults: { failureRate: options.failureRate, failureStatus: 503, latencyMs: options.latencyMs, dropRate: options.dropRate, seed: options.seed },
    });
    const config = {
      dbPath,
      serverUrl: server.url,
      seed: options.seed,
      mutations: options.mutations,
      ordering: options.ordering,
      backoff: options.backoff,
      batchSize: options.batchSize,
      requestTimeoutMs: 5_000,
      ownerId: options.randomOwner ? null : 'chaos-app',
      addressBy: options.addressBy,
      sabotage: options.sabotage,
    };
    const run = new ChaosRun(options, server, config, key, entry, progress);
    await run.execute();
    const database = await readDatabase(dbPath, key);
    const record = readServer(server);
    const plan = planMutations(options.seed, options.mutations);
    const report = checkRun({ ordering: options.ordering, plan, acknowledged: run.acknowledged, ...database, applied: record.applied, server: record.server });
    return { options, ok: report.ok && run.failure === null, report, stats: run.stats, failure: run.failure, serverArrivals: record.arrivals, elapsedMs: Date.now() - started, dir: options.keep ? dir : null };
  } finally {
    await server?.close();
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}
