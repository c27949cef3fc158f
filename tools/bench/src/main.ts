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
import type { ResultsFile } from './results';
import { runSuite } from './suite';
import { evaluateTargets } from './targets';

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

const server = await startLoopbackServer();
let measurements;
try {
  measurements = await runSuite(plan, server.baseUrl, log);
} finally {
  await server.close();
}
const rows = buildRows(measurements);
const targets = evaluateTargets(rows);
const file: ResultsFile & { targets: typeof targets; load: { before: number; after: number }; seconds: number } = {
  node: process.version,
  machine: describeMachine(),
  date: new Date().toISOString(),
  mode: plan.mode,
  rows,
  targets,
  load: { before: loadBefore, after: currentLoad() },
  seconds: Math.round((Date.now() - started) / 1000),
};
const out = args.out ?? fileURLToPath(new URL('../../../bench-results.json', import.meta.url));
writeResults(out, file);

const heading = `Node ${file.node} on ${file.machine}; ${plan.mode} run of ${file.date.slice(0, 10)}, ${plan.reps} interleaved repetitions, load average ${file.load.before} → ${file.load.after}, ${file.seconds} s.`;
const section = `${heading}\n\n${resultsTable(rows)}\n\nTargets (issue 7, medians):\n\n${targetsTable(targets)}\n`;
process.stdout.write(`\n${section}\n`);
log(`wrote ${out}`);
if (args.readme) {
  const readme = fileURLToPath(new URL('../README.md', import.meta.url));
  updateReadme(readme, section);
  log(`updated ${readme}`);
}
