import { describe, expect, it } from 'vitest';
import { RefreshQueue } from '../src/refresh-queue';

describe('RefreshQueue', () => {
  it('runs a burst of requests as the running load plus one more, each request served by a later start', async () => {
    let runs = 0;
    let finish: () => void = () => undefined;
    const queue = new RefreshQueue(() => {
      runs++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const first = queue.request();
    const burst = Array.from({ length: 10 }, () => queue.request());
    expect(runs).toBe(1);
    finish();
    await first;
    await Promise.resolve();
    expect(runs).toBe(2);
    finish();
    await Promise.all(burst);
    expect(runs).toBe(2);
  });
});
