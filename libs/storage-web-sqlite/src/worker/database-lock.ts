/** The Web Lock name under which one context of the origin holds the database `name`. */
export function databaseLockName(name: string): string {
  return `mutation-outbox:database:${name}`;
}

/** A held Web Lock; `release()` lets the next waiting context have it. */
export interface HeldLock {
  release(): void;
}

/** Thrown by `acquireDatabaseLock` when the lock stayed taken for the whole wait. */
export class LockTimeoutError extends Error {}

/**
 * Takes the exclusive Web Lock of database `name`, waiting up to `timeoutMs` for the context that
 * holds it (another tab's worker) to let go. The lock is released when `release()` is called or
 * when this context ends (a closed tab, a terminated worker, a killed browser).
 */
export function acquireDatabaseLock(name: string, timeoutMs: number): Promise<HeldLock> {
  return new Promise<HeldLock>((resolve, reject) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => {
      release = done;
    });
    navigator.locks
      .request(databaseLockName(name), { mode: 'exclusive', signal: abort.signal }, () => {
        clearTimeout(timer);
        resolve({ release });
        return held;
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(abort.signal.aborted ? new LockTimeoutError(`Another tab kept the database "${name}" for ${timeoutMs} ms`) : error);
      });
  });
}
