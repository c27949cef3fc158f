import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../src/options';
import type { ChaosOptions } from '../src/options';
import { runChaos } from '../src/orchestrator';
import { formatSummary, summaryJson } from '../src/summary';

/** The short soak of the issue: 300 mutations, 5 SIGKILLs, 30% injected faults, fast backoff so it stays short. */
const SHORT: ChaosOptions = {
  ...DEFAULT_OPTIONS,
  mutations: 300,
  kills: 5,
  failureRate: 0.3,
  dropRate: 0.05,
  latencyMs: 1,
  flaps: 3,
  maxOfflineMs: 100,
  backoff: { baseMs: 2, capMs: 20, maxAttempts: 25 },
  stallMs: 30_000,
  timeoutMs: 100_000,
};

function stillRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('chaos soak (short)', () => {
  it.each([
    { name: 'global order', options: { ...SHORT, seed: 2 } },
    { name: 'partition order', options: { ...SHORT, seed: 3, ordering: 'partition' as const } },
    { name: 'partition order in batches of 10', options: { ...SHORT, seed: 24, ordering: 'partition' as const, batchSize: 10 } },
  ])('loses nothing, duplicates nothing and keeps $name through kills, faults and flaps', async ({ options }) => {
    const result = await runChaos(options);
    const json = summaryJson(result);
    expect(result.failure, formatSummary(result)).toBeNull();
    expect(result.report.violations, formatSummary(result)).toEqual([]);
    expect(json).toMatchObject({ mutations: 300, committed: 300, lost: 0, duplicates: 0, orderViolations: 0, leftInFlight: 0, kills: 5, seed: options.seed, ok: true });
    expect(json.applied + json.rolledBack).toBe(300);
    expect(json.rolledBack).toBeGreaterThan(0);
    expect(result.stats.workers).toBe(6);
    expect(result.stats.flaps).toBe(3);
    expect(Object.keys(result.stats.retries).length).toBeGreaterThan(1);
    for (const pid of result.stats.workerPids) expect(stillRunning(pid)).toBe(false);
  }, 120_000);

  it('reports the double applications of a transport that resends with fresh idempotency keys (self-test)', async () => {
    const result = await runChaos({ ...SHORT, seed: 4, kills: 2, flaps: 1, dropRate: 0.1, sabotage: true });
    const json = summaryJson(result);
    expect(result.failure, formatSummary(result)).toBeNull();
    expect(result.ok).toBe(false);
    expect(json.phantomWrites, formatSummary(result)).toBeGreaterThan(0);
    expect(json.stateMismatches + json.localMismatches, formatSummary(result)).toBeGreaterThan(0);
    for (const pid of result.stats.workerPids) expect(stillRunning(pid)).toBe(false);
  }, 120_000);
});
