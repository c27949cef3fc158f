import type { MutationOutbox, OutboxEventName, OutboxStatus } from '@mutation-outbox/core';
import type { OutboxEntry } from '@mutation-outbox/core';
import type { TransactionSql } from '../domain/demo-mutations';
import type { AppOutbox, AppOutboxEvents, WriteContext } from './app-outbox';

/** Outbox events after which the screens re-read their data. */
const CHANGE_EVENTS: readonly OutboxEventName[] = [
  'entry:enqueued',
  'entry:attempt',
  'entry:succeeded',
  'entry:retry-scheduled',
  'entry:failed',
  'entry:rolled-back',
  'entry:conflict',
  'id:mapped',
  'flush:finished',
];

/**
 * The demo's `AppOutbox` over the real `MutationOutbox`: writes run in `outbox.transaction`, with
 * the app's SQL taken from the storage transaction (`sqlOf`), so the local change and the enqueue
 * commit together. `afterWrite` runs after each committed write (the web build persists there).
 */
export class MutationOutboxAppOutbox implements AppOutbox {
  constructor(
    private readonly outbox: MutationOutbox,
    private readonly sqlOf: TransactionSql,
    private readonly afterWrite: () => Promise<void> = async () => undefined,
  ) {}

  status(): OutboxStatus {
    return this.outbox.getStatus();
  }

  on<K extends keyof AppOutboxEvents>(event: K, listener: (payload: AppOutboxEvents[K]) => void): () => void {
    const emit = listener as (payload: unknown) => void;
    switch (event) {
      case 'status':
        return this.outbox.on('status', emit);
      case 'rolled-back':
        return this.outbox.on('entry:rolled-back', ({ entry, reason, error }) => emit({ entry, reason, error }));
      case 'conflict':
        return this.outbox.on('entry:conflict', ({ entry, action }) => emit({ entry, action }));
      case 'id-mapped':
        return this.outbox.on('id:mapped', ({ tempId, serverId }) => emit({ tempId, serverId }));
      default: {
        const offs = CHANGE_EVENTS.map((name) => this.outbox.on(name, () => emit(undefined)));
        return () => offs.forEach((off) => off());
      }
    }
  }

  async write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    const result = await this.outbox.transaction((tx) =>
      work({
        sql: this.sqlOf(tx),
        enqueue: async (mutation) => void (await this.outbox.enqueue(mutation, { tx })),
        tempId: () => this.outbox.tempId(),
      }),
    );
    await this.afterWrite();
    return result;
  }

  async listEntries(): Promise<OutboxEntry[]> {
    return (await this.outbox.getOutboxEntries({ limit: 1000 })).entries;
  }

  async retryEntry(id: string): Promise<void> {
    await this.outbox.retryEntry(id);
  }

  async discardEntry(id: string): Promise<void> {
    await this.outbox.rollbackEntry(id);
  }

  async flush(): Promise<void> {
    await this.outbox.flush();
  }
}
