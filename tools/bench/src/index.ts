// The bench is a script (`npm run bench`); these exports let other tools read its results file.
export { buildRows, writeResults } from './results';
export type { Measurement, ResultRow, ResultsFile, RowLabels, Variant, Workload } from './results';
export { summarize, rateRatio, opsPerSec } from './stats';
export type { Summary } from './stats';
export { evaluateTargets } from './targets';
export type { TargetCheck } from './targets';
