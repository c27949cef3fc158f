import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli-args';
import { README_END, README_START, replaceSection } from '../src/readme-section';

describe('parseArgs', () => {
  it('defaults to a full run of every workload, 5 repetitions, README updated', () => {
    expect(parseArgs([])).toMatchObject({ quick: false, reps: 5, out: null, readme: true });
    expect(parseArgs([]).workloads).toHaveLength(5);
  });

  it('reads --quick (no README by default), --reps, --only and --out', () => {
    expect(parseArgs(['--quick', '--reps', '7', '--only', 'enqueue,drain', '--out', 'x.json'])).toEqual({
      quick: true,
      reps: 7,
      workloads: ['enqueue', 'drain'],
      out: 'x.json',
      readme: false,
    });
  });

  it('refuses fewer than 5 repetitions, unknown workloads and unknown flags', () => {
    expect(() => parseArgs(['--reps', '3'])).toThrow(/at least 5/);
    expect(() => parseArgs(['--only', 'sync'])).toThrow(/unknown workload sync/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument/);
  });
});

describe('replaceSection', () => {
  it('replaces only the text between the markers', () => {
    const readme = `# Title\n\n${README_START}\nold table\n${README_END}\n\nafter\n`;
    expect(replaceSection(readme, 'new table')).toBe(`# Title\n\n${README_START}\nnew table\n${README_END}\n\nafter\n`);
  });

  it('appends a marked section when there is none', () => {
    expect(replaceSection('# Title\n', 'table')).toBe(`# Title\n\n${README_START}\ntable\n${README_END}\n`);
  });
});
