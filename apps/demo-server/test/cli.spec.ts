import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args';
import { call } from './harness';

describe('parseCliArgs', () => {
  it('maps flags to server options', () => {
    const parsed = parseCliArgs(
      ['--port', '4000', '--db', 'x.db', '--failure-rate', '0.3', '--failure-status', '429', '--retry-after', '2', '--latency-ms', '50'].concat(
        ['--drop-rate', '0.1', '--drop-phase', 'after', '--auth-fail', '--seed', '7', '--static', 'www', '--host', '0.0.0.0', '--log-requests'],
      ),
    );
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        port: 4000,
        host: '0.0.0.0',
        dbPath: 'x.db',
        staticDir: 'www',
        logRequests: true,
        faults: { failureRate: 0.3, failureStatus: 429, retryAfterSeconds: 2, latencyMs: 50, dropRate: 0.1, dropPhase: 'after', authFail: true, seed: 7 },
      },
    });
  });

  it('has defaults, help and clear errors', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'run', options: { port: 3000, host: '127.0.0.1', dbPath: './data/demo.db', logRequests: false, faults: {} } });
    expect(parseCliArgs(['--help']).kind).toBe('help');
    expect(parseCliArgs(['--failure-rate', 'lots'])).toEqual({ kind: 'error', message: expect.stringContaining('--failure-rate') });
    expect(parseCliArgs(['--failure-status', '418'])).toEqual({ kind: 'error', message: expect.stringContaining('--failure-status') });
    expect(parseCliArgs(['--wat']).kind).toBe('error');
  });
});

describe('CLI', () => {
  it('prints its URL, serves requests and exits cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-server-cli-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--port', '0', '--db', join(dir, 'sub', 'demo.db')], {
        cwd: join(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const lines = createInterface({ input: child.stdout });
      let url = '';
      for await (const line of lines) {
        const match = /(http:\/\/\S+)/.exec(line);
        if (match?.[1]) {
          url = match[1];
          break;
        }
      }
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await call(url, 'POST', '/contacts', { body: { name: 'Ada' } })).status).toBe(201);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
