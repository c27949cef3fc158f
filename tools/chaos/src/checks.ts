import type { AppliedRecord, CommittedRecord, EntityState, LocalState, OutboxRecord, RunEvidence } from './evidence';
import { expectedServerState } from './expected-state';
import type { PlanItem } from './plan';

/** Every kind of broken promise the checks look for. */
export const VIOLATION_KINDS = ['lost', 'duplicate', 'order', 'leftInFlight', 'leftActive', 'badRollback', 'stateMismatch', 'localMismatch', 'phantom', 'enqueue'] as const;

/** One kind of broken promise. */
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/** One broken promise, with enough detail to find it in the logs. */
export interface Violation {
  readonly kind: ViolationKind;
  readonly detail: string;
}

/** The verdict on a run: counts per kind (complete) and details (the first few per kind). */
export interface CheckReport {
  readonly ok: boolean;
  readonly counts: Readonly<Record<ViolationKind, number>>;
  readonly violations: readonly Violation[];
  /** Committed mutations the server applied (at least once). */
  readonly applied: number;
  /** Committed mutations rolled back on the device. */
  readonly rolledBack: number;
}

const DETAILS_PER_KIND = 20;
/** Statuses a server stores as a final answer: a refusal for good. */
const DEFINITIVE_REFUSALS = new Set([400, 404, 422]);

/**
 * Checks a run's evidence against the library's promises: every committed (and every
 * acknowledged) enqueue is applied exactly once unless rolled back; no write applied twice or
 * without an enqueue behind it; order kept per the ordering mode (per contact under `partition`,
 * which covers dependants such as an activity after its contact's create); nothing left in the
 * outbox; every rollback is a permanent refusal of a refused plan item or a dependant of an
 * earlier rollback of the same contact; the server state equals the replay of the log, and the
 * app's local state equals the server's.
 */
export function checkRun(evidence: RunEvidence): CheckReport {
  const counts = Object.fromEntries(VIOLATION_KINDS.map((kind) => [kind, 0])) as Record<ViolationKind, number>;
  const violations: Violation[] = [];
  const report = (kind: ViolationKind, detail: string) => {
    if (counts[kind]++ < DETAILS_PER_KIND) violations.push({ kind, detail });
  };
  const { plan } = evidence;
  const committed = checkEnqueues(evidence, report);
  const byKey = new Map(committed.map((record) => [record.key, record]));
  const byEntry = new Map(committed.map((record) => [record.entryId, record]));
  const rolledBack = evidence.outbox.filter((entry) => entry.status === 'rolled_back');
  const rolledBackIds = new Set(rolledBack.map((entry) => entry.id));
  const stored = new Map(evidence.outbox.map((entry) => [entry.id, entry]));
  const applications = new Map<string, AppliedRecord[]>();
  for (const record of [...evidence.applied].sort((a, b) => a.seq - b.seq)) {
    if (record.key === null || !byKey.has(record.key)) {
      report('phantom', `server applied ${record.operation} ${record.entityId} (seq ${record.seq}) with key ${record.key} that no enqueue issued`);
      continue;
    }
    applications.set(record.key, [...(applications.get(record.key) ?? []), record]);
  }
  for (const [key, records] of applications) {
    for (const extra of records.slice(1)) report('duplicate', `plan item ${byKey.get(key)?.index} (key ${key}) applied again at seq ${extra.seq}`);
  }
  for (const ack of evidence.acknowledged) {
    const record = committed.find((candidate) => candidate.index === ack.index);
    if (record?.key !== ack.key) report('lost', `acknowledged plan item ${ack.index} (key ${ack.key}) is not in the outbox database's record of enqueues`);
  }
  for (const record of committed) {
    const entry = stored.get(record.entryId);
    if (!applications.has(record.key) && entry === undefined) report('lost', `plan item ${record.index} (key ${record.key}) was enqueued but never applied and is gone from the outbox`);
  }
  for (const entry of evidence.outbox) {
    if (entry.status === 'in_flight') report('leftInFlight', `entry ${entry.id} (key ${entry.key}) left in flight`);
    if (entry.status === 'pending' || entry.status === 'failed') report('leftActive', `entry ${entry.id} (key ${entry.key}) left ${entry.status}: ${entry.lastError?.code ?? ''}`);
  }
  checkOrder(evidence, byKey, applications, report);
  checkRollbacks(plan, rolledBack, byEntry, applications, report);
  for (const record of committed) {
    const item = plan[record.index];
    if (item?.rejected && applications.has(record.key) && !rolledBackIds.has(record.entryId)) report('badRollback', `plan item ${item.index} (${item.type}, refused by design) was applied by the server`);
  }
  const serverIds = new Map([...applications].map(([key, records]) => [key, (records[0] as AppliedRecord).entityId]));
  const expected = expectedServerState(plan, committed, rolledBackIds, serverIds);
  compareStates('stateMismatch', expected, evidence.server, true, report);
  if (evidence.local) compareStates('localMismatch', evidence.server, evidence.local, false, report);
  const ok = VIOLATION_KINDS.every((kind) => counts[kind] === 0);
  return { ok, counts, violations, applied: applications.size, rolledBack: rolledBack.length };
}

/** Reports plan items enqueued twice or never, and enqueues of items not in the plan; returns the committed records. */
function checkEnqueues(evidence: RunEvidence, report: (kind: ViolationKind, detail: string) => void): readonly CommittedRecord[] {
  const byIndex = new Map<number, CommittedRecord[]>();
  for (const record of evidence.committed) byIndex.set(record.index, [...(byIndex.get(record.index) ?? []), record]);
  for (const item of evidence.plan) {
    const records = byIndex.get(item.index) ?? [];
    if (records.length === 0) report('enqueue', `plan item ${item.index} was never enqueued`);
    if (records.length > 1) report('enqueue', `plan item ${item.index} was enqueued ${records.length} times`);
  }
  for (const index of byIndex.keys()) if (!evidence.plan[index]) report('enqueue', `an enqueue is recorded for plan item ${index}, which is not in the plan`);
  return evidence.committed;
}

function checkOrder(
  evidence: RunEvidence,
  byKey: ReadonlyMap<string, CommittedRecord>,
  applications: ReadonlyMap<string, readonly AppliedRecord[]>,
  report: (kind: ViolationKind, detail: string) => void,
): void {
  const firsts = [...applications.values()].map((records) => records[0] as AppliedRecord).sort((a, b) => a.seq - b.seq);
  const latest = new Map<string, number>();
  for (const record of firsts) {
    const item = evidence.plan[byKey.get(record.key as string)?.index ?? -1];
    if (!item) continue;
    const group = evidence.ordering === 'global' ? '*' : item.contact;
    const before = latest.get(group) ?? -1;
    if (item.index < before) report('order', `plan item ${item.index} (${item.type} ${item.contact}) applied at seq ${record.seq}, after plan item ${before}`);
    latest.set(group, Math.max(before, item.index));
  }
}

function checkRollbacks(
  plan: readonly PlanItem[],
  rolledBack: readonly OutboxRecord[],
  byEntry: ReadonlyMap<string, CommittedRecord>,
  applications: ReadonlyMap<string, readonly AppliedRecord[]>,
  report: (kind: ViolationKind, detail: string) => void,
): void {
  const undone = rolledBack.map((entry) => ({ entry, item: plan[byEntry.get(entry.id)?.index ?? -1] }));
  for (const { entry, item } of undone) {
    if (!item) {
      report('badRollback', `rolled back entry ${entry.id} matches no enqueued plan item`);
      continue;
    }
    if (applications.has(entry.key)) {
      report('badRollback', `plan item ${item.index} (${item.type}) was rolled back although the server applied it`);
    } else if (entry.lastError?.code === 'DEPENDENCY_ROLLED_BACK') {
      const root = undone.some((other) => other.item && other.item.contact === item.contact && other.item.index < item.index);
      if (!root) report('badRollback', `plan item ${item.index} (${item.type}) was rolled back as a dependant, but nothing earlier of ${item.contact} was`);
    } else if (!item.rejected || !DEFINITIVE_REFUSALS.has(entry.lastError?.httpStatus ?? 0)) {
      report('badRollback', `plan item ${item.index} (${item.type}) was rolled back (${entry.lastError?.code} ${entry.lastError?.httpStatus ?? ''}) without being refused by design`);
    }
  }
}

type Row = { readonly id: string } & Record<string, unknown>;

function compareStates(
  kind: 'stateMismatch' | 'localMismatch',
  expected: EntityState | LocalState,
  actual: EntityState | LocalState,
  withVersions: boolean,
  report: (kind: ViolationKind, detail: string) => void,
): void {
  for (const table of ['contacts', 'activities'] as const) {
    const want = new Map<string, Row>(expected[table].map((row) => [row.id, row as Row]));
    const have = new Map<string, Row>(actual[table].map((row) => [row.id, row as Row]));
    for (const id of new Set([...want.keys(), ...have.keys()])) {
      const [a, b] = [want.get(id), have.get(id)];
      const fields = Object.keys(a ?? b ?? {}).filter((field) => withVersions || field !== 'version');
      if (a && b && fields.every((field) => a[field] === b[field])) continue;
      const side = kind === 'stateMismatch' ? ['expected', 'server'] : ['server', 'local'];
      report(kind, `${table} ${id}: ${side[0]} ${JSON.stringify(a ?? null)}, ${side[1]} ${JSON.stringify(b ?? null)}`);
    }
  }
}
