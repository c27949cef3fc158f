import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MutationOutbox } from '@mutation-outbox/core';
import type { Mutation, OutboxOptions } from '@mutation-outbox/core';
import { FakeClock, ManualConnectivity, MemoryDatabase, MemoryStorage, SeededRandom, settle } from '@mutation-outbox/testing';
import { FakeServer } from './fake-server';
import type { ServerMode } from './fake-server';
import { noteMutations } from './support';

type Step =
  | { kind: 'enqueue'; entity: number; op: 'create' | 'update' | 'activity' }
  | { kind: 'offline' }
  | { kind: 'online' }
  | { kind: 'server'; modes: ServerMode[] }
  | { kind: 'flush' }
  | { kind: 'advance'; ms: number }
  | { kind: 'restart' };

const modeArb = fc.constantFrom<ServerMode>('ok', 'retry', 'reject', 'auth', 'drop-after-apply', 'hang-after-apply', 'throw');
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('enqueue' as const), entity: fc.nat(3), op: fc.constantFrom('create' as const, 'update' as const, 'activity' as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'offline' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'online' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('server' as const), modes: fc.array(modeArb, { maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120_000 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** Runs a random session, then drains, and checks the five promises the core can check alone. */
/** Successes recorded per transaction: small groups put group boundaries everywhere in a session. */
const successGroupArb = fc.integer({ min: 1, max: 4 });

async function runSession(steps: Step[], ordering: 'global' | 'partition', seed: number, successGroup: number): Promise<void> {
  const database = new MemoryDatabase();
  const clock = new FakeClock();
  // Each build is a new process: the previous one is dead (kill -9), its timers with it.
  let process = clock.process();
  const nextProcess = () => {
    process.kill();
    process = clock.process();
    return process;
  };
  const connectivity = new ManualConnectivity(true);
  const random = new SeededRandom(seed);
  const server = new FakeServer();
  const rollbacks: string[] = [];
  const attemptsSeen = new Map<string, number>();
  const options: OutboxOptions = { mutations: noteMutations(rollbacks), ordering, backoff: { baseMs: 100, capMs: 5_000, maxAttempts: 1_000 },
    leaseTtlMs: 10_000,
    successCommit: { maxEntries: successGroup },
  };
  const build = () => {
    const outbox = new MutationOutbox({ storage: new MemoryStorage(database), transport: server, clock: nextProcess(), connectivity, random }, options);
    outbox.on('entry:attempt', ({ entry, attempt }) => {
      expect(attempt).toBeGreaterThanOrEqual(attemptsSeen.get(entry.id) ?? 0);
      attemptsSeen.set(entry.id, attempt);
    });
    return outbox;
  };
  let outbox = build();
  const committed: Array<{ id: string; key: string }> = [];
  const created: string[][] = [[], [], [], []];

  for (const step of steps) {
    switch (step.kind) {
      case 'enqueue': {
        const mine = created[step.entity] as string[];
        const target = mine[mine.length - 1];
        let mutation: Mutation;
        if (step.op === 'create' || target === undefined) {
          const id = outbox.tempId();
          mine.push(id);
          mutation = { type: 'note.create', entityId: id, payload: { text: 'new' }, rollbackData: null };
        } else if (step.op === 'update') {
          mutation = { type: 'note.update', entityId: target, payload: { text: 'edit' }, rollbackData: { text: 'before' } };
        } else {
          mutation = { type: 'activity.create', entityId: outbox.tempId(), payload: { noteId: target }, rollbackData: null };
        }
        const entry = await outbox.enqueue(mutation);
        committed.push({ id: entry.id, key: entry.idempotencyKey });
        break;
      }
      case 'offline':
        connectivity.goOffline();
        break;
      case 'online':
        connectivity.goOnline();
        break;
      case 'server':
        server.script(step.modes);
        break;
      case 'flush':
        // A hanging request never settles: do not wait for it, as a UI would not.
        void outbox.flush().catch(() => undefined);
        await settle();
        break;
      case 'advance':
        await clock.advance(step.ms);
        break;
      case 'restart':
        // kill -9: abandon the instance (and any request it has in flight) without closing.
        outbox = build();
        break;
    }
  }

  // Drain: a fresh process, online, a healthy server, until nothing is left to send.
  server.clearScript();
  connectivity.goOnline();
  outbox = build();
  for (let round = 0; round < 50; round++) {
    await clock.advance(20_000);
    outbox.resume();
    const result = await outbox.flush();
    if (result.remaining === 0) break;
  }

  const inspector = new MemoryStorage(database);
  await inspector.open();
  const stored = await inspector.list({ limit: 100_000 });
  const rolledBack = new Set(stored.entries.filter((e) => e.status === 'rolled_back').map((e) => e.id));
  const appliedKeys = server.applied.map((a) => a.key);
  // Nothing left behind, nothing lost: every committed entry was applied or rolled back.
  expect(stored.entries.filter((e) => e.status !== 'rolled_back')).toEqual([]);
  for (const { id, key } of committed) expect(appliedKeys.includes(key) || rolledBack.has(id)).toBe(true);
  // Nothing applied twice.
  expect(new Set(appliedKeys).size).toBe(appliedKeys.length);
  // Nothing both applied and rolled back.
  for (const applied of server.applied) expect(rolledBack.has(applied.entryId)).toBe(false);
  // Order kept: globally, or within each partition.
  const lastSeq = new Map<string, number>();
  for (const applied of server.applied) {
    const key = ordering === 'global' ? '*' : applied.partitionKey;
    expect(applied.seq).toBeGreaterThan(lastSeq.get(key) ?? -1);
    lastSeq.set(key, applied.seq);
  }
  // Each rollback handler ran exactly once, for exactly the rolled back entries.
  expect(new Set(rollbacks).size).toBe(rollbacks.length);
  expect(new Set(rollbacks)).toEqual(rolledBack);
}

describe('the promises hold for random sessions of enqueues, outages, faults and crashes', () => {
  for (const ordering of ['global', 'partition'] as const) {
    it(`with ${ordering} ordering`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), successGroupArb, (steps, seed, group) =>
          runSession(steps, ordering, seed, group),
        ),
        { numRuns: 150, seed: 20261125 },
      );
    });
  }
});
