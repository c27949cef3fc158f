import type { TimerHandle } from '../ports/clock';
import type { EngineContext } from './engine-context';

/** Thrown inside the engine when this instance finds it no longer holds the flush lease. */
export class LeaseLostError extends Error {
  constructor() {
    super('The flush lease was taken over by another instance');
    this.name = 'LeaseLostError';
  }
}

/**
 * The flush lease of one instance: a row in storage naming the owner and an expiry. Liveness is
 * decided by a short lease kept alive by a heartbeat: while `hold` runs, the lease is renewed every
 * third of `leaseTtlMs` (default 1.5 s), so a live holder, however slow its deliveries, keeps it,
 * and the lease of a process that died (kill -9, crash) expires within `leaseTtlMs`, after which
 * any other instance may take it. Before recording any outcome the engine calls `confirm()`:
 * once a renewal finds the lease no longer this instance's (this process stalled for longer than
 * the lease and another took it, even if it released it since), this instance stops without
 * writing anything; its entries are delivered again by the new holder under the same keys.
 */
export class FlushLease {
  private holding = false;
  private lost = false;
  /** When the lease was last taken or renewed (monotonic ms). */
  private renewedAt = 0;
  private heartbeat: TimerHandle | null = null;
  /** Counts `hold` calls, so a heartbeat of an earlier hold never renews a later one's. */
  private generation = 0;

  constructor(private readonly context: Pick<EngineContext, 'storage' | 'clock' | 'options'>) {}

  /**
   * Runs `work` holding the lease, renewing it meanwhile, and releases it afterwards (even when
   * `work` throws). Resolves with null, without running `work`, while another owner holds an
   * unexpired lease. Not reentrant: the outbox's exclusive lock keeps flushes, retries and
   * discards from nesting.
   */
  async hold<T>(work: () => Promise<T>): Promise<{ readonly value: T } | null> {
    if (!(await this.take())) return null;
    this.holding = true;
    this.lost = false;
    this.generation++;
    this.scheduleHeartbeat(this.generation);
    try {
      return { value: await work() };
    } finally {
      this.holding = false;
      this.heartbeat?.cancel();
      this.heartbeat = null;
      await this.context.storage.releaseLease(this.context.options.ownerId).catch(() => undefined);
    }
  }

  /**
   * Whether this instance still holds the lease with at least two thirds of it ahead: true at once
   * when it was renewed within the last third, else after renewing it now. False once lost (and
   * outside `hold`).
   */
  async confirm(): Promise<boolean> {
    if (!this.holding || this.lost) return false;
    if (this.context.clock.monotonicNow() - this.renewedAt < this.context.options.leaseTtlMs / 3) return true;
    return this.renew();
  }

  /** Throws `LeaseLostError` unless `confirm()` holds. */
  async assertHeld(): Promise<void> {
    if (!(await this.confirm())) throw new LeaseLostError();
  }

  private async renew(): Promise<boolean> {
    if (!this.holding || this.lost) return false;
    const { storage, clock, options } = this.context;
    const renewed = await storage.renewLease(options.ownerId, clock.now(), options.leaseTtlMs);
    if (renewed) this.renewedAt = clock.monotonicNow();
    else this.lost = true;
    return renewed;
  }

  private async take(): Promise<boolean> {
    const { storage, clock, options } = this.context;
    const taken = await storage.acquireLease(options.ownerId, clock.now(), options.leaseTtlMs);
    if (taken) this.renewedAt = clock.monotonicNow();
    return taken;
  }

  private scheduleHeartbeat(generation: number): void {
    this.heartbeat = this.context.clock.setTimer(this.context.options.leaseTtlMs / 3, () => {
      this.heartbeat = null;
      // A failing write (e.g. storage busy) is not a lost lease: `confirm()` tries again before recording.
      void this.renew()
        .catch(() => true)
        .then((held) => {
          if (held && this.holding && generation === this.generation) this.scheduleHeartbeat(generation);
        });
    });
  }
}
