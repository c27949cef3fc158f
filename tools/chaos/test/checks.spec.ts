import { describe, expect, it } from 'vitest';
import { checkRun } from '../src/checks';
import type { AppliedRecord, RunEvidence } from '../src/evidence';
import { planMutations } from '../src/plan';
import { flawlessEvidence } from './fixtures';

const plan = planMutations(5, 400);
const clean = flawlessEvidence(plan);
const itemOf = (record: AppliedRecord) => plan[Number(record.key?.slice(4))];

/** Two applied writes of the same contact, and two of different contacts, adjacent in the log. */
function adjacentPair(sameContact: boolean): number {
  for (let i = 0; i + 1 < clean.applied.length; i++) {
    const [a, b] = [itemOf(clean.applied[i] as AppliedRecord), itemOf(clean.applied[i + 1] as AppliedRecord)];
    if (a && b && (a.contact === b.contact) === sameContact) return i;
  }
  throw new Error('no such pair');
}

function swapApplied(evidence: RunEvidence, at: number): RunEvidence {
  const applied = [...evidence.applied];
  const [a, b] = [applied[at] as AppliedRecord, applied[at + 1] as AppliedRecord];
  applied[at] = { ...b, seq: a.seq };
  applied[at + 1] = { ...a, seq: b.seq };
  return { ...evidence, applied };
}

describe('checkRun', () => {
  it('finds nothing wrong in a flawless run, and counts what was applied and rolled back', () => {
    const report = checkRun(clean);
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.applied).toBe(plan.filter((item) => !item.rejected).length);
    expect(report.rolledBack).toBe(plan.filter((item) => item.rejected).length);
  });

  it('reports a write applied twice as a duplicate', () => {
    const again = clean.applied[10] as AppliedRecord;
    const report = checkRun({ ...clean, applied: [...clean.applied, { ...again, seq: 9999 }] });
    expect(report.counts.duplicate).toBe(1);
    expect(report.ok).toBe(false);
  });

  it('reports an acknowledged write the server never applied as lost', () => {
    const target = clean.applied.findIndex((record) => itemOf(record)?.type === 'contact.update');
    const report = checkRun({ ...clean, applied: clean.applied.filter((_, i) => i !== target) });
    expect(report.counts.lost).toBe(1);
  });

  it('reports an acknowledged enqueue missing from the outbox database as lost', () => {
    const report = checkRun({ ...clean, committed: clean.committed.filter((record) => record.index !== 3) });
    expect(report.counts.lost).toBeGreaterThanOrEqual(1);
    expect(report.violations.some((v) => v.kind === 'lost' && v.detail.includes('plan item 3'))).toBe(true);
  });

  it('reports a swap of two writes of one contact as an order violation in both ordering modes', () => {
    const swapped = swapApplied(clean, adjacentPair(true));
    expect(checkRun(swapped).counts.order).toBe(1);
    expect(checkRun({ ...swapped, ordering: 'partition' }).counts.order).toBe(1);
  });

  it('reports a swap across contacts only under global ordering', () => {
    const swapped = swapApplied(clean, adjacentPair(false));
    expect(checkRun(swapped).counts.order).toBe(1);
    expect(checkRun({ ...swapped, ordering: 'partition' }).counts.order).toBe(0);
  });

  it('reports entries left in flight or undelivered', () => {
    const report = checkRun({
      ...clean,
      outbox: [...clean.outbox, { id: 'entry-1', seq: 2, key: 'key-1', status: 'in_flight', lastError: null }, { id: 'entry-2', seq: 3, key: 'key-2', status: 'pending', lastError: null }],
    });
    expect(report.counts.leftInFlight).toBe(1);
    expect(report.counts.leftActive).toBe(1);
  });

  it('reports a rollback without a permanent rejection behind it', () => {
    const valid = plan.find((item) => !item.rejected && item.type === 'contact.update' && item.index > 50);
    if (!valid) throw new Error('plan without an update');
    const forged = {
      ...clean,
      applied: clean.applied.filter((record) => record.key !== `key-${valid.index}`),
      outbox: [...clean.outbox, { id: `entry-${valid.index}`, seq: valid.index + 1, key: `key-${valid.index}`, status: 'rolled_back' as const, lastError: { code: 'VALIDATION_FAILED', httpStatus: 422 } }],
    };
    expect(checkRun(forged).counts.badRollback).toBe(1);
    const orphan = { ...forged, outbox: forged.outbox.map((e) => (e.id === `entry-${valid.index}` ? { ...e, lastError: { code: 'DEPENDENCY_ROLLED_BACK' } } : e)) };
    const earlierRejected = plan.some((item) => item.rejected && item.contact === valid.contact && item.index < valid.index);
    expect(checkRun(orphan).counts.badRollback).toBe(earlierRejected ? 0 : 1);
  });

  it('reports a refused mutation that the server applied', () => {
    const refused = plan.find((item) => item.rejected && item.type === 'contact.update');
    if (!refused) throw new Error('plan without a refused update');
    const forged = {
      ...clean,
      outbox: clean.outbox.filter((entry) => entry.id !== `entry-${refused.index}`),
      applied: [...clean.applied, { seq: 9999, key: `key-${refused.index}`, operation: 'contact.update', entityId: '1' }],
    };
    expect(checkRun(forged).counts.badRollback).toBe(1);
  });

  it('reports writes the app never enqueued', () => {
    const report = checkRun({ ...clean, applied: [...clean.applied, { seq: 9999, key: 'stranger', operation: 'contact.create', entityId: '999' }] });
    expect(report.counts.phantom).toBe(1);
  });

  it('reports a server or local state that differs from the replay of the log', () => {
    const [first, ...rest] = clean.server.contacts;
    if (!first) throw new Error('no contacts');
    expect(checkRun({ ...clean, server: { ...clean.server, contacts: [{ ...first, name: 'Tampered' }, ...rest] } }).counts.stateMismatch).toBe(1);
    const local = clean.local;
    if (!local) throw new Error('no local state');
    expect(checkRun({ ...clean, local: { ...local, activities: local.activities.slice(1) } }).counts.localMismatch).toBe(1);
  });

  it('reports a plan item enqueued twice or never', () => {
    const twice = checkRun({ ...clean, committed: [...clean.committed, { index: 7, entryId: 'entry-x', key: 'key-x' }] });
    expect(twice.counts.enqueue).toBeGreaterThanOrEqual(1);
  });
});
