import type { OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';

/** How the fake server answers one request. */
export type ServerMode = 'ok' | 'retry' | 'reject' | 'auth' | 'drop-after-apply' | 'hang-after-apply' | 'throw';

/** One write the fake server applied. */
export interface Applied {
  readonly key: string;
  readonly entryId: string;
  readonly seq: number;
  readonly partitionKey: string;
}

/**
 * A deduplicating server behind a scripted network, for property tests: it applies each
 * idempotency key at most once and replays the stored answer for repeats, like the reference server.
 */
export class FakeServer implements Transport {
  readonly applied: Applied[] = [];
  readonly arrivals = new Map<string, number>();
  private readonly stored = new Map<string, TransportOutcome>();
  private modes: ServerMode[] = [];
  private nextId = 1;

  /** Queues the answers for the next requests; afterwards every request succeeds. */
  script(modes: readonly ServerMode[]): void {
    this.modes.push(...modes);
  }

  clearScript(): void {
    this.modes = [];
  }

  async send(entry: OutboxEntry): Promise<TransportOutcome> {
    const key = entry.idempotencyKey;
    this.arrivals.set(key, (this.arrivals.get(key) ?? 0) + 1);
    const mode = this.modes.shift() ?? 'ok';
    const replay = this.stored.get(key);
    switch (mode) {
      case 'retry':
        return { kind: 'retry', error: { code: 'HTTP_503', message: 'unavailable', httpStatus: 503 } };
      case 'auth':
        return { kind: 'auth', error: { code: 'HTTP_401', message: 'unauthorized', httpStatus: 401 } };
      case 'throw':
        throw new Error('transport bug');
      case 'reject':
        if (replay) return replay;
        return this.store(key, { kind: 'reject', error: { code: 'HTTP_422', message: 'invalid', httpStatus: 422 } });
      case 'drop-after-apply':
        this.apply(entry);
        return { kind: 'retry', error: { code: 'NETWORK', message: 'connection reset' } };
      case 'hang-after-apply':
        this.apply(entry);
        return new Promise<TransportOutcome>(() => undefined);
      case 'ok':
        return this.apply(entry);
    }
  }

  private apply(entry: OutboxEntry): TransportOutcome {
    const replay = this.stored.get(entry.idempotencyKey);
    if (replay) return replay;
    this.applied.push({ key: entry.idempotencyKey, entryId: entry.id, seq: entry.seq, partitionKey: entry.partitionKey });
    const serverId = entry.entityId.startsWith('tmp_') ? `srv-${this.nextId++}` : entry.entityId;
    return this.store(entry.idempotencyKey, { kind: 'ok', serverId, version: 1 });
  }

  private store(key: string, outcome: TransportOutcome): TransportOutcome {
    this.stored.set(key, outcome);
    return outcome;
  }
}
