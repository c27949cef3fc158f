import type { Clock, TimerHandle } from '../ports/clock';

/**
 * The outbox's two timers: "flush soon" (coalesces many triggers into one flush on the next
 * turn) and "wake at" (the next scheduled retry). Setting the wake timer replaces the previous one.
 */
export class FlushTimers {
  private soonTimer: TimerHandle | null = null;
  private wakeTimer: TimerHandle | null = null;

  constructor(private readonly clock: Clock) {}

  /** Calls `callback` once on the next turn, unless a "soon" call is already pending. */
  soon(callback: () => void): void {
    if (this.soonTimer) return;
    this.soonTimer = this.clock.setTimer(0, () => {
      this.soonTimer = null;
      callback();
    });
  }

  /** Calls `callback` at epoch ms `at` (now when in the past); null only cancels. */
  wakeAt(at: number | null, callback: () => void): void {
    this.wakeTimer?.cancel();
    this.wakeTimer = null;
    if (at === null) return;
    this.wakeTimer = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.wakeTimer = null;
      callback();
    });
  }

  /** Cancels both timers. */
  cancelAll(): void {
    this.soonTimer?.cancel();
    this.wakeTimer?.cancel();
    this.soonTimer = this.wakeTimer = null;
  }
}
