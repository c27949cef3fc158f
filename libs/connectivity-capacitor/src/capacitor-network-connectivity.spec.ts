// @vitest-environment happy-dom
import { Container } from 'inversify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOKENS } from '@mutation-outbox/core';
import type { Connectivity } from '@mutation-outbox/core';
import { NetworkWeb } from '@capacitor/network/dist/esm/web.js';
import { CapacitorNetworkConnectivity } from './capacitor-network-connectivity';
import type { NetworkStatusSource } from './capacitor-network-connectivity';
import { capacitorNetworkConnectivityModule } from './capacitor-network-connectivity-module';

/** Lets the plugin's promise-based listener registration settle (no wall-clock wait). */
async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

function setNavigatorOnline(online: boolean): void {
  vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(online);
  window.dispatchEvent(new window.Event(online ? 'online' : 'offline'));
}

/** A hand-driven slice of the plugin, recording how many listeners are attached. */
class FakeNetwork implements NetworkStatusSource {
  connected: boolean;
  readonly listeners = new Set<(status: { connected: boolean }) => void>();
  removals = 0;

  constructor(connected: boolean) {
    this.connected = connected;
  }

  async getStatus(): Promise<{ connected: boolean }> {
    return { connected: this.connected };
  }

  async addListener(_event: 'networkStatusChange', cb: (status: { connected: boolean }) => void): Promise<{ remove: () => Promise<void> }> {
    this.listeners.add(cb);
    return {
      remove: async () => {
        this.removals++;
        this.listeners.delete(cb);
      },
    };
  }

  emit(connected: boolean): void {
    this.connected = connected;
    for (const cb of [...this.listeners]) cb({ connected });
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CapacitorNetworkConnectivity over the real @capacitor/network web plugin', () => {
  it('reports navigator.onLine as the current state', async () => {
    const connectivity = new CapacitorNetworkConnectivity(new NetworkWeb());
    vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false);
    expect(await connectivity.isOnline()).toBe(false);
    vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(true);
    expect(await connectivity.isOnline()).toBe(true);
  });

  it('calls listeners on window offline and online events', async () => {
    const connectivity = new CapacitorNetworkConnectivity(new NetworkWeb());
    const seen: boolean[] = [];
    const unsubscribe = connectivity.subscribe((online) => seen.push(online));
    await flush();
    setNavigatorOnline(false);
    setNavigatorOnline(true);
    expect(seen).toEqual([false, true]);
    unsubscribe();
  });

  it('stops calling a listener after unsubscribe', async () => {
    const connectivity = new CapacitorNetworkConnectivity(new NetworkWeb());
    const seen: boolean[] = [];
    const unsubscribe = connectivity.subscribe((online) => seen.push(online));
    await flush();
    setNavigatorOnline(false);
    unsubscribe();
    await flush();
    setNavigatorOnline(true);
    expect(seen).toEqual([false]);
  });
});

describe('CapacitorNetworkConnectivity over a fake plugin slice', () => {
  it('reads the status from getStatus', async () => {
    const network = new FakeNetwork(false);
    expect(await new CapacitorNetworkConnectivity(network).isOnline()).toBe(false);
    network.connected = true;
    expect(await new CapacitorNetworkConnectivity(network).isOnline()).toBe(true);
  });

  it('forwards every change to every subscriber', async () => {
    const network = new FakeNetwork(true);
    const connectivity = new CapacitorNetworkConnectivity(network);
    const a: boolean[] = [];
    const b: boolean[] = [];
    connectivity.subscribe((online) => a.push(online));
    connectivity.subscribe((online) => b.push(online));
    await flush();
    network.emit(false);
    network.emit(true);
    expect(a).toEqual([false, true]);
    expect(b).toEqual([false, true]);
  });

  it('removes the plugin listener on unsubscribe, once, even when called twice', async () => {
    const network = new FakeNetwork(true);
    const connectivity = new CapacitorNetworkConnectivity(network);
    const unsubscribe = connectivity.subscribe(() => undefined);
    await flush();
    expect(network.listeners.size).toBe(1);
    unsubscribe();
    unsubscribe();
    await flush();
    expect(network.listeners.size).toBe(0);
    expect(network.removals).toBe(1);
  });

  it('removes the plugin listener when unsubscribing before registration settled', async () => {
    const network = new FakeNetwork(true);
    const connectivity = new CapacitorNetworkConnectivity(network);
    const seen: boolean[] = [];
    const unsubscribe = connectivity.subscribe((online) => seen.push(online));
    unsubscribe();
    await flush();
    network.emit(false);
    expect(seen).toEqual([]);
    expect(network.listeners.size).toBe(0);
  });

  it('reports a change of connection type without a change of state only once', async () => {
    const network = new FakeNetwork(true);
    const connectivity = new CapacitorNetworkConnectivity(network);
    const seen: boolean[] = [];
    connectivity.subscribe((online) => seen.push(online));
    await flush();
    network.emit(false);
    network.emit(false);
    network.emit(true);
    network.emit(true);
    expect(seen).toEqual([false, true]);
  });

  it('does not let a throwing listener stop the others, and reports its error', async () => {
    const network = new FakeNetwork(true);
    const errors: unknown[] = [];
    const connectivity = new CapacitorNetworkConnectivity(network, { onListenerError: (error) => errors.push(error) });
    const seen: boolean[] = [];
    connectivity.subscribe(() => {
      throw new Error('boom');
    });
    connectivity.subscribe((online) => seen.push(online));
    await flush();
    network.emit(false);
    expect(seen).toEqual([false]);
    expect(errors).toEqual([new Error('boom')]);
  });
});

describe('capacitorNetworkConnectivityModule', () => {
  it('binds TOKENS.Connectivity to a CapacitorNetworkConnectivity over the given plugin', async () => {
    const network = new FakeNetwork(false);
    const container = new Container();
    container.load(capacitorNetworkConnectivityModule({ network }));
    const connectivity = container.get<Connectivity>(TOKENS.Connectivity);
    expect(connectivity).toBeInstanceOf(CapacitorNetworkConnectivity);
    expect(await connectivity.isOnline()).toBe(false);
    expect(container.get(TOKENS.Connectivity)).toBe(connectivity);
  });

  it('defaults to the real Network plugin', async () => {
    const container = new Container();
    container.load(capacitorNetworkConnectivityModule());
    const connectivity = container.get<Connectivity>(TOKENS.Connectivity);
    vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(true);
    expect(await connectivity.isOnline()).toBe(true);
  });
});
