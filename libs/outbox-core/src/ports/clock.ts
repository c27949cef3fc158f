/** A scheduled callback that can be cancelled; cancelling twice is harmless. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * The longest delay a timer can be set for: platform timers (`setTimeout`) hold a signed 32-bit
 * millisecond count and fire at once for anything longer. Every timer the engine sets is clamped
 * to it; a longer wait wakes early and schedules the rest.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Time for the engine: the wall clock for timestamps that are stored or shown, a monotonic clock
 * for measuring waits, and cancellable timers.
 * MUST: `monotonicNow()` never goes backwards and is not moved by changes of the wall clock
 * (`now()` may jump either way when the user or the network sets the device's clock); a timer
 * fires once, no earlier than `delayMs` of monotonic time after it was set, unless cancelled;
 * `setTimer` accepts delays up to `MAX_TIMER_DELAY_MS`.
 */
export interface Clock {
  /** Wall-clock epoch milliseconds (persisted timestamps). May jump. */
  now(): number;
  /** Milliseconds from an arbitrary origin that only moves forward, at the pace of real time. */
  monotonicNow(): number;
  /** Calls `callback` once after `delayMs` milliseconds. */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}
