import type { Clock, TimerHandle } from '@mutation-outbox/core';

interface PendingTimer {
  readonly id: number;
  /** Monotonic due time. */
  readonly at: number;
  readonly callback: () => void;
}

/** Node and browsers fire a timer whose delay does not fit in 32 bits after 1 ms (TimeoutOverflowWarning). */
const PLATFORM_MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * A manual clock: time moves only when the test calls `advance`/`runDue`. Timers run on the
 * monotonic clock and fire in due-time order (then creation order), each once, never early. The
 * wall clock (`now()`) moves with it and can also be jumped alone (`jumpWall`), as when a device's
 * clock is set. Like the platform's timers, a delay above 2^31-1 ms fires after 1 ms (counted in
 * `overflowedTimers`), so a test sees what such a timer would do in production.
 */
export class FakeClock implements Clock {
  private monotonic = 0;
  private wallOffset: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];
  /** Timers set with a delay the platform cannot hold (they fired after 1 ms). */
  overflowedTimers = 0;
  /** Timers set so far. */
  timersSet = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.wallOffset = startMs;
  }

  now(): number {
    return this.monotonic + this.wallOffset;
  }

  monotonicNow(): number {
    return this.monotonic;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    this.timersSet++;
    let delay = Math.max(0, delayMs);
    if (delay > PLATFORM_MAX_DELAY_MS) {
      this.overflowedTimers++;
      delay = 1;
    }
    const timer: PendingTimer = { id: this.nextId++, at: this.monotonic + delay, callback };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t.id !== timer.id)) };
  }

  /**
   * A view of this clock for one simulated process: the same time, but `kill()` cancels every
   * timer set through it and ignores later ones, as `kill -9` ends a process's timers. Give each
   * outbox instance of a crash test its own view.
   */
  process(): FakeProcessClock {
    return new FakeProcessClock(this);
  }

  /** Moves the wall clock alone by `ms` (negative: backwards); timers and `monotonicNow` do not move. */
  jumpWall(ms: number): void {
    this.wallOffset += ms;
  }

  /** Number of timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Wall-clock time at which the earliest pending timer fires, or null. */
  nextTimerAt(): number | null {
    const next = this.earliest();
    return next ? next.at + this.wallOffset : null;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (in order), and lets
   * the async work they start settle between timers.
   */
  async advance(ms: number): Promise<void> {
    const target = this.monotonic + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.monotonic = Math.max(this.monotonic, next.at);
      this.timers = this.timers.filter((t) => t.id !== next.id);
      next.callback();
      await settle();
    }
    this.monotonic = target;
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

/** One simulated process's view of a `FakeClock` (see `FakeClock.process`). */
export class FakeProcessClock implements Clock {
  private readonly handles = new Set<TimerHandle>();
  private killed = false;
  private paused = false;
  private readonly late: Array<() => void> = [];

  constructor(private readonly base: FakeClock) {}

  now(): number {
    return this.base.now();
  }

  monotonicNow(): number {
    return this.base.monotonicNow();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    if (this.killed) return { cancel: () => undefined };
    const handle: TimerHandle = this.base.setTimer(delayMs, () => {
      this.handles.delete(handle);
      if (this.paused) this.late.push(callback);
      else callback();
    });
    this.handles.add(handle);
    return {
      cancel: () => {
        this.handles.delete(handle);
        handle.cancel();
      },
    };
  }

  /**
   * Freezes this process (as a stalled event loop or a suspended app would be): its timers that
   * fall due meanwhile fire only at `resume()`, in order.
   */
  pause(): void {
    this.paused = true;
  }

  /** Unfreezes the process: the timers that fell due while paused fire now. */
  resume(): void {
    this.paused = false;
    for (const callback of this.late.splice(0)) callback();
  }

  /** Cancels every timer of this process and ignores later ones. */
  kill(): void {
    this.killed = true;
    this.late.length = 0;
    for (const handle of this.handles) handle.cancel();
    this.handles.clear();
  }
}

/** Lets queued promise callbacks and immediate I/O callbacks run (no wall-clock wait). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
