import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The slice of a better-sqlite3(-multiple-ciphers) connection `spillSortAndScan` drives. */
export interface IterableSqliteConnection {
  exec(sql: string): unknown;
  prepare(sql: string): { run(...params: unknown[]): unknown; iterate(): IterableIterator<unknown> };
  pragma(sql: string): unknown;
}

/**
 * Every file under `dirs` whose bytes contain `marker`: the files listed there and the files this
 * process holds open there, including deleted ones (SQLite unlinks its temporary files right after
 * creating them, so only `/proc/self/fd` still reaches them). Linux only: throws without `/proc`.
 */
export function filesContaining(marker: string, dirs: readonly string[]): string[] {
  if (!existsSync('/proc/self/fd')) throw new Error('filesContaining needs /proc/self/fd (Linux)');
  const found = new Set<string>();
  const check = (label: string, read: () => Buffer) => {
    try {
      if (read().includes(marker)) found.add(label);
    } catch {
      // Gone or unreadable in between: nothing to find in it.
    }
  };
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isFile()) check(path, () => readFileSync(path));
    }
  }
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (dirs.some((dir) => target.startsWith(dir))) check(target, () => readFileSync(`/proc/self/fd/${fd}`));
  }
  return [...found];
}

/**
 * Writes 200,000 rows carrying `marker` to a table of the (encrypted) database behind
 * `connection`, starts a sort of them too large for a 50-page cache (SQLite spills it to a
 * temporary file unless `temp_store = MEMORY`), and while the sorted rows are being read returns
 * `filesContaining(marker, dirs)`. The table is dropped afterwards.
 */
export function spillSortAndScan(connection: IterableSqliteConnection, marker: string, dirs: readonly string[]): string[] {
  connection.pragma('cache_size = 50');
  connection.exec('CREATE TABLE spill_probe (s TEXT)');
  const insert = connection.prepare('INSERT INTO spill_probe (s) VALUES (?)');
  connection.exec('BEGIN');
  for (let i = 0; i < 200_000; i++) insert.run(`${marker}-${(i * 7_919) % 200_000}-${'p'.repeat(24)}`);
  connection.exec('COMMIT');
  const rows = connection.prepare('SELECT s FROM spill_probe ORDER BY s').iterate();
  try {
    rows.next();
    return filesContaining(marker, dirs);
  } finally {
    rows.return?.();
    connection.exec('DROP TABLE spill_probe');
  }
}
