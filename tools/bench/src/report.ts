import type { ResultRow } from './results';
import type { TargetCheck } from './targets';

function variantLabel(row: ResultRow): string {
  const labels = [
    row.client && row.workload.startsWith('drain') ? row.client : null,
    row.key && row.key !== 'none' ? `${row.key} key` : null,
    row.successCommit === 'each' ? 'a commit per success' : null,
  ].filter(Boolean);
  return labels.length > 0 ? `${row.variant} (${labels.join(', ')})` : row.variant;
}

function figure(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** The results as a markdown table (also readable in a terminal). */
export function resultsTable(rows: readonly ResultRow[]): string {
  const lines = [
    '| workload | size | variant | median | min | max | ops/s | vs limit | RSS MB | ops × reps |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const unit = row.unit === 'ms/op' ? ' ms/op' : ' ms';
    lines.push(
      `| ${row.workload} | ${row.size.toLocaleString('en-US')} | ${variantLabel(row)} | ${figure(row.median_ms)}${unit} | ${figure(row.min_ms)} | ${figure(row.max_ms)} | ${row.ops_per_sec.toLocaleString('en-US')} | ${row.ratio_vs_limit === null ? '–' : `${row.ratio_vs_limit.toFixed(2)}x`} | ${row.rss_mb.toFixed(1)} | ${row.ops} × ${row.reps} |`,
    );
  }
  return lines.join('\n');
}

/** The target checks as a markdown table. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  const lines = ['| target | measured | needed | met |', '|---|---:|---:|:---:|'];
  for (const check of checks) {
    const met = check.met === null ? 'not measured' : check.met ? 'yes' : '**no**';
    lines.push(`| ${check.target} | ${check.value === null ? '–' : figure(check.value)} | ${check.threshold} | ${met} |`);
  }
  return lines.join('\n');
}
