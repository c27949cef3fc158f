import { describe, expect, it } from 'vitest';
import { expectedServerState } from '../src/expected-state';
import type { PlanItem } from '../src/plan';

const plan: PlanItem[] = [
  { index: 0, type: 'contact.create', contact: 'tmp_c1', fields: { name: 'Ada', email: 'ada@example.com' }, rejected: false },
  { index: 1, type: 'contact.create', contact: 'tmp_c2', fields: { name: 'Bob' }, rejected: false },
  { index: 2, type: 'contact.update', contact: 'tmp_c1', fields: { name: 'Ada L.' }, rejected: false },
  { index: 3, type: 'activity.create', contact: 'tmp_c1', activity: 'tmp_a1', activityFields: { activity: 'Visit', date: '2026-01-02' }, rejected: false },
  { index: 4, type: 'activity.create', contact: 'tmp_c2', activity: 'tmp_a2', activityFields: { activity: 'Call', date: '2026-01-03' }, rejected: false },
  { index: 5, type: 'contact.update', contact: 'tmp_c1', fields: { email: 'bad' }, rejected: true },
  { index: 6, type: 'contact.delete', contact: 'tmp_c2', rejected: false },
  { index: 7, type: 'contact.update', contact: 'tmp_c1', fields: { phone: '0601' }, rejected: false },
];
const committed = plan.map((item) => ({ index: item.index, entryId: `e${item.index}`, key: `k${item.index}` }));
const serverIds = new Map([
  ['k0', '10'],
  ['k1', '11'],
  ['k3', '20'],
  ['k4', '21'],
]);

describe('expectedServerState', () => {
  it('replays the committed, not rolled back mutations in plan order, with temporary ids mapped', () => {
    const state = expectedServerState(plan, committed, new Set(['e5']), serverIds);
    expect(state.contacts).toEqual([{ id: '10', version: 3, name: 'Ada L.', email: 'ada@example.com', phone: '0601', notes: null }]);
    expect(state.activities).toEqual([{ id: '20', version: 1, contactId: '10', activity: 'Visit', date: '2026-01-02' }]);
  });

  it('leaves out what was rolled back, and what depends on a create that never got a server id', () => {
    const state = expectedServerState(plan, committed, new Set(['e5', 'e6', 'e2']), new Map([['k0', '10'], ['k3', '20']]));
    expect(state.contacts.map((c) => [c.id, c.name, c.version])).toEqual([['10', 'Ada', 2]]);
    expect(state.activities.map((a) => a.id)).toEqual(['20']);
  });
});
