/**
 * Whether the device can reach the network. MUST: `subscribe` listeners are called on every
 * change with the new state; the returned function unsubscribes and is idempotent.
 */
export interface Connectivity {
  /** The current state. */
  isOnline(): Promise<boolean>;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
}
