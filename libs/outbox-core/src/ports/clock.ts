/** A scheduled callback that can be cancelled; cancelling twice is harmless. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time for the engine. MUST: `now()` never goes backwards within a process; a timer fires once,
 * no earlier than `delayMs` after it was set, unless cancelled.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `delayMs` milliseconds. */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}
