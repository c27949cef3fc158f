import type { EntryStatus } from '../model/entry';
import type { OutboxStatus } from '../model/events';
import type { OutboxStorage } from '../ports/storage';
import type { EventBus } from './event-bus';

/** The flags of the outbox that the status shows besides the stored counts. */
export interface StatusFlags {
  readonly online: boolean;
  readonly paused: boolean;
  readonly flushing: boolean;
  readonly nextWakeAt: number | null;
  /** Entries this instance is sending now, by the status storage still has for them. */
  readonly sendingByStoredStatus: Partial<Record<EntryStatus, number>>;
}

/**
 * Keeps the status snapshot and the flush progress, and emits `status` on every change.
 * Background refreshes are coalesced: while one is reading the counts, further requests collapse
 * into one more read after it, so a burst of changes costs two reads and the last one still sees
 * the final state.
 */
export class StatusTracker {
  private snapshot: OutboxStatus = { pending: 0, inFlight: 0, failed: 0, online: true, paused: false, flushing: false, nextRetryAt: null, progress: { done: 0, total: 0 } };
  private progress = { done: 0, total: 0 };
  private backgroundRefresh: Promise<void> | null = null;
  private refreshAgain = false;

  constructor(
    private readonly events: EventBus,
    private readonly storage: OutboxStorage,
    private readonly flags: () => StatusFlags,
  ) {}

  /** The latest snapshot. */
  current(): OutboxStatus {
    return this.snapshot;
  }

  /** Starts counting progress for a flush of `total` entries. */
  startProgress(total: number): void {
    this.progress = { done: 0, total };
  }

  /** One more entry joined the running flush. */
  addToProgress(): void {
    this.progress.total++;
  }

  /** One more entry of the running flush was settled; emits `flush:progress`. */
  advanceProgress(): void {
    this.progress.done++;
    this.events.emit('flush:progress', { ...this.progress });
  }

  /** Counts a just-enqueued (+1) or cancelled (-1) entry at once, before the stored counts are read again. */
  adjustPending(delta: number): void {
    this.publish({ ...this.snapshot, pending: Math.max(0, this.snapshot.pending + delta) });
  }

  /** Re-reads the stored counts and publishes a snapshot with the current flags. */
  async refresh(): Promise<void> {
    const counts = await this.storage.counts();
    const flags = this.flags();
    // Entries being sent are in flight, whatever status storage still has for them.
    const sending = flags.sendingByStoredStatus;
    const total = Object.values(sending).reduce((sum, n) => sum + n, 0);
    const pending = Math.max(0, counts.pending - (sending.pending ?? 0));
    this.publish({
      pending,
      inFlight: Math.max(0, counts.inFlight - (sending.in_flight ?? 0)) + total,
      failed: Math.max(0, counts.failed - (sending.failed ?? 0)),
      online: flags.online,
      paused: flags.paused,
      flushing: flags.flushing,
      nextRetryAt: pending > 0 ? flags.nextWakeAt : null,
      progress: { ...this.progress },
    });
  }

  /** Refreshes without waiting; errors are dropped (the next refresh tries again). */
  refreshInBackground(): void {
    if (this.backgroundRefresh) {
      this.refreshAgain = true;
      return;
    }
    this.backgroundRefresh = this.refresh()
      .catch(() => undefined)
      .finally(() => {
        this.backgroundRefresh = null;
        if (!this.refreshAgain) return;
        this.refreshAgain = false;
        this.refreshInBackground();
      });
  }

  /** Publishes `snapshot` unless it equals the current one (so listeners only hear changes). */
  private publish(snapshot: OutboxStatus): void {
    if (sameStatus(snapshot, this.snapshot)) return;
    this.snapshot = snapshot;
    this.events.emit('status', snapshot);
  }
}

function sameStatus(a: OutboxStatus, b: OutboxStatus): boolean {
  return (
    a.pending === b.pending &&
    a.inFlight === b.inFlight &&
    a.failed === b.failed &&
    a.online === b.online &&
    a.paused === b.paused &&
    a.flushing === b.flushing &&
    a.nextRetryAt === b.nextRetryAt &&
    a.progress.done === b.progress.done &&
    a.progress.total === b.progress.total
  );
}
