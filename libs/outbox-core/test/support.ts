import { FakeClock, ManualConnectivity, MemoryDatabase, MemoryStorage, SeededRandom, settle } from '@mutation-outbox/testing';
import type { MemoryTransaction } from '@mutation-outbox/testing';
import { MutationOutbox } from '@mutation-outbox/core';
import type { OutboxOptions } from '@mutation-outbox/core';
import type { JsonValue } from '@mutation-outbox/core';
import type { MutationDefinition, RollbackContext } from '@mutation-outbox/core';
import type { OutboxEntry } from '@mutation-outbox/core';
import type { TransportOutcome } from '@mutation-outbox/core';
import type { Transport } from '@mutation-outbox/core';

/** A transport whose answers a test scripts; it records every entry it was asked to send. */
export class ScriptedTransport implements Transport {
  readonly sent: OutboxEntry[] = [];
  private next = 1;
  private script: (entry: OutboxEntry) => TransportOutcome | Promise<TransportOutcome> = (entry) => this.ok(entry);

  respond(script: (entry: OutboxEntry) => TransportOutcome | Promise<TransportOutcome>): void {
    this.script = script;
  }

  /** Answers the next `count` sends with `outcome`, then succeeds again. */
  failTimes(count: number, outcome: TransportOutcome): void {
    let left = count;
    this.respond((entry) => (left-- > 0 ? outcome : this.ok(entry)));
  }

  ok(entry: OutboxEntry): TransportOutcome {
    const serverId = entry.entityId.startsWith('tmp_') ? `srv-${this.next++}` : entry.entityId;
    return { kind: 'ok', serverId, version: 1 };
  }

  async send(entry: OutboxEntry): Promise<TransportOutcome> {
    this.sent.push(entry);
    return this.script(entry);
  }

  sentTypes(): string[] {
    return this.sent.map((entry) => `${entry.type}:${entry.entityId}`);
  }
}

/** The app's local rows in these tests live in the memory storage's `appData`. */
export function appData(context: RollbackContext): Map<string, string> {
  return (context.tx as MemoryTransaction).appData;
}

/** The mutation types used across the core's tests: notes and activities that reference notes. */
export function noteMutations(rollbacks: string[] = []): MutationDefinition[] {
  const undo = (context: RollbackContext) => {
    rollbacks.push(context.entry.id);
    const previous = context.entry.rollbackData;
    if (previous === null) appData(context).delete(context.entry.entityId);
    else appData(context).set(context.entry.entityId, JSON.stringify(previous));
  };
  return [
    { type: 'note.create', kind: 'create', rollback: undo, validate: (p) => (typeof p === 'object' && p !== null && 'text' in p ? undefined : 'text is required') },
    { type: 'note.update', kind: 'update', rollback: undo },
    { type: 'note.delete', kind: 'delete', rollback: undo },
    {
      type: 'activity.create',
      kind: 'create',
      rollback: undo,
      references: (payload: JsonValue) => (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && typeof payload['noteId'] === 'string' ? [payload['noteId']] : []),
    },
  ];
}

/** Everything a core test needs, wired with fakes; `restart()` simulates a process restart on the same data. */
export function createHarness(options: Partial<OutboxOptions> = {}, seed = 42) {
  const database = new MemoryDatabase();
  const clock = new FakeClock();
  const connectivity = new ManualConnectivity(true);
  const random = new SeededRandom(seed);
  const transport = new ScriptedTransport();
  const rollbacks: string[] = [];
  const fullOptions: OutboxOptions = { mutations: noteMutations(rollbacks), ...options };
  let process = clock.process();
  const build = (processClock = clock.process()) => {
    process = processClock;
    return new MutationOutbox({ storage: new MemoryStorage(database), transport, clock: processClock, connectivity, random }, fullOptions);
  };
  const harness = {
    database,
    clock,
    connectivity,
    random,
    transport,
    rollbacks,
    outbox: build(),
    /** The simulated process of the current `outbox` (pause it to stall its event loop). */
    get process() {
      return process;
    },
    /** Drops the outbox without closing it (as kill -9 would: its timers die) and builds a new one on the same data. */
    restart(): MutationOutbox {
      process.kill();
      harness.outbox = build();
      return harness.outbox;
    },
    /** A second live instance on the same data (another tab, a background task), with its own owner id. */
    another(overrides: Partial<OutboxOptions> = {}): MutationOutbox {
      return new MutationOutbox({ storage: new MemoryStorage(database), transport, clock: clock.process(), connectivity, random }, { ...fullOptions, ...overrides });
    },
    async settle(): Promise<void> {
      await settle();
      await clock.runDue();
    },
  };
  return harness;
}
