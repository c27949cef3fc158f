import type { Connectivity } from '@mutation-outbox/core';

/** A connectivity the chaos parent switches on and off; listeners hear every change. */
export class ToggleConnectivity implements Connectivity {
  private readonly listeners = new Set<(online: boolean) => void>();

  constructor(private online: boolean) {}

  /** Whether the simulated device is online now. */
  get current(): boolean {
    return this.online;
  }

  async isOnline(): Promise<boolean> {
    return this.online;
  }

  subscribe(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets the state; listeners are called only when it changes. */
  set(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    for (const listener of [...this.listeners]) listener(online);
  }
}
