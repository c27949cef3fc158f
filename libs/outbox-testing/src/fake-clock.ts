import type { Clock, TimerHandle } from '@mutation-outbox/core';

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A manual clock: time moves only when the test calls `advance`/`runDue`. Timers fire in due-time
 * order (then creation order), each once, never early.
 */
export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: PendingTimer = { id: this.nextId++, at: this.current + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t.id !== timer.id)) };
  }

  /** Number of timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Due time of the earliest pending timer, or null. */
  nextTimerAt(): number | null {
    return this.timers.reduce<number | null>((min, t) => (min === null || t.at < min ? t.at : min), null);
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (in order), and lets
   * the async work they start settle between timers.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.current = Math.max(this.current, next.at);
      this.timers = this.timers.filter((t) => t.id !== next.id);
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Fires every timer due now (delay 0 included) and lets their async work settle. */
  async runDue(): Promise<void> {
    await this.advance(0);
  }

  private earliest(): PendingTimer | undefined {
    return this.timers.reduce<PendingTimer | undefined>(
      (best, t) => (!best || t.at < best.at || (t.at === best.at && t.id < best.id) ? t : best),
      undefined,
    );
  }
}

/** Lets queued promise callbacks and immediate I/O callbacks run (no wall-clock wait). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
