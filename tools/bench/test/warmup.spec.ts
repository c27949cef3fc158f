import { describe, expect, it } from 'vitest';
import { runInterleaved } from '../src/interleave';
import type { VariantSpec } from '../src/interleave';

/** A variant whose n-th measurement (from 0) takes n + 1 ms, logging each call. */
function counting(variant: 'outbox' | 'raw-sqlite', calls: string[]): VariantSpec {
  let n = 0;
  return {
    variant,
    async setup() {
      return {
        async measure() {
          calls.push(variant);
          return { ms: ++n, ops: 1 };
        },
        close: async () => undefined,
      };
    },
  };
}

describe('warm-up rounds', () => {
  it('measure every variant before the recorded rounds and are left out of the samples', async () => {
    const calls: string[] = [];
    const [outbox, raw] = await runInterleaved([counting('outbox', calls), counting('raw-sqlite', calls)], {
      workload: 'enqueue',
      size: 1,
      reps: 5,
      unit: 'ms/op',
      warmupRounds: 1,
    });
    expect(calls).toHaveLength(12);
    expect(outbox?.samples).toEqual([2, 3, 4, 5, 6]);
    expect(raw?.samples).toEqual([2, 3, 4, 5, 6]);
  });

  it('are none by default', async () => {
    const calls: string[] = [];
    const [outbox] = await runInterleaved([counting('outbox', calls)], { workload: 'enqueue', size: 1, reps: 5, unit: 'ms/op' });
    expect(outbox?.samples).toEqual([1, 2, 3, 4, 5]);
  });
});
