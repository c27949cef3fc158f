import type { Connectivity } from '../ports/connectivity';

/** A connectivity that never changes: for servers, workers and tools that are always online. */
export class StaticConnectivity implements Connectivity {
  constructor(private readonly online = true) {}

  async isOnline(): Promise<boolean> {
    return this.online;
  }

  subscribe(): () => void {
    return () => undefined;
  }
}
