import type { Connectivity } from '@mutation-outbox/core';

/** Connectivity a test switches by hand; listeners fire synchronously on every change. */
export class ManualConnectivity implements Connectivity {
  private online: boolean;
  private readonly listeners = new Set<(online: boolean) => void>();

  constructor(initiallyOnline = true) {
    this.online = initiallyOnline;
  }

  async isOnline(): Promise<boolean> {
    return this.online;
  }

  subscribe(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sets the state and notifies listeners when it changed. */
  set(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    for (const listener of [...this.listeners]) listener(online);
  }

  goOnline(): void {
    this.set(true);
  }

  goOffline(): void {
    this.set(false);
  }

  /** Number of subscribed listeners (to check that `stop()` unsubscribes). */
  listenerCount(): number {
    return this.listeners.size;
  }
}
