import type { DemoServer } from '@mutation-outbox/demo-server';
import type { CommittedRecord } from './evidence';
import type { ChaosOptions } from './options';
import type { WorkerConfig, WorkerEvent } from './protocol';
import { bump, emptyStats } from './run-stats';
import { chaosSchedule } from './schedule';
import type { ChaosSchedule, KillTarget } from './schedule';
import { WorkerProcess } from './worker-process';

/** A kill waiting for its target event. */
interface ArmedKill {
  readonly target: KillTarget;
  readonly delayMs: number;
  readonly fallback: NodeJS.Timeout;
}

const FALLBACK_KILL_MS = 500;

/**
 * The live part of a chaos run: starts the worker (the app) on the run's encrypted database,
 * SIGKILLs it on schedule (right after the event each kill aims at: an enqueue starting, an
 * acknowledgement, a request going out, a restart, or a timer) and starts it again, flips its
 * connectivity, and closes it once the whole plan is enqueued and the outbox drained. Counts
 * what happened in `stats`; `failure` tells why it could not finish (crash, stall, timeout).
 */
export class ChaosRun {
  readonly stats = emptyStats();
  failure: string | null = null;
  private readonly schedule: ChaosSchedule;
  private readonly acks = new Map<number, CommittedRecord>();
  private readonly known = new Set<number>();
  private readonly settled = new Set<string>();
  private inFlight = new Set<string>();
  private worker: WorkerProcess | null = null;
  private killed: WorkerProcess | null = null;
  private armed: ArmedKill | null = null;
  private killIndex = 0;
  private flapIndex = 0;
  private offline: NodeJS.Timeout | null = null;
  private online = true;
  private enqueueRunning: number | null = null;
  private enqueueAtKill: number | null = null;
  private closing = false;
  private lastProgressAt = Date.now();
  private spawnedAt = Date.now();
  private readonly startedAt = Date.now();
  private abort: (reason: string) => void = () => undefined;

  constructor(
    private readonly options: ChaosOptions,
    private readonly server: DemoServer,
    private readonly config: Omit<WorkerConfig, 'online'>,
    private readonly key: string,
    private readonly entry: string,
    private readonly progress: ((line: string) => void) | undefined,
  ) {
    this.schedule = chaosSchedule(options.seed, options.mutations, options.kills, options.flaps, options.maxOfflineMs);
  }

  /** The acknowledgements the parent received. */
  get acknowledged(): CommittedRecord[] {
    return [...this.acks.values()];
  }

  /** Runs workers until the outbox is drained and the last worker closed, or the run fails. */
  async execute(): Promise<void> {
    const aborted = new Promise<string>((resolve) => (this.abort = resolve));
    const started = Date.now();
    let ticks = 0;
    const watchdog = setInterval(() => {
      if (++ticks % 40 === 0) this.report(started);
      if (Date.now() - this.lastProgressAt > this.options.stallMs) this.abort(`stalled: no progress for ${this.options.stallMs / 1000} s`);
      if (Date.now() - started > this.options.timeoutMs) this.abort(`timed out after ${this.options.timeoutMs / 1000} s`);
    }, 250);
    try {
      for (;;) {
        const worker = new WorkerProcess(this.entry, { ...this.config, online: this.online }, this.key, (event) => this.onEvent(worker, event));
        this.worker = worker;
        this.inFlight = new Set();
        this.stats.workers++;
        this.spawnedAt = Date.now();
        if (worker.pid !== undefined) this.stats.workerPids.push(worker.pid);
        const exit = await Promise.race([worker.exited, aborted]);
        if (typeof exit === 'string') {
          this.failure = exit;
          worker.kill();
          await worker.exited;
          return;
        }
        if (this.killed === worker) continue;
        if (exit.code === 0 && this.closing) return;
        this.failure = `worker ${worker.pid} exited on its own (code ${exit.code}, signal ${exit.signal}):\n${exit.stderr.trim()}`;
        return;
      }
    } finally {
      clearInterval(watchdog);
      this.disarm();
      if (this.offline) clearTimeout(this.offline);
      this.worker?.kill();
    }
  }

  private report(started: number): void {
    const s = this.stats;
    this.progress?.(
      `  ${Math.round((Date.now() - started) / 1000)} s: enqueued ${this.known.size}/${this.options.mutations}, settled ${this.settled.size}, attempts ${s.attempts}, kills ${s.kills.total}/${this.options.kills}, flaps ${s.flaps}, ${this.online ? 'online' : 'offline'}`,
    );
  }

  private onEvent(worker: WorkerProcess, event: WorkerEvent): void {
    const current = worker === this.worker && worker !== this.killed;
    switch (event.t) {
      case 'ready':
        if (current) this.stats.startupMs += Date.now() - this.spawnedAt;
        this.onReady(event.recovered);
        if (current) worker.send({ t: 'online', online: this.online });
        break;
      case 'enqueue-start':
        this.enqueueRunning = event.index;
        break;
      case 'ack':
        this.acks.set(event.index, { index: event.index, entryId: event.entryId, key: event.key });
        this.known.add(event.index);
        this.stats.acknowledged++;
        this.enqueueRunning = null;
        this.progressed();
        break;
      case 'attempt':
        this.stats.attempts++;
        this.inFlight.add(event.entryId);
        break;
      case 'settled':
        this.inFlight.delete(event.entryId);
        this.stats.settled[event.outcome]++;
        if (event.outcome !== 'failed') this.settled.add(event.entryId);
        this.progressed();
        break;
      case 'retry':
        this.inFlight.delete(event.entryId);
        bump(this.stats.retries, event.cause);
        break;
      case 'manual-retry':
        this.stats.manualRetries++;
        break;
      case 'log':
        this.stats.logs = [...this.stats.logs, event.message].slice(-20);
        break;
      case 'drained':
        if (current) this.onDrained(worker);
        return;
    }
    if (!current) return;
    if (this.armed?.target === event.t) this.fire(this.armed.delayMs);
    this.maybeArm();
    this.maybeFlap();
  }

  private onReady(recovered: readonly CommittedRecord[]): void {
    for (const record of recovered) {
      if (this.known.has(record.index)) continue;
      this.known.add(record.index);
      this.stats.recoveredUnacknowledged++;
    }
    if (this.enqueueAtKill !== null) {
      if (recovered.some((record) => record.index === this.enqueueAtKill)) this.stats.kills.enqueueCommitted++;
      else this.stats.kills.enqueueNotCommitted++;
      this.enqueueAtKill = null;
    }
    this.enqueueRunning = null;
    this.progressed();
  }

  private onDrained(worker: WorkerProcess): void {
    if (this.killIndex < this.schedule.kills.length) {
      this.strike('idle');
      return;
    }
    this.closing = true;
    this.stats.drainedAfterMs = Date.now() - this.startedAt;
    worker.send({ t: 'close' });
  }

  private progressed(): void {
    this.lastProgressAt = Date.now();
    if (this.stats.enqueuedAfterMs === 0 && this.known.size >= this.options.mutations) this.stats.enqueuedAfterMs = this.lastProgressAt - this.startedAt;
  }

  /** Arms the next kill once the run's progress reached its threshold. */
  private maybeArm(): void {
    const next = this.schedule.kills[this.killIndex];
    if (this.armed || this.closing || !next || this.known.size + this.settled.size < next.at) return;
    const enqueueing = this.known.size < this.options.mutations;
    const target: KillTarget = !enqueueing && (next.target === 'enqueue-start' || next.target === 'ack') ? 'attempt' : next.target;
    if (target === 'timer') {
      this.armed = { target, delayMs: next.delayMs, fallback: setTimeout(() => this.strike('timer'), next.delayMs) };
      return;
    }
    this.armed = { target, delayMs: next.delayMs, fallback: setTimeout(() => this.strike('fallback'), FALLBACK_KILL_MS) };
  }

  /** Strikes the armed kill after its delay: -1 at once, 0 on the next turn, otherwise after that many ms. */
  private fire(delayMs: number): void {
    const target = this.armed?.target ?? 'fallback';
    this.disarm();
    if (delayMs < 0) this.strike(target);
    else if (delayMs === 0) setImmediate(() => this.strike(target));
    else setTimeout(() => this.strike(target), delayMs);
  }

  private disarm(): void {
    if (this.armed) clearTimeout(this.armed.fallback);
    this.armed = null;
  }

  private strike(target: string): void {
    const worker = this.worker;
    this.disarm();
    if (!worker || !worker.alive || this.killed === worker || this.closing) return;
    this.killed = worker;
    worker.kill();
    this.killIndex++;
    this.stats.kills.total++;
    bump(this.stats.kills.byTarget, target);
    this.stats.kills.requestsInFlight += this.inFlight.size;
    if (this.inFlight.size > 0) bump(this.stats.retries, 'kill', this.inFlight.size);
    this.enqueueAtKill = this.enqueueRunning;
  }

  /** Starts the next connectivity loss once enough was enqueued; the way back online rotates the server's failure status. */
  private maybeFlap(): void {
    const next = this.schedule.flaps[this.flapIndex];
    if (this.offline || this.closing || !next || this.known.size < next.at) return;
    this.setOnline(false);
    this.offline = setTimeout(() => {
      this.offline = null;
      this.flapIndex++;
      this.stats.flaps++;
      this.server.setFaults({ failureStatus: next.failureStatus, retryAfterSeconds: next.retryAfterSeconds });
      this.setOnline(true);
      this.maybeFlap();
    }, next.offlineMs);
  }

  private setOnline(online: boolean): void {
    this.online = online;
    if (this.worker !== this.killed) this.worker?.send({ t: 'online', online });
  }
}

