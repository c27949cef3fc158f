/**
 * Runs an async task at most once at a time: a request while it runs queues exactly one more run
 * (however many requests arrive), so a burst of events costs at most two loads. @internal
 */
export class RefreshQueue {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  /** @param task must not reject: it reports its own failures. */
  constructor(private readonly task: () => Promise<void>) {}

  /** Resolves once a run that started after this call has finished. */
  request(): Promise<void> {
    const running = this.running;
    if (!running) return this.start();
    this.queued ??= running.then(() => {
      this.queued = null;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<void> {
    const run = this.task().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}
