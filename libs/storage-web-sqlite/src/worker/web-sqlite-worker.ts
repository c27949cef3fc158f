import { acquireDatabaseLock, LockTimeoutError } from './database-lock';
import type { HeldLock } from './database-lock';
import { openCipherDatabase, opfsSyncAvailable } from './open-cipher-database';
import { WorkerDatabase } from './worker-database';
import type { WebSqliteVfs, WorkerError, WorkerOpenRequest, WorkerOpened, WorkerReply, WorkerRequest } from './worker-protocol';

// The dedicated worker that owns the database: it holds the database's Web Lock while open and
// answers the page's requests one at a time, in arrival order.
const scope = self as unknown as { onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null; postMessage(reply: WorkerReply): void };
let database: WorkerDatabase | null = null;
let lock: HeldLock | null = null;
let queue: Promise<void> = Promise.resolve();

const SQLITE_CODE_NAMES: Record<number, string> = {
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  19: 'SQLITE_CONSTRAINT',
  26: 'SQLITE_NOTADB',
};

function toWorkerError(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof LockTimeoutError) return { message, kind: 'locked' };
  const raw = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const code = typeof raw === 'number' ? SQLITE_CODE_NAMES[raw & 0xff] : undefined;
  return code ? { message, code } : { message };
}

async function open(request: WorkerOpenRequest): Promise<WorkerOpened> {
  if (database) throw new Error('The database is already open in this worker');
  const vfs: WebSqliteVfs = request.vfs === 'auto' ? ((await opfsSyncAvailable()) ? 'opfs' : 'idb') : request.vfs;
  lock = await acquireDatabaseLock(request.name, request.lockTimeoutMs);
  try {
    const opened = await openCipherDatabase(request.name, request.key, vfs);
    database = new WorkerDatabase(opened);
    return { vfs: opened.vfs, empty: opened.empty };
  } catch (error) {
    lock.release();
    lock = null;
    throw error;
  }
}

function requireDatabase(): WorkerDatabase {
  if (!database) throw new Error('The database is not open');
  return database;
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'open':
      return open(request.open);
    case 'run':
      return requireDatabase().run(request.sql, request.params);
    case 'all':
      return requireDatabase().all(request.sql, request.params);
    case 'exec':
      return requireDatabase().exec(request.sql);
    case 'begin':
      return requireDatabase().exec('BEGIN IMMEDIATE');
    case 'commit':
      return requireDatabase().exec('COMMIT');
    case 'rollback':
      return requireDatabase().exec('ROLLBACK').catch(() => undefined);
    case 'setDurable':
      return requireDatabase().setDurable(request.durable);
    case 'close': {
      const closing = database;
      database = null;
      await closing?.close();
      lock?.release();
      lock = null;
      return null;
    }
  }
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  queue = queue.then(async () => {
    let reply: WorkerReply;
    try {
      reply = { id: request.id, ok: (await handle(request)) ?? null } as WorkerReply;
    } catch (error) {
      reply = { id: request.id, error: toWorkerError(error) };
    }
    scope.postMessage(reply);
  });
};
