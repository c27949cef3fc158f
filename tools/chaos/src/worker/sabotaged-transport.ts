import { randomUUID } from 'node:crypto';
import type { OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';

/**
 * A deliberately broken transport for the chaos self-test: every resend of an entry within one
 * process goes out with a fresh idempotency key, as a transport that forgot key stability would.
 * A server that applied the first attempt (dropped answer, kill) then applies the write again,
 * and the run's checks must report it.
 */
export class SabotagedTransport implements Transport {
  readonly sendBatch?: (entries: readonly OutboxEntry[]) => Promise<TransportOutcome[]>;
  private readonly sent = new Set<string>();

  constructor(private readonly inner: Transport) {
    const batch = inner.sendBatch?.bind(inner);
    if (batch) this.sendBatch = (entries) => batch(entries.map((entry) => this.rekey(entry)));
  }

  send(entry: OutboxEntry): Promise<TransportOutcome> {
    return this.inner.send(this.rekey(entry));
  }

  private rekey(entry: OutboxEntry): OutboxEntry {
    if (!this.sent.has(entry.id)) {
      this.sent.add(entry.id);
      return entry;
    }
    return { ...entry, idempotencyKey: randomUUID() };
  }
}
