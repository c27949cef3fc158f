import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser';
import { APP_DIR } from './support/paths';

const START = join(APP_DIR, '..', '..', 'tools', 'start', 'start.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'outbox-npm-start-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves with the output once `pattern` appears in it; rejects after `timeoutMs` or on exit. */
function waitForOutput(proc: ChildProcess, output: { text: string }, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output.text}`)), timeoutMs);
    const check = () => {
      const match = output.text.match(pattern);
      if (!match) return;
      clearTimeout(timer);
      resolve(match);
    };
    proc.stdout?.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ${pattern}; output:\n${output.text}`));
    });
    check();
  });
}

describe('npm start (tools/start/start.mjs)', () => {
  it('builds the app, serves it with the API on 127.0.0.1, and stops cleanly on SIGINT', async () => {
    const output = { text: '' };
    child = spawn(process.execPath, [START, '--port', '0', '--db', join(dataDir, 'demo.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    const [, url] = await waitForOutput(child, output, /Mutation Outbox demo: (http:\/\/127\.0\.0\.1:\d+\/)/, 120_000);
    await waitForOutput(child, output, /Press Ctrl\+C to stop/, 5_000);

    const page = await fetch(url ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const wasm = await fetch(new URL('assets/sql-wasm.wasm', url));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(await (await fetch(new URL('api/contacts', url))).json()).toEqual({ contacts: [] });

    const browser = await launchBrowser();
    try {
      await browser.page.goto(url ?? '');
      await browser.page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
      await screenshot(browser.page, 'npm-start-home');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.text).toContain('Stopped.');
  });
});
