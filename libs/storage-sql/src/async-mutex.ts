/** Runs async sections one at a time, in call order (a failed section does not block the next). */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every earlier section settled; settles with `work`'s outcome. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
