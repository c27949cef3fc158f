/**
 * `npm run bench [-- --quick]`: runs every workload, prints the table and the targets, writes
 * bench-results.json at the repository root (git-ignored) and, on full runs, the README table.
 */
import { BENCH_NODE_ENV } from './production-env';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer } from './child-process';
import { parseArgs } from './cli-args';
import { currentLoad, describeMachine } from './machine';
import { makePlan } from './plan';
import { updateReadme } from './readme-section';
import { resultsTable, targetsTable } from './report';
import { buildRows, writeResults } from './results';
import type { Measurement, ResultsFile } from './results';
import { runSuite } from './suite';
import { evaluateTargets } from './targets';
import type { TargetCheck } from './targets';

const args = (() => {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
})();
const plan = makePlan(args.quick ? 'quick' : 'full', args.reps, args.workloads);
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const loadBefore = currentLoad();
const started = Date.now();
log(`${plan.mode} run, ${plan.reps} interleaved repetitions, NODE_ENV=${BENCH_NODE_ENV}, load ${loadBefore}`);

const out = args.out ?? fileURLToPath(new URL('../../../bench-results.json', import.meta.url));
type FullResults = ResultsFile & { targets: TargetCheck[]; failures: string[]; load: { before: number; after: number }; seconds: number };
const resultsOf = (measurements: readonly Measurement[], failures: string[]): FullResults => {
  const rows = buildRows(measurements);
  return {
    node: process.version,
    machine: describeMachine(),
    date: new Date().toISOString(),
    mode: plan.mode,
    rows,
    targets: evaluateTargets(rows),
    failures,
    load: { before: loadBefore, after: currentLoad() },
    seconds: Math.round((Date.now() - started) / 1000),
  };
};

const server = await startLoopbackServer();
let outcome: { measurements: Measurement[]; failures: string[] };
try {
  outcome = await runSuite(plan, server.baseUrl, log, (soFar) => writeResults(out, resultsOf(soFar, ['(partial: the run is still going)'])));
} finally {
  await server.close();
}
const file = resultsOf(outcome.measurements, outcome.failures);
const { rows, targets } = file;
writeResults(out, file);

const heading = `Node ${file.node} on ${file.machine}; ${plan.mode} run of ${file.date.slice(0, 10)}, ${plan.reps} interleaved repetitions, load average ${file.load.before} → ${file.load.after}, ${file.seconds} s.`;
const section = `${heading}\n\n${resultsTable(rows)}\n\nTargets (issue 7, medians):\n\n${targetsTable(targets)}\n`;
process.stdout.write(`\n${section}\n`);
log(`wrote ${out}`);
if (outcome.failures.length > 0) {
  log(`failed: ${outcome.failures.join('; ')}`);
  process.exitCode = 1;
}
if (args.readme && outcome.failures.length === 0) {
  // This package's README (method and findings) and the repository's README (latest table).
  for (const relative of ['../README.md', '../../../README.md']) {
    const readme = fileURLToPath(new URL(relative, import.meta.url));
    updateReadme(readme, section);
    log(`updated ${readme}`);
  }
}
