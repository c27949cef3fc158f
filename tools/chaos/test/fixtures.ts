import { expectedServerState } from '../src/expected-state';
import type { AppliedRecord, CommittedRecord, Ordering, OutboxRecord, RunEvidence } from '../src/evidence';
import type { PlanItem } from '../src/plan';

/**
 * The evidence of a flawless run of `plan`: every item enqueued and acknowledged, applied once in
 * plan order, refused items rolled back with a 422, nothing left in the outbox, and server and
 * local state equal to the replay. Tests forge violations into it.
 */
export function flawlessEvidence(plan: readonly PlanItem[], ordering: Ordering = 'global'): RunEvidence {
  const committed: CommittedRecord[] = plan.map((item) => ({ index: item.index, entryId: `entry-${item.index}`, key: `key-${item.index}` }));
  const outbox: OutboxRecord[] = [];
  const applied: AppliedRecord[] = [];
  const serverIds = new Map<string, string>();
  const contactIds = new Map<string, string>();
  let nextContact = 1;
  let nextActivity = 1;
  for (const item of plan) {
    const record = committed[item.index] as CommittedRecord;
    if (item.rejected) {
      outbox.push({ id: record.entryId, seq: item.index + 1, key: record.key, status: 'rolled_back', lastError: { code: 'VALIDATION_FAILED', httpStatus: 422 } });
      continue;
    }
    let entityId: string;
    if (item.type === 'contact.create') {
      entityId = String(nextContact++);
      contactIds.set(item.contact, entityId);
      serverIds.set(record.key, entityId);
    } else if (item.type === 'activity.create') {
      entityId = String(nextActivity++);
      serverIds.set(record.key, entityId);
    } else {
      entityId = contactIds.get(item.contact) ?? '?';
    }
    applied.push({ seq: applied.length + 1, key: record.key, operation: item.type, entityId });
  }
  const server = expectedServerState(plan, committed, new Set(outbox.map((entry) => entry.id)), serverIds);
  const local = {
    contacts: server.contacts.map(({ version: _version, ...contact }) => contact),
    activities: server.activities.map(({ version: _version, ...activity }) => activity),
  };
  return { ordering, plan, acknowledged: committed, committed, outbox, applied, server, local };
}
