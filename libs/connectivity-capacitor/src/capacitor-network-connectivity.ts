import { Network } from '@capacitor/network';
import type { Connectivity } from '@mutation-outbox/core';

/** The part of a connection status this adapter reads. */
export interface NetworkStatusLike {
  readonly connected: boolean;
}

/** A registered plugin listener; `remove` detaches it. */
export interface NetworkListenerHandle {
  remove(): Promise<void>;
}

/**
 * The slice of `@capacitor/network`'s `Network` plugin this adapter calls. The real plugin
 * satisfies it; tests may pass their own.
 */
export interface NetworkStatusSource {
  getStatus(): Promise<NetworkStatusLike>;
  addListener(eventName: 'networkStatusChange', listener: (status: NetworkStatusLike) => void): Promise<NetworkListenerHandle>;
}

/** Options of `CapacitorNetworkConnectivity`. */
export interface CapacitorNetworkConnectivityOptions {
  /** Receives errors thrown by subscribers (default: `console.error`); the other subscribers still run. */
  readonly onListenerError?: (error: unknown) => void;
}

/**
 * `Connectivity` from Capacitor's Network plugin (native reachability on iOS/Android, the window
 * `online`/`offline` events on the web). Promises: `isOnline` reflects the plugin's current status;
 * a subscriber is called once per change of the online state (a change of connection type alone,
 * e.g. wifi → cellular, is not reported); unsubscribing is idempotent, stops delivery at once and
 * detaches the plugin listener, even when called before the plugin finished registering it.
 */
export class CapacitorNetworkConnectivity implements Connectivity {
  private readonly onListenerError: (error: unknown) => void;

  constructor(
    private readonly network: NetworkStatusSource = Network,
    options: CapacitorNetworkConnectivityOptions = {},
  ) {
    this.onListenerError = options.onListenerError ?? ((error) => console.error('Connectivity listener failed', error));
  }

  async isOnline(): Promise<boolean> {
    const status = await this.network.getStatus();
    return status.connected;
  }

  subscribe(listener: (online: boolean) => void): () => void {
    let active = true;
    let last: boolean | undefined;
    const registration = this.network.addListener('networkStatusChange', (status) => {
      if (!active || status.connected === last) return;
      last = status.connected;
      try {
        listener(status.connected);
      } catch (error) {
        this.onListenerError(error);
      }
    });
    // A registration failure must not surface as an unhandled rejection; the listener just never fires.
    registration.catch((error: unknown) => this.onListenerError(error));
    return () => {
      if (!active) return;
      active = false;
      registration.then((handle) => handle.remove()).catch((error: unknown) => this.onListenerError(error));
    };
  }
}
