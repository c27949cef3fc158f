import { MAX_TIMER_DELAY_MS } from '../ports/clock';
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

  /**
   * Calls `callback` after `delayMs` (clamped to `[0, MAX_TIMER_DELAY_MS]`: a longer wait wakes
   * early, and the flush it starts schedules the rest); null only cancels.
   */
  wakeIn(delayMs: number | null, callback: () => void): void {
    this.wakeTimer?.cancel();
    this.wakeTimer = null;
    if (delayMs === null) return;
    this.wakeTimer = this.clock.setTimer(Math.min(MAX_TIMER_DELAY_MS, Math.max(0, delayMs)), () => {
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
