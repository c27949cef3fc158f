import { describe, expect, it } from 'vitest';
import { opsPerSec, rateRatio, summarize } from '../src/stats';

describe('summarize', () => {
  it('gives the middle value of an odd count, with min and max', () => {
    expect(summarize([5, 1, 9, 3, 7])).toEqual({ median: 5, min: 1, max: 9, count: 5 });
  });

  it('averages the two middle values of an even count', () => {
    expect(summarize([4, 1, 3, 2, 10, 6])).toEqual({ median: 3.5, min: 1, max: 10, count: 6 });
  });

  it('does not reorder its input', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses no samples and non-finite ones', () => {
    expect(() => summarize([])).toThrow(/no samples/);
    expect(() => summarize([1, Number.NaN])).toThrow(/non-finite/);
  });
});

describe('rateRatio and opsPerSec', () => {
  it('is the limit time over the variant time: half the rate is 0.5', () => {
    expect(rateRatio(2, 1)).toBe(0.5);
    expect(rateRatio(1, 1)).toBe(1);
    expect(rateRatio(0.3, 0.9)).toBe(3);
  });

  it('is null when a time is missing or zero', () => {
    expect(rateRatio(undefined, 1)).toBeNull();
    expect(rateRatio(1, undefined)).toBeNull();
    expect(rateRatio(0, 1)).toBeNull();
  });

  it('turns ms per operation into operations per second', () => {
    expect(opsPerSec(0.5)).toBe(2000);
    expect(opsPerSec(3)).toBe(333.3);
  });
});
