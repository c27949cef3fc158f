import { StorageClosedError } from '@mutation-outbox/core';
import type { SqlDriver, SqlRow, SqlRunResult, SqlValue } from '@mutation-outbox/storage-sql';
import type { WorkerError, WorkerOpenRequest, WorkerOpened, WorkerReply, WorkerRequest } from './worker/worker-protocol';

/** A request without its id (the driver numbers them). */
type Call = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The error a worker request failed with: SQLite's message and result-code name, as thrown there. */
export class WorkerSqlError extends Error {
  readonly code: string | undefined;
  readonly kind: WorkerError['kind'];

  constructor(error: WorkerError) {
    super(error.message);
    this.name = 'WorkerSqlError';
    this.code = error.code;
    this.kind = error.kind;
  }
}

/**
 * `SqlDriver` over the database worker: each call is one message, answered in call order. The
 * worker's errors are rethrown as `WorkerSqlError` (with SQLite's code), so the shared
 * `mapSqlError` types them. After `terminate()` every call rejects with `StorageClosedError`.
 */
export class WorkerSqlDriver implements SqlDriver {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  private terminated = false;

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<WorkerReply>) => this.settle(event.data);
    worker.onerror = (event: ErrorEvent) => this.failAll(new Error(`The database worker failed: ${event.message}`));
  }

  /** Opens the database in the worker (taking its Web Lock); reports the VFS and whether it was empty. */
  open(request: WorkerOpenRequest): Promise<WorkerOpened> {
    return this.call({ op: 'open', open: request }) as Promise<WorkerOpened>;
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    return this.call({ op: 'run', sql, params }) as Promise<SqlRunResult>;
  }

  all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.call({ op: 'all', sql, params }) as Promise<SqlRow[]>;
  }

  async exec(sql: string): Promise<void> {
    await this.call({ op: 'exec', sql });
  }

  async begin(): Promise<void> {
    await this.call({ op: 'begin' });
  }

  async commit(): Promise<void> {
    await this.call({ op: 'commit' });
  }

  async rollback(): Promise<void> {
    await this.call({ op: 'rollback' });
  }

  async setDurable(durable: boolean): Promise<void> {
    await this.call({ op: 'setDurable', durable });
  }

  /** Closes the database, releases its lock and ends the worker. */
  async close(): Promise<void> {
    if (this.terminated) return;
    try {
      await this.call({ op: 'close' });
    } finally {
      this.terminate();
    }
  }

  /** Ends the worker at once, committing nothing more (as a crash would); pending calls reject. */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.worker.terminate();
    this.failAll(new StorageClosedError());
  }

  private call(call: Call): Promise<unknown> {
    if (this.terminated) return Promise.reject(new StorageClosedError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...call, id });
    });
  }

  private settle(reply: WorkerReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(new WorkerSqlError(reply.error));
    else waiting.resolve(reply.ok);
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(error);
  }
}
