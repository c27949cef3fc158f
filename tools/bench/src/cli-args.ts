import { ALL_WORKLOADS } from './plan';
import type { Workload } from './results';

/** What `npm run bench -- ...` asked for. */
export interface CliArgs {
  readonly quick: boolean;
  readonly reps: number;
  readonly workloads: readonly Workload[];
  /** Where to write bench-results.json (default: the repository root). */
  readonly out: string | null;
  /** Rewrite the table in tools/bench/README.md and the repository README (default: on full runs only). */
  readonly readme: boolean;
}

/** The usage text printed for `--help` and bad arguments. */
export const USAGE = `npm run bench [-- --quick] [--reps N (>= 5)] [--only enqueue,drain,...] [--out file] [--readme | --no-readme]
workloads: ${ALL_WORKLOADS.join(', ')}`;

/** Parses the bench's arguments; throws an Error with the usage for anything unknown. */
export function parseArgs(argv: readonly string[]): CliArgs {
  let quick = false;
  let reps = 5;
  let workloads: readonly Workload[] = ALL_WORKLOADS;
  let out: string | null = null;
  let readme: boolean | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--reps') reps = Number(value());
    else if (arg === '--only') workloads = value().split(',') as Workload[];
    else if (arg === '--out') out = value();
    else if (arg === '--readme') readme = true;
    else if (arg === '--no-readme') readme = false;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!Number.isInteger(reps) || reps < 5) throw new Error(`--reps must be an integer of at least 5\n${USAGE}`);
  const unknown = workloads.filter((workload) => !ALL_WORKLOADS.includes(workload));
  if (unknown.length > 0) throw new Error(`unknown workload ${unknown.join(', ')}\n${USAGE}`);
  return { quick, reps, workloads, out, readme: readme ?? !quick };
}
