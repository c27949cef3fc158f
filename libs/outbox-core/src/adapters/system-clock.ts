import type { Clock, TimerHandle } from '../ports/clock';

/** The real clock: wall time and platform timers. The only place in the core that touches them. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(handle) };
  }
}
