import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clientWins, MutationOutbox, serverWins } from '@mutation-outbox/core';
import type { OutboxOptions } from '@mutation-outbox/core';
import { FakeClock, ManualConnectivity, MemoryDatabase, MemoryStorage, SeededRandom, settle } from '@mutation-outbox/testing';
import { DomainServer } from './domain-server';
import type { DomainMode } from './domain-server';
import { contactDefinitions, ContactsScreen, LocalRows, renameLocalIds } from './local-contacts';

type Step =
  | { kind: 'create'; invalid: boolean }
  | { kind: 'rename'; pick: number; invalid: boolean }
  | { kind: 'remove'; pick: number }
  | { kind: 'activity'; pick: number }
  | { kind: 'network'; modes: DomainMode[] }
  | { kind: 'offline' }
  | { kind: 'online' }
  | { kind: 'flush' }
  | { kind: 'advance' }
  | { kind: 'restart' };

const pick = fc.nat(20);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'create' as const, invalid: false }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'create' as const, invalid: true }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('rename' as const), pick, invalid: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('activity' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('network' as const), modes: fc.array(fc.constantFrom<DomainMode>('ok', 'retry', 'drop-after-apply', 'conflict'), { maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'offline' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'online' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'advance' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** Successes recorded per transaction: small groups put group boundaries everywhere in a session. */
const successGroupArb = fc.integer({ min: 1, max: 4 });

async function runSession(
  steps: Step[],
  resolver: 'server-wins' | 'client-wins',
  ordering: 'global' | 'partition',
  seed: number,
  successGroup: number,
): Promise<void> {
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
  const server = new DomainServer();
  const options: OutboxOptions = {
    mutations: contactDefinitions,
    onIdMapped: renameLocalIds,
    conflictResolver: resolver === 'server-wins' ? serverWins : clientWins,
    ordering,
    backoff: { baseMs: 100, capMs: 2_000, maxAttempts: 1_000 },
    leaseTtlMs: 5_000,
    successCommit: { maxEntries: successGroup },
  };
  const build = () => new MutationOutbox({ storage: new MemoryStorage(database), transport: server, clock: nextProcess(), connectivity, random }, options);
  let outbox = build();
  let screen = new ContactsScreen(outbox);
  const target = async (index: number) => {
    const ids = await screen.ids();
    return ids.length === 0 ? undefined : ids[index % ids.length];
  };

  for (const step of steps) {
    switch (step.kind) {
      case 'create':
        await screen.create(step.invalid ? '' : 'someone');
        break;
      case 'rename': {
        const id = await target(step.pick);
        if (id) await screen.rename(id, step.invalid ? '' : `name-${step.pick}`);
        break;
      }
      case 'remove': {
        const id = await target(step.pick);
        if (id) await screen.remove(id);
        break;
      }
      case 'activity': {
        const id = await target(step.pick);
        if (id) await screen.registerActivity(id);
        break;
      }
      case 'network':
        server.script(step.modes);
        break;
      case 'offline':
        connectivity.goOffline();
        break;
      case 'online':
        connectivity.goOnline();
        break;
      case 'flush':
        await outbox.flush();
        break;
      case 'advance':
        await clock.advance(3_000);
        break;
      case 'restart':
        outbox = build();
        screen = new ContactsScreen(outbox);
        break;
    }
  }

  connectivity.goOnline();
  server.clearScript();
  for (let round = 0; round < 30; round++) {
    await clock.advance(10_000);
    if ((await outbox.flush()).remaining === 0) break;
  }
  await settle();
  expect((await outbox.getOutboxEntries()).entries).toEqual([]);

  // Local state ends equal to the server's, for every entity.
  const rows = new LocalRows(database.appData);
  const localContacts = Object.fromEntries([...rows.contacts()].map(([id, c]) => [id, { name: c.name, email: c.email, version: c.version }]));
  const serverContacts = Object.fromEntries([...server.contacts].map(([id, c]) => [id, { ...c }]));
  expect(localContacts).toEqual(serverContacts);
  expect(Object.fromEntries(rows.activities())).toEqual(Object.fromEntries(server.activities));
}

// To explore beyond what CI runs: LOCAL_CONSISTENCY_RUNS=3000 LOCAL_CONSISTENCY_SEED=77 npx vitest run local-consistency
const RUNS = Number(process.env['LOCAL_CONSISTENCY_RUNS'] ?? 500);
const SEED = Number(process.env['LOCAL_CONSISTENCY_SEED'] ?? 1125);

describe('after a flush, local state equals the server state, for every entity', () => {
  for (const resolver of ['server-wins', 'client-wins'] as const) {
    for (const ordering of ['global', 'partition'] as const) {
      it(`random offline sessions with rejections and conflicts (${resolver}, ${ordering} order)`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 35 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), successGroupArb, (steps, seed, group) =>
            runSession(steps, resolver, ordering, seed, group),
          ),
          { numRuns: RUNS, seed: SEED },
        );
      });
    }
  }
});
