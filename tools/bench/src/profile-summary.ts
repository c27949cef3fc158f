/**
 * `npx tsx tools/bench/src/profile-summary.ts <file.cpuprofile> [top]`: the functions with the
 * most self time in a `node --cpu-prof` profile, module paths shortened. How the profiling
 * findings in the README were read.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Self time in ms per "function module" label, largest first. */
export function selfTimes(profile: CpuProfile): Array<[label: string, ms: number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)?.callFrame;
    const label = `${frame?.functionName || '(anonymous)'} ${frame?.url.replace(/^.*\/(node_modules|libs|tools)\//, '$1/') ?? ''}`;
    totals.set(label, (totals.get(label) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const [file, top = '30'] = process.argv.slice(2);
if (file) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = (profile.endTime - profile.startTime) / 1000;
  process.stdout.write(`profile of ${total.toFixed(0)} ms\n`);
  for (const [label, ms] of selfTimes(profile).slice(0, Number(top))) {
    process.stdout.write(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${label}\n`);
  }
}
