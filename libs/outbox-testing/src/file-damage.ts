import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { SeededRandom } from './seeded-random';

/** SQLCipher 4's page size: the unit the damage helpers count in. */
export const DAMAGE_PAGE_SIZE = 4096;

/** `length` bytes that look uniformly random, the same for the same `seed`. */
export function seededBytes(length: number, seed = 1): Buffer {
  const random = new SeededRandom(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(random.next() * 256)));
}

/** Overwrites page `index` (0 = the first) of the file at `path` with seeded random bytes. */
export function overwritePage(path: string, index: number, seed = 1): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, seededBytes(DAMAGE_PAGE_SIZE, seed), 0, DAMAGE_PAGE_SIZE, index * DAMAGE_PAGE_SIZE);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file of `size` seeded random bytes at `path` (what a wrong key sees, too). */
export function writeRandomFile(path: string, size: number, seed = 1): void {
  writeFileSync(path, seededBytes(size, seed));
}
