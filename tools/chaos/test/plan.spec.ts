import { describe, expect, it } from 'vitest';
import { planMutations } from '../src/plan';

describe('planMutations', () => {
  it('is a pure function of the seed: same seed, same plan; a longer plan extends a shorter one', () => {
    expect(planMutations(7, 500)).toEqual(planMutations(7, 500));
    expect(planMutations(7, 1000).slice(0, 500)).toEqual(planMutations(7, 500));
    expect(planMutations(8, 500)).not.toEqual(planMutations(7, 500));
  });

  it('numbers items 0..n-1 and mixes creates, updates, activities, deletes and permanent rejections', () => {
    const plan = planMutations(42, 2000);
    expect(plan.map((item) => item.index)).toEqual([...Array(2000).keys()]);
    const types = new Set(plan.map((item) => item.type));
    expect([...types].sort()).toEqual(['activity.create', 'contact.create', 'contact.delete', 'contact.update']);
    const rejected = plan.filter((item) => item.rejected);
    expect(rejected.some((item) => item.type === 'contact.create')).toBe(true);
    expect(rejected.some((item) => item.type === 'contact.update')).toBe(true);
    expect(rejected.length).toBeGreaterThan(20);
    expect(rejected.length).toBeLessThan(300);
  });

  it('uses temporary ids and only targets contacts that exist in the plan, were not refused and are not deleted', () => {
    const plan = planMutations(3, 3000);
    const live = new Set<string>();
    for (const item of plan) {
      expect(item.contact.startsWith('tmp_')).toBe(true);
      if (item.type === 'contact.create') {
        expect(live.has(item.contact)).toBe(false);
        if (!item.rejected) live.add(item.contact);
        continue;
      }
      expect(live.has(item.contact)).toBe(true);
      if (item.type === 'activity.create') expect(item.activity?.startsWith('tmp_')).toBe(true);
      if (item.type === 'contact.delete') live.delete(item.contact);
    }
  });

  it('makes refused mutations invalid for the server (malformed email) and the others valid', () => {
    const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
    for (const item of planMutations(11, 1000)) {
      if (item.type !== 'contact.create' && item.type !== 'contact.update') continue;
      const value = item.fields?.email;
      if (item.rejected) expect(value !== undefined && !email.test(value)).toBe(true);
      else if (value !== undefined) expect(email.test(value)).toBe(true);
      if (item.type === 'contact.create') expect(item.fields?.name).toBeTruthy();
    }
  });
});
