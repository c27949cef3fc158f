import { parseArgs } from 'node:util';
import type { DemoServerOptions } from './demo-server';
import type { FaultConfig } from './faults';

/** What the command line asks for: run a server, print help, or a usage error. */
export type CliCommand =
  | { readonly kind: 'run'; readonly options: Omit<DemoServerOptions, 'sleep'> & { port: number; host: string; faults: Partial<FaultConfig> } }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** The `--help` text. */
export const USAGE = `Usage: tsx src/main.ts [options]

  --port <n>              port to listen on (default 3000; 0 picks a free port)
  --host <addr>           interface to listen on (default 127.0.0.1)
  --db <file>             SQLite database file (default ./data/demo.db)
  --static <dir>          serve this directory too (SPA fallback to index.html)
  --failure-rate <0..1>   share of writes answered with --failure-status
  --failure-status <n>    500, 503 (default) or 429
  --retry-after <s>       Retry-After seconds sent with injected failures
  --latency-ms <n>        delay before each write
  --drop-rate <0..1>      share of writes whose connection is destroyed without an answer
  --drop-phase <p>        both (default), before or after applying the write
  --auth-fail             answer every write 401 UNAUTHENTICATED
  --seed <n>              seed of the fault random (default 1)
  --log-requests          print one line per request
  --help                  show this text
`;

const NUMBER_FLAGS = {
  'failure-rate': 'failureRate',
  'failure-status': 'failureStatus',
  'retry-after': 'retryAfterSeconds',
  'latency-ms': 'latencyMs',
  'drop-rate': 'dropRate',
  seed: 'seed',
} as const;

const CHECKS: Record<keyof typeof NUMBER_FLAGS, (n: number) => boolean> = {
  'failure-rate': (n) => n >= 0 && n <= 1,
  'failure-status': (n) => n === 500 || n === 503 || n === 429,
  'retry-after': (n) => Number.isInteger(n) && n >= 0,
  'latency-ms': (n) => n >= 0 && n <= 60_000,
  'drop-rate': (n) => n >= 0 && n <= 1,
  seed: (n) => Number.isSafeInteger(n),
};

/** Parses the demo server's command line (without `node` and the script). Never throws. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const string = { type: 'string' } as const;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: string,
        host: string,
        db: string,
        static: string,
        'failure-rate': string,
        'failure-status': string,
        'retry-after': string,
        'latency-ms': string,
        'drop-rate': string,
        'drop-phase': string,
        seed: string,
        'auth-fail': { type: 'boolean' },
        'log-requests': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values['help']) return { kind: 'help' };
  const port = Number(values['port'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return { kind: 'error', message: `--port must be 0..65535, got ${values['port']}` };
  const faults: Partial<FaultConfig> = {};
  for (const [flag, field] of Object.entries(NUMBER_FLAGS) as Array<[keyof typeof NUMBER_FLAGS, keyof FaultConfig]>) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || !CHECKS[flag](value)) return { kind: 'error', message: `--${flag}: bad value ${raw}` };
    (faults as Record<string, number>)[field] = value;
  }
  const phase = values['drop-phase'];
  if (phase !== undefined) {
    if (phase !== 'both' && phase !== 'before' && phase !== 'after') return { kind: 'error', message: `--drop-phase must be both, before or after` };
    faults.dropPhase = phase;
  }
  if (values['auth-fail']) faults.authFail = true;
  const staticDir = values['static'];
  return {
    kind: 'run',
    options: {
      port,
      host: typeof values['host'] === 'string' ? values['host'] : '127.0.0.1',
      dbPath: typeof values['db'] === 'string' ? values['db'] : './data/demo.db',
      ...(typeof staticDir === 'string' ? { staticDir } : {}),
      logRequests: values['log-requests'] === true,
      faults,
    },
  };
}
