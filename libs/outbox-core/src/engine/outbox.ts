import { StaticConnectivity } from '../adapters/static-connectivity';
import { ACTIVE_STATUSES } from '../model/entry';
import type { EntryStatus, OutboxEntry } from '../model/entry';
import { RollbackFailedError } from '../model/errors';
import type { OutboxEventName, OutboxListener, OutboxStatus } from '../model/events';
import type { Mutation } from '../model/mutation';
import type { FlushResult, MutationResult } from '../model/results';
import type { Connectivity } from '../ports/connectivity';
import type { EntryPage, StorageTransaction } from '../ports/storage';
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

/** A filter for `getOutboxEntries`: statuses, keyset cursor and page size (default 100, at most 1,000). */
export interface EntryFilter {
  readonly statuses?: readonly EntryStatus[];
  readonly afterSeq?: number;
  readonly limit?: number;
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
  private nextWakeAt: number | null = null;

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
    const result = await this.context.storage.transaction(async (tx) => {
      this.afterCommit.set(tx, callbacks);
      return work(tx);
    });
    for (const callback of callbacks) callback();
    return result;
  }

  /**
   * Validates and durably appends a mutation; resolves with the stored entry only after the commit
   * (or, with `tx`, as part of that transaction). Throws a typed error and writes nothing for bad
   * input or a full outbox. For a type with `coalesce: true` it may instead fold the mutation into
   * its entity's last unsent entry and resolve with that entry (or, for create + delete, with the
   * cancelled create); `entry:coalesced` reports it.
   */
  async enqueue(mutation: Mutation, options: { tx?: StorageTransaction } = {}): Promise<OutboxEntry> {
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
   * One immediate attempt for a pending or failed entry, ignoring its backoff schedule. Not
   * attempted (and left to the next flush) while an earlier entry must go first, while offline or
   * paused, or while another instance on the same storage is delivering.
   */
  async retryEntry(entryId: string): Promise<MutationResult> {
    await this.ready();
    return this.exclusive.run(async () => {
      const { result, report } = await retryEntryNow(this.context, this.delivery, entryId, this.stopReason() === null);
      this.scheduleFlushSoon();
      if (report) {
        this.onReport(report);
        await this.refreshStatus();
      }
      return result;
    });
  }

  /**
   * Discards a pending or failed entry: runs its rollback handler in the transaction that marks it
   * rolled back, after doing the same for every later entry that depends on it (newest first).
   * Throws `StorageLockedError` while another instance on the same storage is delivering (the
   * entry could be on its way to the server).
   */
  async rollbackEntry(entryId: string): Promise<void> {
    await this.ready();
    await this.exclusive.run(async () => {
      const { failedAt } = await discardEntry(this.context, entryId);
      await this.refreshStatus();
      this.scheduleFlushSoon();
      if (failedAt) throw new RollbackFailedError(failedAt.id, (await this.context.storage.get(failedAt.id))?.lastError?.message ?? 'handler failed');
    });
  }

  /**
   * One page of entries in enqueue order, with status, attempts, next attempt time and last error.
   * Entries this instance is sending show as `in_flight` with the attempt counted (so a page
   * filtered by status may hold fewer than `limit` entries; `nextAfterSeq` still pages on).
   */
  async getOutboxEntries(filter: EntryFilter = {}): Promise<EntryPage> {
    await this.ready();
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 100)), 1000);
    const wanted = filter.statuses ?? ACTIVE_STATUSES;
    // An entry being sent is stored as pending or failed: ask storage for those too, then filter.
    const statuses = wanted.includes('in_flight') ? [...new Set<EntryStatus>([...wanted, 'pending', 'failed'])] : wanted;
    const page = await this.context.storage.list({ limit, statuses, ...(filter.afterSeq !== undefined ? { afterSeq: filter.afterSeq } : {}) });
    const entries = page.entries.map((entry) => this.delivery.inFlight(entry.id) ?? entry).filter((entry) => wanted.includes(entry.status));
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

  /** Stops following connectivity and timers, and waits for a running flush to stop. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.timers.cancelAll();
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
      const { nextWakeAt, ...result } = await this.flusher.run(ignoreSchedule);
      // Another instance holds the lease (or a crashed one left it): try again once it expired.
      this.nextWakeAt = result.stoppedBy === 'locked' ? this.context.clock.now() + this.context.options.leaseTtlMs : nextWakeAt;
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
      this.nextWakeAt = this.context.clock.now() + this.context.options.backoff.baseMs;
      this.scheduleWake();
    });
  }

  // Not while offline or paused: such a flush would stop at once, after reading the storage twice
  // and emitting `flush:finished`, on every enqueue of a field worker without signal. Coming back
  // online and `resume()` flush.
  private scheduleFlushSoon(): void {
    if (this.started && this.stopReason() === null) this.timers.soon(() => this.flushInBackground());
  }

  private scheduleWake(): void {
    const active = this.started && !this.stopping;
    this.timers.wakeAt(active ? this.nextWakeAt : null, () => this.flushInBackground());
  }

  private refreshStatusInBackground(): void {
    if (this.opened) this.status.refreshInBackground();
  }

  private async refreshStatus(): Promise<void> {
    if (this.opened) await this.status.refresh();
  }
}
