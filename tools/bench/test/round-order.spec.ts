import { describe, expect, it } from 'vitest';
import { roundOrder } from '../src/interleave';

/** How often each ordered pair (a right before b) occurs within the rounds. */
function predecessorCounts(count: number, rounds: number): Map<string, number> {
  const pairs = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    const order = roundOrder(count, round);
    for (let i = 1; i < order.length; i++) {
      const key = `${order[i - 1]}>${order[i]}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  }
  return pairs;
}

describe('the order of the variants in each round', () => {
  for (const count of [1, 2, 3, 4, 5, 8, 12]) {
    it(`measures each of ${count} variants once per round, and in every position across the rounds`, () => {
      const rounds = count % 2 === 0 ? count : 2 * count;
      for (let round = 0; round < rounds; round++) expect([...roundOrder(count, round)].sort((a, b) => a - b)).toEqual([...Array(count).keys()]);
      for (let position = 0; position < count; position++) {
        expect(new Set(Array.from({ length: rounds }, (_, round) => roundOrder(count, round)[position])).size).toBe(count);
      }
    });
  }

  it('puts every variant right after every other one equally often (even counts: once over count rounds)', () => {
    for (const count of [2, 4, 8, 12]) {
      const pairs = predecessorCounts(count, count);
      expect(pairs.size).toBe(count * (count - 1));
      expect(new Set(pairs.values())).toEqual(new Set([1]));
    }
  });

  it('odd counts: twice over 2 × count rounds', () => {
    for (const count of [3, 5]) {
      const pairs = predecessorCounts(count, 2 * count);
      expect(pairs.size).toBe(count * (count - 1));
      expect(new Set(pairs.values())).toEqual(new Set([2]));
    }
  });

  it('never repeats one predecessor for a variant over five rounds of four (the old rotation always did)', () => {
    const before = (variant: number, round: number) => {
      const order = roundOrder(4, round);
      const at = order.indexOf(variant);
      return at > 0 ? order[at - 1] : undefined;
    };
    const predecessors = new Set(Array.from({ length: 5 }, (_, round) => before(0, round)).filter((p) => p !== undefined));
    expect(predecessors.size).toBeGreaterThan(1);
  });
});
