import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRows, writeResults } from '../src/results';
import type { Measurement } from '../src/results';
import { evaluateTargets } from '../src/targets';

const measurement = (overrides: Partial<Measurement> & Pick<Measurement, 'variant' | 'samples'>): Measurement => ({
  workload: 'enqueue',
  size: 1000,
  unit: 'ms/op',
  ops: 100,
  rssMb: 2.25,
  ...overrides,
});

const FIXED: Measurement[] = [
  measurement({ variant: 'outbox', samples: [0.6, 0.5, 0.7, 0.4, 0.9] }),
  measurement({ variant: 'raw-sqlite', samples: [0.4, 0.3, 0.5, 0.4, 0.4] }),
  measurement({ variant: 'redux-offline', samples: [20, 30, 10, 25, 15], ops: 5 }),
  measurement({ workload: 'drain', variant: 'outbox', samples: [2, 2, 2, 2, 2] }),
  measurement({ workload: 'drain', variant: 'raw-sqlite', labels: { client: 'ky' }, samples: [1.8, 1.8, 1.8, 1.8, 1.8] }),
  measurement({ workload: 'drain', variant: 'raw-sqlite', labels: { client: 'fetch' }, samples: [1, 1, 1, 1, 1] }),
  measurement({ workload: 'cold-start', size: 100_000, unit: 'ms', ops: 1, variant: 'outbox', labels: { key: 'raw' }, samples: [12, 10, 14, 11, 13] }),
  measurement({ workload: 'cold-start', size: 100_000, unit: 'ms', ops: 1, variant: 'raw-sqlite', labels: { key: 'raw' }, samples: [6, 6, 6, 6, 6] }),
  measurement({ workload: 'cold-start', size: 100_000, unit: 'ms', ops: 1, variant: 'raw-sqlite', labels: { key: 'passphrase' }, samples: [160, 160, 160, 160, 160] }),
];

describe('buildRows', () => {
  const rows = buildRows(FIXED);

  it('keeps the required fields and names, with median, min and max per row', () => {
    expect(rows[0]).toMatchObject({ workload: 'enqueue', size: 1000, variant: 'outbox', median_ms: 0.6, min_ms: 0.4, max_ms: 0.9, ops_per_sec: 1666.7, rss_mb: 2.3 });
    expect(Object.keys(rows[0] ?? {})).toEqual(expect.arrayContaining(['workload', 'size', 'variant', 'median_ms', 'min_ms', 'max_ms', 'ops_per_sec', 'rss_mb']));
  });

  it('gives each row its rate against the raw-sqlite row of the same workload, size and key', () => {
    expect(rows.map((row) => row.ratio_vs_limit)).toEqual([0.667, 1, 0.02, 0.9, 1, 1.8, 0.5, 1, 1]);
  });

  it('keeps labels and reports whole-run times for cold start', () => {
    expect(rows[5]).toMatchObject({ variant: 'raw-sqlite', client: 'fetch' });
    expect(rows[6]).toMatchObject({ key: 'raw', unit: 'ms', median_ms: 12, ops_per_sec: 83.33 });
  });
});

describe('writeResults', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the file other tools read: node, machine and rows', () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const path = join(dir, 'bench-results.json');
    writeResults(path, { node: 'v20.20.2', machine: 'test machine', date: '2026-01-01T00:00:00.000Z', mode: 'quick', rows: buildRows(FIXED) });
    const read = JSON.parse(readFileSync(path, 'utf8')) as { node: string; machine: string; rows: Array<Record<string, unknown>> };
    expect(read.node).toBe('v20.20.2');
    expect(read.machine).toBe('test machine');
    expect(read.rows).toHaveLength(FIXED.length);
    expect(read.rows[1]).toMatchObject({ workload: 'enqueue', size: 1000, variant: 'raw-sqlite', median_ms: 0.4, min_ms: 0.3, max_ms: 0.5 });
  });
});

describe('evaluateTargets', () => {
  it('checks the measured targets and leaves the others unmeasured', () => {
    const checks = evaluateTargets(buildRows(FIXED));
    expect(checks.find((c) => c.target.startsWith('enqueue at depth 1000: rate'))).toMatchObject({ value: 0.667, met: false });
    expect(checks.find((c) => c.target.startsWith('drain of 1000'))).toMatchObject({ value: 0.9, met: true });
    expect(checks.find((c) => c.target.includes('ms to first page'))).toMatchObject({ value: 12, met: true });
    expect(checks.find((c) => c.target === 'drain of 10000 vs redux-offline')).toMatchObject({ value: null, met: null });
  });

  it('judges the outbox as configured by default, not a row of another configuration listed first', () => {
    const each = measurement({ workload: 'drain', variant: 'outbox', labels: { successCommit: 'each' }, samples: [3.6, 3.6, 3.6, 3.6, 3.6] });
    const rows = buildRows([each, ...FIXED]);
    expect(rows[0]).toMatchObject({ variant: 'outbox', successCommit: 'each', ratio_vs_limit: 0.5 });
    expect(evaluateTargets(rows).find((c) => c.target.startsWith('drain of 1000'))).toMatchObject({ value: 0.9, met: true });
  });
});
