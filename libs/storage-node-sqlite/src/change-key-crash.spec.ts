import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionKeyError } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import { NodeSqliteStorage } from './node-sqlite-storage';
import type { SqlCipherKey } from './node-sqlite-storage-options';

const WORKSPACE = resolve(import.meta.dirname, '../../..');
const CHILD = resolve(import.meta.dirname, '../test/rekey-until-killed.ts');
const ENTRIES = 100_000;
const PASSPHRASE = 'rotation passphrase before';
const RAW = { raw: 'd1'.repeat(32) };

/** Where the child is killed: right after a named step, or a delay after the rekey began. */
type KillPoint = { readonly afterStep: string } | { readonly msAfter: string; readonly ms: number } | 'never';

/** Runs the rekey in a child and kills it at `point`; resolves whether it was killed. */
function rekeyInChild(path: string, oldKey: SqlCipherKey, newKey: SqlCipherKey, point: KillPoint): Promise<{ killed: boolean; copyLeft: boolean }> {
  const killAt = typeof point === 'object' && 'afterStep' in point ? point.afterStep : 'none';
  const args = ['--import', 'tsx', CHILD, path, JSON.stringify(oldKey), JSON.stringify(newKey), killAt];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: WORKSPACE, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (typeof point === 'object' && 'msAfter' in point && chunk.toString().split('\n').includes(point.msAfter)) {
        setTimeout(() => child.kill('SIGKILL'), point.ms);
      }
    });
    child.on('exit', (code, signal) => {
      const copyLeft = existsSync(`${path}.rekey`);
      if (signal === 'SIGKILL') done({ killed: true, copyLeft });
      else if (code === 0 && point === 'never') done({ killed: false, copyLeft });
      else fail(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

/** Opens with `key`, or null on EncryptionKeyError. */
async function openWith(path: string, key: SqlCipherKey): Promise<NodeSqliteStorage | null> {
  const storage = new NodeSqliteStorage({ path, key });
  try {
    await storage.open();
    return storage;
  } catch (error) {
    if (error instanceof EncryptionKeyError) return null;
    throw error;
  }
}

/** Every entry as one line (id, seq, status, payload), in queue order. */
async function digest(storage: NodeSqliteStorage): Promise<string[]> {
  const lines: string[] = [];
  for (let afterSeq: number | null = 0; afterSeq !== null; ) {
    const page = await storage.list({ limit: 5_000, afterSeq });
    for (const entry of page.entries) lines.push(`${entry.id}|${entry.seq}|${entry.status}|${JSON.stringify(entry.payload)}`);
    afterSeq = page.nextAfterSeq;
  }
  return lines;
}

describe('changeKey survives SIGKILL at any point (100,000 queued entries)', () => {
  let dir: string;
  let pristine: string;
  let expected: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-rekey-crash-'));
    pristine = join(dir, 'pristine.db');
    const storage = new NodeSqliteStorage({ path: pristine, key: PASSPHRASE });
    await storage.open();
    const limits = { maxEntries: 1e6, maxBytes: 1e9 };
    for (let start = 0; start < ENTRIES; start += 10_000) {
      await storage.append(Array.from({ length: 10_000 }, (_, i) => newEntry(start + i)), limits);
    }
    expected = await digest(storage);
    await storage.close();
    expect(expected).toHaveLength(ENTRIES);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const points: [string, KillPoint, SqlCipherKey, SqlCipherKey][] = [
    ['after the old key was proven', { afterStep: 'opened' }, PASSPHRASE, RAW],
    ['after the exclusive lock was taken', { afterStep: 'locked' }, PASSPHRASE, RAW],
    ['5 ms into the copy', { msAfter: 'locked', ms: 5 }, PASSPHRASE, RAW],
    ['60 ms into the copy', { msAfter: 'locked', ms: 60 }, PASSPHRASE, 'rotation passphrase after'],
    ['after the copy was written', { afterStep: 'copied' }, PASSPHRASE, RAW],
    ['10 ms into the rekey of the copy', { msAfter: 'copied', ms: 10 }, PASSPHRASE, RAW],
    ['120 ms into the rekey of the copy', { msAfter: 'copied', ms: 120 }, PASSPHRASE, 'rotation passphrase after'],
    ['after the copy was rekeyed', { afterStep: 'copy-rekeyed' }, PASSPHRASE, RAW],
    ['after the copy replaced the file', { afterStep: 'replaced' }, PASSPHRASE, 'rotation passphrase after'],
    ['never (it completes)', 'never', PASSPHRASE, RAW],
  ];

  it.each(points)('killed %s: opens with exactly one key, every entry intact, and a second changeKey finishes', async (_name, point, oldKey, newKey) => {
    const path = join(dir, `case-${Math.random().toString(36).slice(2)}.db`);
    copyFileSync(pristine, path);
    const { killed, copyLeft } = await rekeyInChild(path, oldKey, newKey, point);
    expect(killed).toBe(point !== 'never');

    const withOld = await openWith(path, oldKey);
    const withNew = withOld ? null : await openWith(path, newKey);
    const opened = withOld ?? withNew;
    expect(opened, 'opens with one of the keys').not.toBeNull();
    if (withOld) expect(await openWith(path, newKey)).toBeNull();
    if (copyLeft) expect(withOld, 'killed before the rename: still the old key').not.toBeNull();
    expect(await digest(opened!)).toEqual(expected);

    const outcome = await opened!.changeKey(oldKey, newKey);
    expect(outcome).toBe(withOld ? 'changed' : 'already-changed');
    expect(await digest(opened!)).toEqual(expected);
    await opened!.close();
    expect(await openWith(path, oldKey)).toBeNull();
    expect(existsSync(`${path}.rekey`)).toBe(false);
    rmSync(path);
  }, 90_000);
});
