import type { ChaosResult } from './orchestrator';

/** The machine-readable verdict of a run: the last line `npm run chaos` prints. */
export interface ChaosJson {
  readonly mutations: number;
  readonly acknowledged: number;
  readonly committed: number;
  readonly applied: number;
  readonly rolledBack: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly orderViolations: number;
  readonly leftInFlight: number;
  readonly leftUndelivered: number;
  readonly badRollbacks: number;
  readonly stateMismatches: number;
  readonly localMismatches: number;
  readonly phantomWrites: number;
  readonly enqueueErrors: number;
  readonly kills: number;
  readonly workers: number;
  readonly attempts: number;
  readonly serverArrivals: number;
  readonly retries: Readonly<Record<string, number>>;
  readonly flaps: number;
  readonly ordering: string;
  readonly failureRate: number;
  readonly dropRate: number;
  readonly latencyMs: number;
  readonly elapsedMs: number;
  readonly seed: number;
  readonly ok: boolean;
  readonly failure: string | null;
}

/** The run's verdict as one JSON-ready object. */
export function summaryJson(result: ChaosResult): ChaosJson {
  const { options, report, stats } = result;
  const c = report.counts;
  return {
    mutations: options.mutations,
    acknowledged: stats.acknowledged,
    committed: stats.acknowledged + stats.recoveredUnacknowledged,
    applied: report.applied,
    rolledBack: report.rolledBack,
    lost: c.lost,
    duplicates: c.duplicate,
    orderViolations: c.order,
    leftInFlight: c.leftInFlight,
    leftUndelivered: c.leftActive,
    badRollbacks: c.badRollback,
    stateMismatches: c.stateMismatch,
    localMismatches: c.localMismatch,
    phantomWrites: c.phantom,
    enqueueErrors: c.enqueue,
    kills: stats.kills.total,
    workers: stats.workers,
    attempts: stats.attempts,
    serverArrivals: result.serverArrivals,
    retries: stats.retries,
    flaps: stats.flaps,
    ordering: options.ordering,
    failureRate: options.failureRate,
    dropRate: options.dropRate,
    latencyMs: options.latencyMs,
    elapsedMs: result.elapsedMs,
    seed: options.seed,
    ok: result.ok,
    failure: result.failure === null ? null : (result.failure.split('\n')[0] ?? ''),
  };
}

const list = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || 'none';

/** The one-screen human summary of a run, ending with the JSON line. */
export function formatSummary(result: ChaosResult): string {
  const { options: o, stats: s, report } = result;
  const j = summaryJson(result);
  const lines = [
    `chaos: seed ${o.seed}, ${o.mutations} mutations, ${o.kills} kills, failure rate ${o.failureRate}, drop rate ${o.dropRate}, latency ${o.latencyMs} ms, ${o.flaps} flaps, ordering ${o.ordering}, contacts addressed by ${o.addressBy}${o.batchSize > 1 ? `, batches of ${o.batchSize}` : ''}${o.sabotage ? ', SABOTAGED transport (self-test)' : ''}`,
    `  enqueued     ${j.committed} (acknowledged ${s.acknowledged}; committed but killed before the acknowledgement ${s.recoveredUnacknowledged})`,
    `  delivered    ${j.applied} applied, ${j.rolledBack} rolled back (${s.settled.rolled_back} rollbacks reported)`,
    `  attempts     ${s.attempts} by the app, ${j.serverArrivals} requests reached the server, ${s.manualRetries} manual retries of held entries`,
    `  retries      ${list(s.retries)}`,
    `  kills        ${s.kills.total}: ${list(s.kills.byTarget)}; enqueues cut ${s.kills.enqueueCommitted} committed / ${s.kills.enqueueNotCommitted} not; requests cut ${s.kills.requestsInFlight}`,
    `  workers      ${s.workers} processes (${(s.startupMs / Math.max(1, s.workers) / 1000).toFixed(2)} s average start), ${s.flaps} connectivity flaps`,
    `  checks       lost ${j.lost}, duplicates ${j.duplicates}, order violations ${j.orderViolations}, left in flight ${j.leftInFlight}, left undelivered ${j.leftUndelivered}`,
    `               bad rollbacks ${j.badRollbacks}, server state mismatches ${j.stateMismatches}, local state mismatches ${j.localMismatches}, phantom writes ${j.phantomWrites}, enqueue errors ${j.enqueueErrors}`,
    `  elapsed      ${(result.elapsedMs / 1000).toFixed(1)} s (all enqueued after ${(s.enqueuedAfterMs / 1000).toFixed(1)} s, drained after ${(s.drainedAfterMs / 1000).toFixed(1)} s)`,
  ];
  if (result.failure) lines.push(`  FAILURE      ${result.failure}`);
  for (const violation of report.violations.slice(0, 12)) lines.push(`  ! ${violation.kind}: ${violation.detail}`);
  if (s.logs.length > 0) lines.push(`  worker log   ${s.logs.slice(-3).join(' | ')}`);
  if (result.dir) lines.push(`  kept         ${result.dir}`);
  lines.push(result.ok ? `PASS (reproduce: npm run chaos -- --seed ${o.seed} ...)` : `FAIL (reproduce with --seed ${o.seed} and the same options)`);
  lines.push(JSON.stringify(j));
  return lines.join('\n');
}
