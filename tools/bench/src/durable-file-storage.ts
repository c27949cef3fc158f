import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';

type Callback<T> = (error: Error | null, value?: T) => void;

interface Waiter {
  readonly test: (key: string, value: string) => boolean;
  readonly resolve: () => void;
}

/**
 * A key-value storage over files for the peers' persisters, durable like synchronous=FULL: every
 * `setItem` writes the whole value to a temporary file, fdatasyncs it and renames it over the old
 * one (an atomic replace), in call order, one at a time; the promise (and the redux-persist style
 * callback) settles only then. Offers both API styles: AsyncStorage-like promises (TanStack's
 * async persister) and callbacks (redux-persist 4). `whenWritten` lets a benchmark await the
 * first completed write that satisfies a test (e.g. "contains entry n").
 */
export class DurableFileStorage {
  private chain: Promise<void> = Promise.resolve();
  private waiters: Waiter[] = [];
  private writes = 0;
  private requested = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Completed writes so far. */
  get writeCount(): number {
    return this.writes;
  }

  /** Resolves after the first write completing from now on whose key and value pass `test`. */
  whenWritten(test: (key: string, value: string) => boolean): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Resolves once every write requested so far is on disk. */
  idle(): Promise<void> {
    return this.chain;
  }

  /**
   * Resolves once the writer has gone quiet: every write is on disk and none was requested for
   * `quietMs` (a library's throttled or interval-driven persistence has caught up), so a
   * benchmark's next measurement does not pay for this one's trailing writes.
   */
  async settle(quietMs = 30): Promise<void> {
    for (;;) {
      const before = this.requested;
      await this.chain;
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (this.requested === before) {
        await this.chain;
        return;
      }
    }
  }

  setItem(key: string, value: string, callback?: Callback<void>): Promise<void> {
    this.requested++;
    const write = this.chain.then(() => this.writeNow(key, value));
    this.chain = write.catch(() => undefined);
    write.then(
      () => callback?.(null),
      (error: Error) => callback?.(error),
    );
    return write;
  }

  getItem(key: string, callback?: Callback<string | null>): Promise<string | null> {
    let value: string | null = null;
    try {
      value = readFileSync(this.fileOf(key), 'utf8');
    } catch {
      value = null;
    }
    callback?.(null, value);
    return Promise.resolve(value);
  }

  removeItem(key: string, callback?: Callback<void>): Promise<void> {
    rmSync(this.fileOf(key), { force: true });
    callback?.(null);
    return Promise.resolve();
  }

  getAllKeys(callback?: Callback<string[]>): Promise<string[]> {
    const keys = readdirSync(this.dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => decodeURIComponent(name.slice(0, -'.json'.length)));
    callback?.(null, keys);
    return Promise.resolve(keys);
  }

  private fileOf(key: string): string {
    return join(this.dir, `${encodeURIComponent(key)}.json`);
  }

  private async writeNow(key: string, value: string): Promise<void> {
    const file = this.fileOf(key);
    const temporary = `${file}.tmp`;
    // Asynchronous file I/O (like a native AsyncStorage): the app keeps running during the write.
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(value);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    this.writes++;
    const ready = this.waiters.filter((waiter) => waiter.test(key, value));
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  }
}
