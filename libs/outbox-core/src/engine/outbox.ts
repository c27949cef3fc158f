import { StaticConnectivity } from '../adapters/static-connectivity';
import { ACTIVE_STATUSES, serverMayHaveApplied } from '../model/entry';
import type { EntryStatus, OutboxEntry } from '../model/entry';
import { RollbackFailedError, TransactionInProgressError } from '../model/errors';
import type { OutboxEventName, OutboxListener, OutboxStatus } from '../model/events';
import type { Mutation } from '../model/mutation';
import type { FlushResult, MutationResult } from '../model/results';
import type { Connectivity } from '../ports/connectivity';
import { MAX_TIMER_DELAY_MS } from '../ports/clock';
import type { StorageTransaction } from '../ports/storage';
import { AsyncMutex } from './async-mutex';
import { FlushTimers } from './flush-timers';
import { Delivery } from './delivery';
import type { AttemptReport } from './delivery';
import type { EngineContext } from './engine-context';
import { createEngineContext } from './create-engine-context';
import type { OutboxDependencies } from './create-engine-context';
import { checkMutation, writeMutation } from './write-mutation';
import { Flusher } from './flusher';
import type { StopReason } from './flusher';
import { StatusTracker } from './status-tracker';
import type { OutboxOptions } from './outbox-options';
import { discardEntry, retryEntryNow } from './entry-actions';
import type { RollbackOptions } from './entry-actions';

/** A filter for `getOutboxEntries`: statuses, keyset cursor and page size (default 100, at most 1,000). */
export interface EntryFilter {
  readonly statuses?: readonly EntryStatus[];
  readonly afterSeq?: number;
  readonly limit?: number;
}

/** An entry as `getOutboxEntries` lists it. */
export interface ListedEntry extends OutboxEntry {
  /**
   * Why the server may already have applied this entry's write, or null (see
   * `serverMayHaveApplied`): such an entry refuses `rollbackEntry` unless the caller accepts the divergence.
   */
  readonly serverMayHaveApplied: string | null;
}

/** One page of `getOutboxEntries`; `nextAfterSeq` is null on the last page. */
export interface ListedEntryPage {
  readonly entries: ListedEntry[];
  readonly nextAfterSeq: number | null;
}

/**
 * The durable mutation outbox. `enqueue` resolves only once the entry is committed; `flush`
 * delivers due entries in order, exactly once per idempotency key on a deduplicating server,
 * retrying transient failures with backoff and rolling back permanent rejections. See the README.
 */
export class MutationOutbox {
  private readonly context: EngineContext;
  private readonly connectivity: Connectivity;
  private readonly delivery: Delivery;
  private readonly flusher: Flusher;
  private readonly exclusive = new AsyncMutex();
  private readonly afterCommit = new WeakMap<StorageTransaction, Array<() => void>>();
  private opened: Promise<void> | null = null;
  private started = false;
  private stopping = false;
  private online = true;
  private paused = false;
  private flushing = false;
  private currentFlush: Promise<FlushResult> | null = null;
  private flushRequested = false;
  private ignoreScheduleNext = false;
  private readonly timers: FlushTimers;
  private readonly status: StatusTracker;
  private unsubscribe: (() => void) | null = null;
  /** When the next scheduled flush runs, as wall-clock epoch ms for the status (the timer itself is monotonic). */
  private nextWakeAt: number | null = null;
  /** In how many ms (from the end of the last run) the next scheduled flush runs. */
  private nextWakeInMs: number | null = null;
  /** `transaction()` calls running now. */
  private openTransactions = 0;

  constructor(dependencies: OutboxDependencies, options: OutboxOptions) {
    this.context = createEngineContext(dependencies, options);
    this.connectivity = dependencies.connectivity ?? new StaticConnectivity(true);
    this.timers = new FlushTimers(this.context.clock);
    this.status = new StatusTracker(this.context.events, this.context.storage, () => ({
      online: this.online,
      paused: this.paused,
      flushing: this.flushing,
      nextWakeAt: this.nextWakeAt,
      sendingByStoredStatus: this.delivery.inFlightByStoredStatus(),
    }));
    this.delivery = new Delivery(this.context);
    this.flusher = new Flusher(this.context, this.delivery, {
      stopReason: () => this.stopReason(),
      onStart: (total) => this.onFlushStart(total),
      onReport: (report) => this.onReport(report),
    });
  }

  /** A new temporary id for an entity created offline; replaced by its server id once created. */
  tempId(): string {
    return this.context.tempIds.create();
  }

  /** Whether `id` is a temporary id issued by `tempId()`. */
  isTempId(id: string): boolean {
    return this.context.tempIds.isTemp(id);
  }

  /** The server id recorded for a temporary id, or the id itself when none is known (yet). */
  async resolveId(id: string): Promise<string> {
    await this.ready();
    return this.context.canonical.of(id);
  }

  /** Subscribes to an event; returns the unsubscribe function. Listener errors never reach the outbox. */
  on<K extends OutboxEventName>(name: K, listener: OutboxListener<K>): () => void {
    return this.context.events.on(name, listener);
  }

  /** The latest status snapshot (also emitted as the `status` event on every change). */
  getStatus(): OutboxStatus {
    return this.status.current();
  }

  /**
   * Runs `work` in one storage transaction: the app's own writes through the adapter's handle and
   * `enqueue(mutation, { tx })` commit together or not at all. Events fire after the commit.
   */
  async transaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
    await this.ready();
    const callbacks: Array<() => void> = [];
    this.openTransactions++;
    let result: T;
    try {
      result = await this.context.storage.transaction(async (tx) => {
        this.afterCommit.set(tx, callbacks);
        return work(tx);
      });
    } finally {
      this.openTransactions--;
    }
    for (const callback of callbacks) callback();
    return result;
  }

  /**
   * Validates and durably appends a mutation; resolves with the stored entry only after the commit
   * (or, with `tx`, as part of that transaction). Throws a typed error and writes nothing for bad
   * input or a full outbox. For a type with `coalesce: true` it may instead fold the mutation into
   * its entity's last unsent entry and resolve with that entry (or, for create + delete, with the
   * cancelled create); `entry:coalesced` reports it. Without `tx` while `transaction()` is running
   * it throws `TransactionInProgressError` at once: from inside the transaction it would wait for
   * itself forever (pass `{ tx }`), and from outside, await the transaction first.
   */
  async enqueue(mutation: Mutation, options: { tx?: StorageTransaction } = {}): Promise<OutboxEntry> {
    if (options.tx === undefined && this.openTransactions > 0) throw new TransactionInProgressError();
    const checked = checkMutation(this.context, mutation);
    await this.ready();
    const written = await writeMutation(this.context, mutation, checked, options.tx, (id) => this.delivery.isBusy(id));
    const notify = () => (written.result === 'appended' ? this.afterEnqueue(written.entry) : this.afterCoalesce(written.entry, mutation, written.result));
    const deferred = options.tx ? this.afterCommit.get(options.tx) : undefined;
    if (deferred) deferred.push(notify);
    else notify();
    return written.entry;
  }

  /** Delivers every due entry now; a call during a running flush joins it. */
  flush(): Promise<FlushResult> {
    if (this.currentFlush) return this.currentFlush;
    const run = this.exclusive.run(() => this.runFlush());
    this.currentFlush = run;
    void run.finally(() => {
      if (this.currentFlush === run) this.currentFlush = null;
    }).catch(() => undefined);
    return run;
  }

  /**
   * Makes a pending or failed entry pending and due now (durably), then makes one immediate
   * attempt, ignoring its backoff schedule. When it cannot be attempted now — offline, paused,
   * stopped, an earlier entry must go first, or another instance on the same storage is
   * delivering — it resolves with `not-attempted` and the reason: the entry stays queued and goes
   * with the next flush (coming back online flushes at once).
   */
  async retryEntry(entryId: string): Promise<MutationResult> {
    await this.ready();
    return this.exclusive.run(async () => {
      const { result, report } = await retryEntryNow(this.context, this.delivery, entryId, this.stopReason());
      this.scheduleFlushSoon();
      if (report) this.onReport(report);
      await this.refreshStatus();
      return result;
    });
  }

  /**
   * Discards a pending or failed entry: runs its rollback handler in the transaction that marks it
   * rolled back, after doing the same for every later entry that depends on it (newest first).
   * Throws `StorageLockedError` while another instance on the same storage is delivering (the
   * entry could be on its way to the server), and `RollbackMayDivergeError` when the server may
   * already have applied the entry or a dependant (`serverMayHaveApplied` in `getOutboxEntries`),
   * unless `options.acceptDivergence` is true.
   */
  async rollbackEntry(entryId: string, options: RollbackOptions = {}): Promise<void> {
    await this.ready();
    await this.exclusive.run(async () => {
      const { failedAt } = await discardEntry(this.context, entryId, options);
      await this.refreshStatus();
      this.scheduleFlushSoon();
      if (failedAt) throw new RollbackFailedError(failedAt.id, (await this.context.storage.get(failedAt.id))?.lastError?.message ?? 'handler failed');
    });
  }

  /**
   * One page of entries in enqueue order, with status, attempts, next attempt time and last error.
   * Entries this instance is sending show as `in_flight` with the attempt counted (so a page
   * filtered by status may hold fewer than `limit` entries; `nextAfterSeq` still pages on). Each
   * entry says whether the server may already have applied it (`serverMayHaveApplied`).
   */
  async getOutboxEntries(filter: EntryFilter = {}): Promise<ListedEntryPage> {
    await this.ready();
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 100)), 1000);
    const wanted = filter.statuses ?? ACTIVE_STATUSES;
    // An entry being sent is stored as pending or failed: ask storage for those too, then filter.
    const statuses = wanted.includes('in_flight') ? [...new Set<EntryStatus>([...wanted, 'pending', 'failed'])] : wanted;
    const page = await this.context.storage.list({ limit, statuses, ...(filter.afterSeq !== undefined ? { afterSeq: filter.afterSeq } : {}) });
    const entries = page.entries
      .map((entry) => this.delivery.inFlight(entry.id) ?? entry)
      .filter((entry) => wanted.includes(entry.status))
      .map((entry) => ({ ...entry, serverMayHaveApplied: serverMayHaveApplied(entry) }));
    return { entries, nextAfterSeq: page.nextAfterSeq };
  }

  /** Opens the storage (runs its migrations) and publishes a status showing what is already queued. */
  open(): Promise<void> {
    return this.ready();
  }

  /** Opens the storage, follows connectivity (the offline→online edge flushes at once) and flushes. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.ready();
    this.started = true;
    this.stopping = false;
    this.online = await this.connectivity.isOnline();
    this.unsubscribe = this.connectivity.subscribe((online) => this.onConnectivity(online));
    await this.refreshStatus();
    this.scheduleFlushSoon();
  }

  /**
   * Stops following connectivity and timers, gives up the sends under way (their entries stay
   * pending, the attempt not counted; a late answer is not recorded) and waits for a running
   * flush to stop. Returns without waiting for a transport that does not answer.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.timers.cancelAll();
    this.delivery.abortSends();
    await this.currentFlush?.catch(() => undefined);
    this.started = false;
    this.stopping = false;
  }

  /** `stop()`, then closes the storage. */
  async close(): Promise<void> {
    await this.stop();
    await this.exclusive.run(async () => {
      if (this.opened) await this.context.storage.close();
      this.opened = null;
    });
  }

  /** Resumes after an auth failure (e.g. once the app refreshed its token) and flushes. */
  resume(): void {
    this.paused = false;
    this.refreshStatusInBackground();
    this.scheduleFlushSoon();
  }

  private afterEnqueue(entry: OutboxEntry): void {
    this.context.events.emit('entry:enqueued', { entry });
    if (this.flushing) this.status.addToProgress();
    this.flushRequested = true;
    // Counted at once, so a UI reading the status right after `await enqueue` sees it; no re-read
    // of the stored counts (an enqueue would pay a read for it), the next flush or event refreshes.
    this.status.adjustPending(+1);
    this.scheduleFlushSoon();
  }

  private afterCoalesce(entry: OutboxEntry, mutation: Mutation, result: 'merged' | 'cancelled'): void {
    this.context.events.emit('entry:coalesced', { entry, mutation, result });
    if (result === 'cancelled') this.status.adjustPending(-1);
    this.refreshStatusInBackground();
  }

  /** Opens the storage once; the first status snapshot then shows what is already queued. */
  private ready(): Promise<void> {
    this.opened ??= this.context.storage.open().then(
      () => this.refreshStatus(),
      (error: unknown) => {
        this.opened = null;
        throw error;
      },
    );
    return this.opened;
  }

  private stopReason(): StopReason | null {
    if (this.stopping) return 'stopped';
    if (!this.online) return 'offline';
    if (this.paused) return 'paused';
    return null;
  }

  private async runFlush(): Promise<FlushResult> {
    await this.ready();
    if (!this.started) this.online = await this.connectivity.isOnline();
    this.flushRequested = false;
    const ignoreSchedule = this.ignoreScheduleNext;
    this.ignoreScheduleNext = false;
    try {
      const { nextWakeInMs, ...result } = await this.flusher.run(ignoreSchedule);
      // Another instance holds the lease (or a dead one left it): try again once it expired.
      this.setNextWake(result.stoppedBy === 'locked' ? this.context.options.leaseTtlMs : nextWakeInMs);
      this.context.events.emit('flush:finished', { result });
      return result;
    } finally {
      this.flushing = false;
      this.scheduleWake();
      await this.refreshStatus().catch(() => undefined);
      if (this.flushRequested) this.scheduleFlushSoon();
    }
  }

  private async onFlushStart(total: number): Promise<void> {
    this.status.startProgress(total);
    this.flushing = true;
    this.context.events.emit('flush:started', { total });
    await this.refreshStatus();
  }

  private onReport(report: AttemptReport): void {
    if (report.outcome === 'auth') this.paused = true;
    if (report.outcome === 'succeeded' || report.outcome === 'rolled_back' || report.outcome === 'failed') {
      this.status.advanceProgress();
    }
    this.refreshStatusInBackground();
  }

  private onConnectivity(online: boolean): void {
    const cameOnline = online && !this.online;
    this.online = online;
    this.refreshStatusInBackground();
    if (!cameOnline) return;
    // Coming back online: everything waiting for a retry is due now.
    this.ignoreScheduleNext = true;
    this.flushInBackground();
  }

  private flushInBackground(): void {
    if (this.currentFlush) {
      this.flushRequested = true;
      return;
    }
    this.flush().catch((error: unknown) => {
      this.context.events.emit('flush:failed', { error });
      // The storage failed under us: try again later rather than never.
      this.setNextWake(this.context.options.backoff.baseMs);
      this.scheduleWake();
    });
  }

  // Not while offline or paused: such a flush would stop at once, after reading the storage twice
  // and emitting `flush:finished`, on every enqueue of a field worker without signal. Coming back
  // online and `resume()` flush.
  private scheduleFlushSoon(): void {
    if (this.started && this.stopReason() === null) this.timers.soon(() => this.flushInBackground());
  }

  private setNextWake(inMs: number | null): void {
    this.nextWakeInMs = inMs === null ? null : Math.min(Math.max(0, inMs), MAX_TIMER_DELAY_MS);
    this.nextWakeAt = this.nextWakeInMs === null ? null : this.context.clock.now() + this.nextWakeInMs;
  }

  private scheduleWake(): void {
    const active = this.started && !this.stopping;
    this.timers.wakeIn(active ? this.nextWakeInMs : null, () => this.flushInBackground());
  }

  private refreshStatusInBackground(): void {
    if (this.opened) this.status.refreshInBackground();
  }

  private async refreshStatus(): Promise<void> {
    if (this.opened) await this.status.refresh();
  }
}
