import { describe, expect, it } from 'vitest';
import { AsyncMutex } from '@mutation-outbox/core';
import { AppendGroup } from './append-group';
import type { PendingAppend } from './append-group';

describe('AsyncMutex', () => {
  it('runs sections one at a time in call order, and a failure does not block the next', async () => {
    const mutex = new AsyncMutex();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = mutex.run(async () => {
      log.push('first:start');
      await gate;
      log.push('first:end');
      throw new Error('first failed');
    });
    const second = mutex.run(async () => {
      log.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['first:start']);
    release();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe(2);
    expect(log).toEqual(['first:start', 'first:end', 'second']);
  });
});

describe('AppendGroup', () => {
  const request = (): PendingAppend => ({ entries: [], limits: { maxEntries: 1, maxBytes: 1 }, durable: true, resolve: () => undefined, reject: () => undefined });

  it('collects calls into the open group until it is sealed; the next call opens a new group', () => {
    const groups = new AppendGroup();
    const first = groups.add(request());
    expect(first).toHaveLength(1);
    expect(groups.add(request())).toBeNull();
    expect(first).toHaveLength(2);
    groups.seal(first!);
    const second = groups.add(request());
    expect(second).not.toBe(first);
    expect(second).toHaveLength(1);
  });
});
