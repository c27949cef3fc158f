import type { MutationOutbox, OutboxEventName } from '@mutation-outbox/core';
import type { TransactionSql } from '../domain/demo-mutations';
import type { AppOutbox, WriteContext } from './app-outbox';

/** Outbox events after which the app's own tables may differ. */
const CHANGE_EVENTS: readonly OutboxEventName[] = ['entry:enqueued', 'entry:succeeded', 'entry:rolled-back', 'id:mapped', 'flush:finished'];

/**
 * The demo's `AppOutbox` over the real `MutationOutbox`: writes run in `outbox.transaction`, with
 * the app's SQL taken from the storage transaction (`sqlOf`), so the local change and the enqueue
 * commit together.
 */
export class MutationOutboxAppOutbox implements AppOutbox {
  constructor(
    private readonly outbox: MutationOutbox,
    private readonly sqlOf: TransactionSql,
  ) {}

  write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    return this.outbox.transaction((tx) =>
      work({
        sql: this.sqlOf(tx),
        enqueue: async (mutation) => void (await this.outbox.enqueue(mutation, { tx })),
        tempId: () => this.outbox.tempId(),
      }),
    );
  }

  onChange(listener: () => void): () => void {
    const offs = CHANGE_EVENTS.map((name) => this.outbox.on(name, () => listener()));
    return () => offs.forEach((off) => off());
  }
}
