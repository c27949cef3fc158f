import { MAX_TIMER_DELAY_MS } from '../ports/clock';
import type { Clock, TimerHandle } from '../ports/clock';

/**
 * The real clock: wall time, `performance.now()` as the monotonic clock, and platform timers
 * (delays clamped to `[0, MAX_TIMER_DELAY_MS]`). The only place in the core that touches them.
 */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  monotonicNow(): number {
    return performance.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const handle = setTimeout(callback, Math.min(MAX_TIMER_DELAY_MS, Math.max(0, delayMs)));
    return { cancel: () => clearTimeout(handle) };
  }
}
