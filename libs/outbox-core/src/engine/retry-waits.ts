import type { OutboxEntry } from '../model/entry';
import type { Clock } from '../ports/clock';

/** A schedule this instance knows, as monotonic due times. */
interface KnownWait {
  /** The stored schedule these due times were derived from. */
  readonly nextAttemptAt: number;
  /** When the entry may be attempted (monotonic ms). */
  readonly dueAt: number;
  /** Until when the server asked not to be sent it again (monotonic ms); `dueAt` or earlier. */
  readonly serverDueAt: number;
}

/** Schedules remembered at most; an evicted one is derived again from the stored fields. */
const MAX_KNOWN = 10_000;

/**
 * How long scheduled entries still wait, measured on the monotonic clock so that no wall-clock
 * jump ever makes a wait longer than the delay that was scheduled. The stored `nextAttemptAt` is
 * wall-clock (it survives restarts and is shown to the user); this instance turns each schedule
 * into a monotonic due time once: from the delay itself when it scheduled the retry, or, for a
 * schedule it finds in storage, the remaining wall-clock wait capped at the delay that was
 * scheduled (`nextAttemptAt - updatedAt`, written by the same update). The server's part of a
 * wait (`lastError.retryAfterMs`, from Retry-After) is tracked the same way: the offline→online
 * edge skips the backoff but honours it. (A backoff forgiven by an edge is forgiven in memory: a
 * restart before the entry is sent finds the stored schedule again.)
 */
export class RetryWaits {
  private readonly known = new Map<string, KnownWait>();

  constructor(private readonly clock: Clock) {}

  /** Records a retry this instance just scheduled `delayMs` from now (`serverDelayMs`: the server's part). */
  scheduled(entryId: string, nextAttemptAt: number, delayMs: number, serverDelayMs: number): void {
    const now = this.clock.monotonicNow();
    this.remember(entryId, { nextAttemptAt, dueAt: now + delayMs, serverDueAt: now + Math.min(delayMs, serverDelayMs) });
  }

  /**
   * Milliseconds before `entry` may be attempted (0: due now). With `skipBackoff` (the
   * offline→online edge) the backoff part of the wait is forgiven for good — from then on the
   * entry waits only for what the server asked for.
   */
  remainingMs(entry: OutboxEntry, skipBackoff: boolean): number {
    if (entry.nextAttemptAt === null) {
      this.known.delete(entry.id);
      return 0;
    }
    let wait = this.known.get(entry.id);
    if (wait?.nextAttemptAt !== entry.nextAttemptAt) wait = this.derive(entry, entry.nextAttemptAt);
    if (skipBackoff && wait.dueAt > wait.serverDueAt) {
      wait = { ...wait, dueAt: wait.serverDueAt };
      this.remember(entry.id, wait);
    }
    return Math.max(0, wait.dueAt - this.clock.monotonicNow());
  }

  private derive(entry: OutboxEntry, nextAttemptAt: number): KnownWait {
    const scheduledDelay = Math.max(0, nextAttemptAt - entry.updatedAt);
    const remaining = Math.min(Math.max(0, nextAttemptAt - this.clock.now()), scheduledDelay);
    const serverDelay = entry.lastError?.retryAfterMs ?? 0;
    const serverRemaining = Math.min(remaining, Math.max(0, serverDelay - (scheduledDelay - remaining)));
    const now = this.clock.monotonicNow();
    const wait = { nextAttemptAt, dueAt: now + remaining, serverDueAt: now + serverRemaining };
    this.remember(entry.id, wait);
    return wait;
  }

  private remember(entryId: string, wait: KnownWait): void {
    this.known.delete(entryId);
    this.known.set(entryId, wait);
    if (this.known.size > MAX_KNOWN) this.known.delete(this.known.keys().next().value as string);
  }
}
