// Imported first by main.ts: apps ship production builds, so the peers run without their
// development-only checks and warnings (redux-persist and TanStack read NODE_ENV at call time).
process.env['NODE_ENV'] ??= 'production';

/** The NODE_ENV the bench runs under. */
export const BENCH_NODE_ENV: string = process.env['NODE_ENV'] ?? 'production';
