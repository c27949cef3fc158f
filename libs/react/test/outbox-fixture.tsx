import type { ReactNode } from 'react';
import { MutationOutbox } from '@mutation-outbox/core';
import type { MutationDefinition, OutboxEntry, OutboxEventName, OutboxOptions, RollbackContext, StorageTransaction, Transport, TransportOutcome } from '@mutation-outbox/core';
import { FakeClock, ManualConnectivity, MemoryStorage, MemoryTransaction, SeededRandom } from '@mutation-outbox/testing';
import { OutboxProvider } from '../src/index';

/** A transport whose answers the test scripts; it succeeds unless told otherwise. */
export class ScriptedTransport implements Transport {
  readonly sent: OutboxEntry[] = [];
  answer: (entry: OutboxEntry) => TransportOutcome = () => ({ kind: 'ok', version: 1 });

  async send(entry: OutboxEntry): Promise<TransportOutcome> {
    this.sent.push(entry);
    return this.answer(entry);
  }
}

/** The app's rows in these tests: the memory storage's `appData`, seen through a transaction. */
export function appData(tx: StorageTransaction): Map<string, string> {
  if (!(tx instanceof MemoryTransaction)) throw new TypeError('Expected a MemoryTransaction');
  return tx.appData;
}

/** `note.save` (rollback restores `rollbackData`, or deletes the row when it is null). */
const mutations: MutationDefinition[] = [
  {
    type: 'note.save',
    kind: 'update',
    validate: (payload) => (typeof payload === 'object' && payload !== null && 'text' in payload ? undefined : 'text is required'),
    rollback: (context: RollbackContext) => {
      const previous = context.entry.rollbackData;
      if (typeof previous === 'string') appData(context.tx).set(context.entry.entityId, previous);
      else appData(context.tx).delete(context.entry.entityId);
    },
  },
];

/** A started, real `MutationOutbox` over in-memory fakes; the clock only moves when the test says so. */
export async function createFixture(options: Partial<OutboxOptions> = {}) {
  const storage = new MemoryStorage();
  const clock = new FakeClock();
  const connectivity = new ManualConnectivity(true);
  const transport = new ScriptedTransport();
  const outbox = new MutationOutbox({ storage, transport, clock, connectivity, random: new SeededRandom(7) }, { mutations, ...options });
  await outbox.start();
  const subscriptions = countSubscriptions(outbox);
  return {
    storage,
    clock,
    connectivity,
    transport,
    outbox,
    /** Listeners the hooks hold on the outbox right now, by event. */
    subscriptions,
    /** The committed app rows. */
    rows: storage.database.appData,
    wrapper: ({ children }: { children: ReactNode }) => <OutboxProvider outbox={outbox}>{children}</OutboxProvider>,
    /** Enqueues a `note.save` outside any hook (with its local write, as an app would). */
    save: (entityId: string, text: string) =>
      outbox.transaction(async (tx) => {
        appData(tx).set(entityId, text);
        return outbox.enqueue({ type: 'note.save', entityId, payload: { text } }, { tx });
      }),
  };
}

/** Wraps `outbox.on` to count live subscriptions (subscribed minus unsubscribed) per event. */
function countSubscriptions(outbox: MutationOutbox): Map<OutboxEventName, number> {
  const live = new Map<OutboxEventName, number>();
  const on = outbox.on.bind(outbox);
  outbox.on = (name, listener) => {
    live.set(name, (live.get(name) ?? 0) + 1);
    const off = on(name, listener);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      live.set(name, (live.get(name) ?? 0) - 1);
      off();
    };
  };
  return live;
}
