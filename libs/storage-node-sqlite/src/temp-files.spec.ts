import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_RAW_KEY, useTempDatabase } from '../test/node-sqlite-harness';

const WORKSPACE = resolve(import.meta.dirname, '../../..');
const CHILD = resolve(import.meta.dirname, '../test/spill-sort-child.ts');
const MARKER = 'SPILL-MARKER-4c1e9b';

/** Runs the spilling sort in a child whose SQLite temp directory is `tmp`; returns what it found. */
function spillInChild(path: string, tmp: string, control = false): { tempStore: unknown; found: string[] } {
  const args = ['--import', 'tsx', CHILD, path, TEST_RAW_KEY, MARKER, ...(control ? ['--control'] : [])];
  const env = { ...process.env, SQLITE_TMPDIR: tmp, TMPDIR: tmp };
  return JSON.parse(execFileSync(process.execPath, args, { cwd: WORKSPACE, env, encoding: 'utf8' })) as { tempStore: unknown; found: string[] };
}

describe('temporary files (sorts that spill) never hold plaintext', () => {
  const database = useTempDatabase();

  it('a 200,000-row sort leaves no plaintext in the temp directory or next to the database', () => {
    const tmp = join(dirname(database.path()), 'sqlite-tmp');
    mkdirSync(tmp);
    const result = spillInChild(database.path(), tmp);
    expect(result.found).toEqual([]);
    expect(result.tempStore).toEqual([{ temp_store: 2 }]);
  });

  it('control: with temp_store back at the default, the same probe finds the marker in a temp file', () => {
    const tmp = join(dirname(database.path()), 'sqlite-tmp');
    mkdirSync(tmp);
    const result = spillInChild(database.path(), tmp, true);
    expect(result.found.length).toBeGreaterThan(0);
    expect(result.found.every((file) => file.startsWith(tmp))).toBe(true);
  });
});
