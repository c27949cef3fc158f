import type { OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';
import type { ToggleConnectivity } from './toggle-connectivity';

const OFFLINE: TransportOutcome = { kind: 'retry', error: { code: 'OFFLINE', message: 'The device is offline' } };

/**
 * A transport that fails like a phone without signal: while offline every request fails at once
 * as a network error, without reaching the server; online it is the wrapped transport.
 */
export class OfflineTransport implements Transport {
  readonly sendBatch?: (entries: readonly OutboxEntry[]) => Promise<TransportOutcome[]>;

  constructor(
    private readonly inner: Transport,
    private readonly connectivity: ToggleConnectivity,
  ) {
    const batch = inner.sendBatch?.bind(inner);
    if (batch) this.sendBatch = async (entries) => (this.connectivity.current ? batch(entries) : [OFFLINE]);
  }

  async send(entry: OutboxEntry): Promise<TransportOutcome> {
    return this.connectivity.current ? this.inner.send(entry) : OFFLINE;
  }
}
