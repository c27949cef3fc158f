import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newEntry } from '@mutation-outbox/testing';
import { openStorage, tempDir, TEST_RAW_KEY } from '../test/node-sqlite-harness';

const WORKSPACE = resolve(import.meta.dirname, '../../..');
const CHILD = resolve(import.meta.dirname, '../test/append-until-killed.ts');

/** Runs the child until it reported `count` resolved appends, kills it with SIGKILL, returns the ids. */
function appendUntilKilled(path: string, count: number): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, TEST_RAW_KEY], { cwd: WORKSPACE, stdio: ['ignore', 'pipe', 'pipe'] });
    const ids: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      ids.push(...lines);
      if (ids.length >= count) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done(ids) : fail(new Error(`child exited on its own: ${stderr}`))));
  });
}

describe('kill -9 (a real process killed mid-enqueue)', () => {
  const temp = tempDir();
  afterEach(() => temp.remove());

  it('loses no resolved append, keeps the in-flight mark, and the database opens cleanly afterwards', async () => {
    const path = join(temp.dir, 'outbox.db');
    const seed = await openStorage(path);
    await seed.append([newEntry(0)], { maxEntries: 10, maxBytes: 10_000 });
    await seed.close();

    const acknowledged = await appendUntilKilled(path, 60);

    const after = await openStorage(path);
    const stored = new Set<string>();
    for (let afterSeq: number | null = 0; afterSeq !== null; ) {
      const page = await after.list({ limit: 500, afterSeq });
      page.entries.forEach((entry) => stored.add(entry.id));
      afterSeq = page.nextAfterSeq;
    }
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(await after.get('e0')).toMatchObject({ status: 'in_flight', attempts: 1 });
    expect(await after.recoverInFlight(1)).toBe(1);
    const counts = await after.counts();
    expect(counts.pending).toBe(stored.size);
    await after.close();
  });
});
