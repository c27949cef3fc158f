import type { EntryError, OutboxEntry } from '../model/entry';
import { OutboxError } from '../model/errors';
import type { ConflictOutcome, OkOutcome, RetryOutcome, TransportOutcome } from '../model/results';
import type { ConflictResolution } from '../ports/conflict-resolver';
import type { OutboxStorage, StorageTransaction } from '../ports/storage';
import type { EngineContext } from './engine-context';
import { backoffDelay } from './backoff';
import { LeaseLostError } from './flush-lease';
import { rollbackCascade } from './rollback';
import { withServerIds } from './temp-ids';
import { entrySize } from './validate-mutation';

/** How one delivery attempt ended for one entry. */
/** `skipped`: the entry was no longer deliverable (settled meanwhile, e.g. rolled back by a cascade). */
export type AttemptOutcome = 'succeeded' | 'rolled_back' | 'retry' | 'failed' | 'auth' | 'conflict-retry' | 'not-attempted' | 'skipped';

/** One entry's result of a delivery. */
export interface AttemptReport {
  readonly entryId: string;
  readonly outcome: AttemptOutcome;
  /** In how many milliseconds a `retry` outcome scheduled the next attempt. */
  readonly retryInMs?: number;
}

/** A retry scheduled after a delay. */
interface RetryScheduled {
  readonly outcome: 'retry';
  readonly retryInMs: number;
}

/** An entry being attempted, as this instance shows it, and the status it has in storage meanwhile. */
interface Attempt {
  readonly entry: OutboxEntry;
  readonly storedStatus: OutboxEntry['status'];
}

/**
 * Performs delivery attempts: sends entries with server ids substituted and records the
 * classified outcome durably, counting the attempt in the same write. "In flight" is this
 * instance's state while it sends (shown by `inFlight`); storage is written before sending only
 * for a type that coalesces (a non-durable mark, so that after a crash mid-send no later change
 * is folded into a request the server may already have applied). Either way a crash leaves the
 * entry to be sent again with the same idempotency key; an attempt cut short by a crash is not
 * counted unless it was marked. Accepted entries may be held (`deliver` with `holdSuccesses`) and
 * recorded together later (`settleHeld`); until then they stay busy and in flight.
 */
export class Delivery {
  /** Resolver `retry` answers per entry, to cap conflict loops. */
  private readonly conflictRetries = new Map<string, number>();

  constructor(private readonly context: EngineContext) {}

  /** Entries between the start of an attempt and its settlement (coalescing must leave them alone). */
  private readonly busy = new Set<string>();

  /** Entries being sent now, by id. */
  private readonly attempts = new Map<string, Attempt>();

  /** Aborted by `abortSends` (stop, close): sends under way are given up, their attempts not counted. */
  private abort = new AbortController();

  /**
   * Gives up every send under way: the transport's request is aborted (its signal fires) and,
   * whether or not the transport honours that, the engine stops waiting for it; the entries are
   * left pending with the attempt not counted, and nothing the server may answer later is recorded.
   */
  abortSends(): void {
    this.abort.abort();
    this.abort = new AbortController();
  }

  /** Whether an attempt of this entry is under way. */
  isBusy(entryId: string): boolean {
    return this.busy.has(entryId);
  }

  /** The entry as being sent now (status `in_flight`, the attempt counted), or null when it is not being sent. */
  inFlight(entryId: string): OutboxEntry | null {
    return this.attempts.get(entryId)?.entry ?? null;
  }

  /** How many entries are being sent now, by the status they still have in storage. */
  inFlightByStoredStatus(): Partial<Record<OutboxEntry['status'], number>> {
    const counts: Partial<Record<OutboxEntry['status'], number>> = {};
    for (const { storedStatus } of this.attempts.values()) counts[storedStatus] = (counts[storedStatus] ?? 0) + 1;
    return counts;
  }

  /** Accepted entries whose success is not recorded yet, in send order (see `deliver`). */
  private held: { entry: OutboxEntry; outcome: OkOutcome }[] = [];
  /** When the first held entry was accepted (clock ms). */
  private heldSince = 0;
  /** How long the last request took to be answered (clock ms). */
  private lastAnswerMs = 0;

  /** The accepted entries whose success `settleHeld` has yet to record, in send order. */
  get heldEntries(): readonly OutboxEntry[] {
    return this.held.map(({ entry }) => entry);
  }

  /**
   * Whether the held successes are due to be recorded: `successCommit.maxEntries` are held, the
   * first was accepted `maxDelayMs` ago, or the last answer itself took that long (on a slow
   * network holding saves little and would delay every success by a round trip).
   */
  heldAreDue(): boolean {
    const { maxEntries, maxDelayMs } = this.context.options.successCommit;
    if (this.held.length === 0) return false;
    return this.held.length >= maxEntries || this.lastAnswerMs >= maxDelayMs || this.context.clock.monotonicNow() - this.heldSince >= maxDelayMs;
  }

  /**
   * Attempts the given entries in order, in one request when there are several. With
   * `holdSuccesses`, when the server accepts every one of them their successes are held instead
   * of recorded: they get no report now, stay busy and in flight, and are recorded (and reported)
   * by `settleHeld`. Otherwise the held successes and the request's accepted head are recorded
   * first, together (their reports come first), so outcomes are always recorded in send order.
   */
  async deliver(ids: readonly string[], options: { holdSuccesses?: boolean } = {}): Promise<AttemptReport[]> {
    // Marked synchronously, before the first await, so a concurrent coalescing sees it.
    for (const id of ids) this.busy.add(id);
    try {
      return await this.deliverMarked(ids, options.holdSuccesses === true);
    } finally {
      for (const id of ids) if (!this.held.some(({ entry }) => entry.id === id)) this.release(id);
    }
  }

  /**
   * Records the held successes in one transaction (one by one if a success handler fails there,
   * as for a batch) and reports them. The caller must settle before sending anything that needs
   * their answer, and before its run ends.
   */
  async settleHeld(): Promise<AttemptReport[]> {
    const group = this.held;
    this.held = [];
    if (group.length === 0) return [];
    try {
      // Recorded only while this instance still holds the lease (see `FlushLease`).
      await this.context.lease.assertHeld();
      if (group.length > 1) return await this.succeedAll(group.map(({ entry }) => entry), group.map(({ outcome }) => outcome));
      const [{ entry, outcome }] = group as [{ entry: OutboxEntry; outcome: OkOutcome }];
      return [{ entryId: entry.id, outcome: await this.succeed(entry, outcome) }];
    } finally {
      for (const { entry } of group) this.release(entry.id);
    }
  }

  /** Forgets the held successes without recording them (the lease was lost). */
  private dropHeld(): void {
    for (const { entry } of this.held) this.release(entry.id);
    this.held = [];
  }

  private release(id: string): void {
    this.busy.delete(id);
    this.attempts.delete(id);
  }

  private async deliverMarked(ids: readonly string[], holdSuccesses: boolean): Promise<AttemptReport[]> {
    const started: OutboxEntry[] = [];
    const reports: AttemptReport[] = [];
    for (const id of ids) {
      const entry = await this.begin(id);
      if (entry) started.push(entry);
      else reports.push({ entryId: id, outcome: 'skipped' });
    }
    if (started.length === 0) return reports;
    const sentAt = this.context.clock.monotonicNow();
    const outcomes = await this.send(started);
    this.lastAnswerMs = this.context.clock.monotonicNow() - sentAt;
    if (!(await this.context.lease.confirm())) {
      // Another instance took over meanwhile: record nothing (it sends these again, same keys).
      this.dropHeld();
      throw new LeaseLostError();
    }
    const accepted = leadingOk(outcomes, started.length);
    if (this.held.length === 0 && accepted.length > 0) this.heldSince = this.context.clock.monotonicNow();
    accepted.forEach((outcome, index) => this.held.push({ entry: started[index] as OutboxEntry, outcome }));
    if (holdSuccesses && accepted.length === started.length) return reports;
    // The accepted head is recorded with the earlier held successes, before any other outcome.
    reports.unshift(...(await this.settleHeld()));
    for (let index = accepted.length; index < started.length; index++) {
      const entry = started[index] as OutboxEntry;
      const outcome = outcomes[index];
      const settled = outcome ? await this.settle(entry, outcome) : await this.unattempt(entry);
      reports.push(typeof settled === 'string' ? { entryId: entry.id, outcome: settled } : { entryId: entry.id, ...settled });
    }
    return reports;
  }

  private async begin(id: string): Promise<OutboxEntry | null> {
    const { storage, clock, events, registry } = this.context;
    const current = await storage.get(id);
    if (!current || (current.status !== 'pending' && current.status !== 'failed' && current.status !== 'in_flight')) return null;
    const now = clock.now();
    const entry: OutboxEntry = { ...current, status: 'in_flight', attempts: current.attempts + 1, updatedAt: now };
    let storedStatus = current.status;
    if (registry.find(current.type)?.coalesce) {
      await storage.update(id, { status: 'in_flight', attempts: entry.attempts, updatedAt: now }, { durable: false });
      storedStatus = 'in_flight';
    }
    this.attempts.set(id, { entry, storedStatus });
    events.emit('entry:attempt', { entry, attempt: entry.attempts });
    return entry;
  }

  /** The transport's outcomes, or none when `abortSends` gave the request up (nothing attempted). */
  private async send(entries: OutboxEntry[]): Promise<TransportOutcome[]> {
    const { signal } = this.abort;
    let onAbort = () => undefined as void;
    const aborted = new Promise<TransportOutcome[]>((resolve) => {
      onAbort = () => resolve([]);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([this.sendOnce(entries, signal), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async sendOnce(entries: OutboxEntry[], signal: AbortSignal): Promise<TransportOutcome[]> {
    const { transport, storage, tempIds } = this.context;
    try {
      const resolved = await Promise.all(entries.map((entry) => withServerIds(entry, tempIds, (tempId) => storage.getServerId(tempId))));
      if (resolved.length === 1 || !transport.sendBatch) return [await transport.send(resolved[0] as OutboxEntry, { signal })];
      const outcomes = await transport.sendBatch(resolved, { signal });
      // A batch answer must cover at least the first item, or the engine could spin on it.
      return outcomes.length > 0 ? outcomes : [{ kind: 'retry', error: { code: 'TRANSPORT_ERROR', message: 'The batch response held no result' } }];
    } catch (error) {
      // A throwing transport is a bug or an infrastructure fault, never a verdict on the entry:
      // retried later, except a configuration error (e.g. no route), which no retry can fix.
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof OutboxError && error.code === 'CONFIGURATION_INVALID' ? error.code : 'TRANSPORT_ERROR';
      return [{ kind: 'retry', error: { code, message } }];
    }
  }

  private async settle(entry: OutboxEntry, outcome: TransportOutcome): Promise<AttemptOutcome | RetryScheduled> {
    switch (outcome.kind) {
      case 'ok':
        return this.succeed(entry, outcome);
      case 'retry':
        return this.scheduleRetry(entry, outcome);
      case 'auth':
        await this.unattempt(entry, outcome.error);
        this.context.events.emit('auth:required', { entry, error: outcome.error });
        return 'auth';
      case 'conflict':
        return this.resolveConflict(entry, outcome);
      case 'reject': {
        const result = await rollbackCascade(this.context, entry, 'rejected', outcome.error);
        return result.failedAt ? 'failed' : 'rolled_back';
      }
    }
  }

  /**
   * Settles the accepted head of a batch in ONE transaction (one commit for the whole batch). If
   * a success handler fails, that transaction rolls back and the entries are settled one by one,
   * so only the failing entry is held (handlers may thus run again after a rolled-back try: they
   * must write through `tx` only, as documented on `onSucceeded`).
   */
  private async succeedAll(entries: readonly OutboxEntry[], outcomes: readonly OkOutcome[]): Promise<AttemptReport[]> {
    const settled = entries.map((entry) => this.settledCopy(entry));
    let mapped: boolean[];
    try {
      mapped = await this.context.storage.transaction(async (tx) => {
        const results: boolean[] = [];
        for (const [index, entry] of settled.entries()) results.push(await this.applySuccess(entry, outcomes[index] as OkOutcome, tx));
        return results;
      });
    } catch {
      const reports: AttemptReport[] = [];
      for (const [index, entry] of entries.entries()) reports.push({ entryId: entry.id, outcome: await this.succeed(entry, outcomes[index] as OkOutcome) });
      return reports;
    }
    return settled.map((entry, index) => {
      this.announceSuccess(entry, outcomes[index] as OkOutcome, mapped[index] === true);
      return { entryId: entry.id, outcome: 'succeeded' as const };
    });
  }

  private async succeed(entry: OutboxEntry, outcome: OkOutcome): Promise<AttemptOutcome> {
    const { storage, events, clock } = this.context;
    const settled = this.settledCopy(entry);
    let mapsId = false;
    try {
      mapsId = await storage.transaction((tx) => this.applySuccess(settled, outcome, tx));
    } catch (error) {
      const failure: EntryError = {
        code: 'SUCCESS_HANDLER_FAILED',
        message: `The server accepted the change but applying its answer locally failed: ${error instanceof Error ? error.message : String(error)}`,
      };
      await storage.update(entry.id, { status: 'failed', attempts: entry.attempts, lastError: failure, updatedAt: clock.now() });
      events.emit('entry:failed', { entry: { ...entry, status: 'failed', lastError: failure }, error: failure });
      return 'failed';
    }
    this.announceSuccess(settled, outcome, mapsId);
    return 'succeeded';
  }

  /**
   * Records an accepted entry (`settled`: its succeeded copy) within `tx`: id mapping, success
   * handler, version rebase, removal. Returns whether it mapped a temporary id.
   */
  private async applySuccess(settled: OutboxEntry, outcome: OkOutcome, tx: StorageTransaction): Promise<boolean> {
    const { storage, tempIds, options, registry } = this.context;
    const serverId = outcome.serverId;
    // Only the first success for a temporary id (its create) maps it; later edits already went out with the server id.
    const mapsId = serverId !== undefined && serverId !== settled.entityId && tempIds.isTemp(settled.entityId) && (await storage.getServerId(settled.entityId, tx)) === null;
    if (mapsId) {
      await storage.putServerId(settled.entityId, serverId, { tx });
      await options.onIdMapped?.({ tempId: settled.entityId, serverId, entry: settled, tx });
    }
    // Like rollback handlers, success handlers see server ids (the app's rows were renamed).
    const resolved = await withServerIds(settled, tempIds, (tempId) => storage.getServerId(tempId, tx));
    await registry.find(settled.type)?.onSucceeded?.({ entry: resolved, outcome, tx });
    await rebaseExpectedVersions(storage, settled, outcome, tx);
    await storage.remove(settled.id, { tx });
    return mapsId;
  }

  /** Emits the events of a committed success (`settled`: the entry's succeeded copy). */
  private announceSuccess(settled: OutboxEntry, outcome: OkOutcome, mappedId: boolean): void {
    const { events } = this.context;
    this.conflictRetries.delete(settled.id);
    if (mappedId && outcome.serverId !== undefined) events.emit('id:mapped', { tempId: settled.entityId, serverId: outcome.serverId, entry: settled });
    events.emit('entry:succeeded', { entry: settled, outcome });
  }

  private settledCopy(entry: OutboxEntry): OutboxEntry {
    return { ...entry, status: 'succeeded', lastError: null, nextAttemptAt: null, updatedAt: this.context.clock.now() };
  }

  private async scheduleRetry(entry: OutboxEntry, outcome: Pick<RetryOutcome, 'error' | 'retryAfterMs'>): Promise<'failed' | RetryScheduled> {
    const { storage, clock, options, random, events, waits } = this.context;
    const now = clock.now();
    if (entry.attempts >= options.backoff.maxAttempts || outcome.error.code === 'CONFIGURATION_INVALID') {
      await storage.update(entry.id, { status: 'failed', attempts: entry.attempts, lastError: outcome.error, nextAttemptAt: null, updatedAt: now });
      events.emit('entry:failed', { entry: { ...entry, status: 'failed', lastError: outcome.error }, error: outcome.error });
      return 'failed';
    }
    const serverDelayMs = serverWait(outcome.retryAfterMs);
    // Kept with the error: the offline→online edge skips the backoff but not the server's wait.
    const lastError: EntryError = serverDelayMs > 0 ? { ...outcome.error, retryAfterMs: serverDelayMs } : outcome.error;
    const delayMs = backoffDelay(entry.attempts, options.backoff, random, outcome.retryAfterMs);
    const nextAttemptAt = now + delayMs;
    await storage.update(entry.id, { status: 'pending', attempts: entry.attempts, lastError, nextAttemptAt, updatedAt: now });
    waits.scheduled(entry.id, nextAttemptAt, delayMs, serverDelayMs);
    events.emit('entry:retry-scheduled', { entry: { ...entry, status: 'pending', nextAttemptAt, lastError }, nextAttemptAt, error: lastError });
    return { outcome: 'retry', retryInMs: delayMs };
  }

  /** Leaves an entry pending without counting the attempt (auth failure, not processed in a batch); writes only what changed. */
  private async unattempt(entry: OutboxEntry, error?: EntryError): Promise<AttemptOutcome> {
    const storedStatus = this.attempts.get(entry.id)?.storedStatus;
    if (storedStatus === 'pending' && error === undefined) return 'not-attempted';
    const patch = { status: 'pending' as const, attempts: entry.attempts - 1, updatedAt: this.context.clock.now(), ...(error ? { lastError: error } : {}) };
    await this.context.storage.update(entry.id, patch, { durable: error !== undefined });
    return 'not-attempted';
  }

  private async resolveConflict(entry: OutboxEntry, outcome: ConflictOutcome): Promise<AttemptOutcome> {
    const { registry, options, storage, clock, events } = this.context;
    const resolver = registry.find(entry.type)?.conflictResolver ?? options.conflictResolver;
    const resolutions = this.conflictRetries.get(entry.id) ?? 0;
    let resolution: ConflictResolution;
    try {
      resolution =
        resolutions >= options.maxConflictRetries
          ? { action: 'hold', reason: `Still conflicting after ${resolutions} automatic resolutions` }
          : await resolver.resolve({ entry, serverState: outcome.serverState, ...(outcome.serverVersion !== undefined ? { serverVersion: outcome.serverVersion } : {}), resolutions });
    } catch (error) {
      resolution = { action: 'hold', reason: `The conflict resolver failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    events.emit('entry:conflict', { entry, serverState: outcome.serverState, action: resolution.action });
    if (resolution.action === 'rollback') {
      const result = await rollbackCascade(this.context, entry, 'conflict', outcome.error, outcome.serverState);
      return result.failedAt ? 'failed' : 'rolled_back';
    }
    const now = clock.now();
    if (resolution.action === 'retry') {
      this.conflictRetries.set(entry.id, resolutions + 1);
      const expectedVersion = resolution.expectedVersion ?? outcome.serverVersion ?? entry.expectedVersion;
      const payload = resolution.payload ?? entry.payload;
      await storage.update(entry.id, {
        status: 'pending',
        attempts: entry.attempts,
        payload,
        sizeBytes: entrySize({ payload, rollbackData: entry.rollbackData, serverState: outcome.serverState }),
        expectedVersion: expectedVersion ?? null,
        // Kept for a later rollback of the change sent again (say the server then rejects it).
        serverState: outcome.serverState,
        lastError: outcome.error,
        nextAttemptAt: null,
        updatedAt: now,
      });
      return 'conflict-retry';
    }
    const error: EntryError = { ...outcome.error, message: resolution.reason ?? outcome.error.message };
    await storage.update(entry.id, { status: 'failed', attempts: entry.attempts, lastError: error, nextAttemptAt: null, updatedAt: now });
    events.emit('entry:failed', { entry: { ...entry, status: 'failed', lastError: error }, error });
    return 'failed';
  }
}

/** The server's Retry-After as a whole number of milliseconds, 0 when it gave none (or nonsense). */
function serverWait(retryAfterMs: number | undefined): number {
  return retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.ceil(retryAfterMs) : 0;
}

/** The `ok` outcomes at the head of a batch's answer (at most `count`). */
function leadingOk(outcomes: readonly TransportOutcome[], count: number): OkOutcome[] {
  const accepted: OkOutcome[] = [];
  for (const outcome of outcomes.slice(0, count)) {
    if (outcome.kind !== 'ok') break;
    accepted.push(outcome);
  }
  return accepted;
}

/**
 * Later changes of the same entity were made on top of this one, against the version this one
 * expected: once the server answers with the new version, they expect that one instead (otherwise
 * the device's own next edit would look like a conflict).
 */
async function rebaseExpectedVersions(storage: OutboxStorage, entry: OutboxEntry, outcome: OkOutcome, tx: StorageTransaction): Promise<void> {
  if (outcome.version === undefined || entry.expectedVersion === null) return;
  for (const later of await storage.listActiveForEntity(entry.entityId, entry.seq, tx)) {
    if (later.expectedVersion === entry.expectedVersion) await storage.update(later.id, { expectedVersion: outcome.version }, { tx });
  }
}
