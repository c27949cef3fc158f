/**
 * Thrown by every hook of this package when it is called outside an `<OutboxProvider>`: the
 * component tree has no outbox to talk to. `code` is stable; `hook` names the hook that was called.
 */
export class MissingOutboxProviderError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'OUTBOX_PROVIDER_MISSING';

  constructor(readonly hook: string) {
    super(`${hook}() was called outside <OutboxProvider>: wrap the app (or this component) in <OutboxProvider outbox={...}>`);
    this.name = 'MissingOutboxProviderError';
  }
}
