import { cpus, loadavg, release, totalmem, type } from 'node:os';

/** A one-line description of this machine: CPU model and cores, memory, OS. */
export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  return `${model}, ${cores.length} cores, ${Math.round(totalmem() / 1024 ** 3)} GiB, ${type()} ${release()}`;
}

/** The 1-minute load average, rounded: how busy the machine was (others' test runs add noise). */
export function currentLoad(): number {
  return Math.round((loadavg()[0] ?? 0) * 10) / 10;
}
