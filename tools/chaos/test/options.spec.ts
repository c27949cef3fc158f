import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseChaosArgs } from '../src/options';
import { chaosSchedule } from '../src/schedule';

describe('parseChaosArgs', () => {
  it('reads every option of the issue and falls back to the defaults (random seed when none is given)', () => {
    const options = parseChaosArgs(
      ['--mutations', '300', '--kills', '5', '--failure-rate', '0.3', '--latency-ms', '4', '--drop-rate', '0.1', '--flaps', '2', '--seed', '42', '--ordering', 'partition'],
      () => 7,
    );
    expect(options).toMatchObject({ mutations: 300, kills: 5, failureRate: 0.3, latencyMs: 4, dropRate: 0.1, flaps: 2, seed: 42, ordering: 'partition' });
    expect(parseChaosArgs([], () => 7)).toEqual({ ...DEFAULT_OPTIONS, seed: 7 });
    expect(parseChaosArgs(['--help'], () => 7)).toBeNull();
  });

  it('refuses bad values naming the option', () => {
    expect(() => parseChaosArgs(['--failure-rate', '2'], () => 1)).toThrow(/--failure-rate/);
    expect(() => parseChaosArgs(['--ordering', 'random'], () => 1)).toThrow(/--ordering/);
    expect(() => parseChaosArgs(['--mutations', '1.5'], () => 1)).toThrow(/--mutations/);
    expect(() => parseChaosArgs(['--nope'], () => 1)).toThrow();
  });
});

describe('chaosSchedule', () => {
  it('is a pure function of the seed, with the requested number of kills and flaps in progress order', () => {
    const schedule = chaosSchedule(9, 1000, 20, 10, 300);
    expect(chaosSchedule(9, 1000, 20, 10, 300)).toEqual(schedule);
    expect(chaosSchedule(10, 1000, 20, 10, 300)).not.toEqual(schedule);
    expect(schedule.kills).toHaveLength(20);
    expect(schedule.flaps).toHaveLength(10);
    const at = schedule.kills.map((kill) => kill.at);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(schedule.flaps.every((flap) => flap.at < 1000 && flap.offlineMs >= 10 && flap.offlineMs <= 300)).toBe(true);
  });

  it('aims kills at enqueues and at requests in flight', () => {
    const targets = new Set(chaosSchedule(1, 1000, 200, 0, 100).kills.map((kill) => kill.target));
    expect(targets.has('enqueue-start')).toBe(true);
    expect(targets.has('attempt')).toBe(true);
  });
});
