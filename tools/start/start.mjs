#!/usr/bin/env node
// `npm start`: builds the demo app (vite build) and serves it with the demo server on 127.0.0.1,
// the app at / and the API under /api, from one origin. Nothing is downloaded at run time.
//
// Options: --port <n> (or PORT; default 3000, a free port if that one is busy), --no-build (reuse
// apps/demo/dist), --db <file> (server database; default tmp/demo-server/demo.db), --reset (start
// with an empty server database), plus the demo server's fault flags
// (--failure-rate 0.3 --failure-status 503 --retry-after 2 --latency-ms 50 --drop-rate 0.1 ...).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

const ROOT = join(import.meta.dirname, '..', '..');
const APP_DIR = join(ROOT, 'apps', 'demo');
const DIST = join(APP_DIR, 'dist');
const DATA_DIR = join(ROOT, 'tmp', 'demo-server');

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    db: { type: 'string' },
    'failure-rate': { type: 'string' },
    'failure-status': { type: 'string' },
    'retry-after': { type: 'string' },
    'latency-ms': { type: 'string' },
    'drop-rate': { type: 'string' },
    'auth-fail': { type: 'boolean' },
    seed: { type: 'string' },
    'log-requests': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  console.log('Usage: npm start -- [--port 3000] [--no-build] [--db file] [--reset] [--failure-rate 0.3 --failure-status 503 --retry-after 2 ...]');
  process.exit(0);
}

/** Runs `vite build` for apps/demo with the app's own vite; rejects on failure. */
function buildApp() {
  const vite = join(dirname(createRequire(join(APP_DIR, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  console.log('Building the demo app (vite build)…');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: APP_DIR,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? `exit ${code}`})`))));
  });
}

/** The fault settings given on the command line, in the demo server's shape. */
function faultsFromArgs() {
  const faults = {};
  const number = (flag) => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`--${flag}: not a number: ${raw}`);
    return value;
  };
  const map = { 'failure-rate': 'failureRate', 'failure-status': 'failureStatus', 'retry-after': 'retryAfterSeconds', 'latency-ms': 'latencyMs', 'drop-rate': 'dropRate', seed: 'seed' };
  for (const [flag, key] of Object.entries(map)) {
    const value = number(flag);
    if (value !== undefined) faults[key] = value;
  }
  if (values['auth-fail']) faults.authFail = true;
  return faults;
}

async function main() {
  const requestedPort = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) throw new Error(`Bad port: ${values.port ?? process.env.PORT}`);
  if (values['no-build'] && existsSync(join(DIST, 'index.html'))) console.log('Reusing apps/demo/dist (--no-build).');
  else await buildApp();

  const dbPath = values.db ? resolve(values.db) : join(DATA_DIR, 'demo.db');
  if (values.reset) for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  mkdirSync(dirname(dbPath), { recursive: true });

  // The demo server is TypeScript; tsx compiles it in-process (no build step, nothing fetched).
  register();
  const { startDemoServer } = await import('@mutation-outbox/demo-server');
  const options = { host: '127.0.0.1', dbPath, staticDir: DIST, faults: faultsFromArgs(), logRequests: values['log-requests'] };
  let server;
  try {
    server = await startDemoServer({ ...options, port: requestedPort });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE' || requestedPort === 0) throw error;
    console.log(`Port ${requestedPort} is busy; using a free port instead.`);
    server = await startDemoServer({ ...options, port: 0 });
  }

  console.log('');
  console.log(`Mutation Outbox demo: ${server.url}/`);
  console.log(`  API under ${server.url}/api  ·  server database ${options.dbPath}`);
  console.log('  Try it: create contacts, switch the browser offline (DevTools → Network → Offline), edit, go online.');
  console.log('Press Ctrl+C to stop');

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    server.close().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
