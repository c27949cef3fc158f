import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offline } from '@redux-offline/redux-offline';
import type { Config, OfflineAction, OfflineState } from '@redux-offline/redux-offline/lib/types';
import ky from 'ky';
import { legacy_createStore } from 'redux';
import type { Store, StoreEnhancer } from 'redux';
import { DurableFileStorage } from '../durable-file-storage';
import { contactPayload, entityIdOf } from '../fixtures-data';
import type { DrainableQueue } from '../queue-under-test';

/** redux-persist's key prefix (its default). */
export const KEY_PREFIX = 'reduxPersist:';
/** The storage key redux-persist writes the outbox under. */
export const OFFLINE_KEY = `${KEY_PREFIX}offline`;

interface AppState {
  readonly contacts: { readonly saved: number };
  readonly offline?: OfflineState;
}

/** The n-th bench mutation as a redux-offline action (optimistic part: a counter; effect: the PATCH). */
function benchAction(baseUrl: string, n: number, marker: string): OfflineAction {
  const payload = contactPayload(n);
  return {
    type: 'CONTACT_UPDATE',
    payload: { id: entityIdOf(n), ...payload },
    meta: {
      offline: {
        effect: { url: `${baseUrl}/contacts/${entityIdOf(n)}`, method: 'PATCH', json: payload, headers: { 'Idempotency-Key': marker, 'If-Match': '"1"' } },
        commit: { type: 'CONTACT_UPDATE_COMMIT', meta: { completed: true, success: true } },
        rollback: { type: 'CONTACT_UPDATE_ROLLBACK', meta: { completed: true, success: false } },
      },
    },
  };
}

function contacts(state: AppState['contacts'] = { saved: 0 }, action: { type: string }): AppState['contacts'] {
  return action.type === 'CONTACT_UPDATE' ? { saved: state.saved + 1 } : state;
}

/** A redux-offline store wired as in the bench, and its controls. */
export interface ReduxOfflineApp {
  readonly store: Store;
  /** Resolves once redux-persist restored what the storage held. */
  readonly ready: Promise<void>;
  /** Plays the network detector: online starts sending, offline stops before the next action. */
  setOnline(online: boolean): void;
  /** Calls `listener` after each successful effect, before its commit is dispatched. */
  onDelivered(listener: (() => void) | null): void;
}

/**
 * @redux-offline/redux-offline 2.6 as its README sets it up (its default redux-persist 4
 * persistence with auto-rehydrate, default retry/discard, the whole store persisted), with two
 * platform choices for Node: `persistOptions.storage` is a `DurableFileStorage` (fsync per
 * write), and `effect` sends with ky (the HTTP client of every variant). redux-persist writes the
 * whole `offline` key (the outbox) on every change.
 */
export function createReduxOfflineApp(storage: DurableFileStorage, preloaded?: unknown): ReduxOfflineApp {
  const http = ky.create({ retry: 0, timeout: false });
  let setOnline: (online: boolean) => void = () => undefined;
  let rehydrated: () => void = () => undefined;
  let delivered: (() => void) | null = null;
  const ready = new Promise<void>((resolve) => (rehydrated = resolve));
  const config: Partial<Config> = {
    persistOptions: { storage, keyPrefix: KEY_PREFIX },
    persistCallback: () => rehydrated(),
    detectNetwork: (callback) => {
      setOnline = (online) => callback({ online } as unknown as boolean);
    },
    effect: async (effect: { url: string; method: string; json: unknown; headers: Record<string, string> }) => {
      const answer: unknown = await http(effect.url, { method: effect.method, json: effect.json, headers: effect.headers }).json();
      delivered?.();
      return answer;
    },
  };
  const enhancer = offline(config) as unknown as StoreEnhancer;
  const store = legacy_createStore(contacts as never, preloaded as never, enhancer);
  return { store, ready, setOnline: (online) => setOnline(online), onDelivered: (listener) => (delivered = listener) };
}

/** The redux-offline queue under test, prefilled through `preloadedState` (the outbox an app would rehydrate). */
export async function createReduxOfflineQueue(baseUrl: string, depth: number, keepDir?: string): Promise<DrainableQueue> {
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'redux-offline-bench-'));
  const storage = new DurableFileStorage(dir);
  const markers = Array.from({ length: depth }, () => randomUUID());
  const outbox = markers.map((marker, n) => {
    const action = benchAction(baseUrl, n, marker);
    return { ...action, meta: { ...action.meta, transaction: n + 1 } };
  });
  const preloaded = {
    contacts: { saved: depth },
    offline: { busy: false, lastTransaction: depth, online: false, outbox, retryCount: 0, retryScheduled: false, netInfo: { isConnectionExpensive: null, reach: 'NONE' } },
  };
  const { store, ready, setOnline, onDelivered } = createReduxOfflineApp(storage, preloaded);
  await ready;
  // The first persisted state holds the whole prefilled outbox, as after an app restart.
  const first = storage.whenWritten((key) => key === OFFLINE_KEY);
  setOnline(false);
  await first;
  await storage.idle();
  const enqueueOne = (n: number) => {
    const marker = randomUUID();
    const written = storage.whenWritten((key, value) => key === OFFLINE_KEY && value.lastIndexOf(marker) >= 0);
    store.dispatch(benchAction(baseUrl, n, marker) as never);
    return written;
  };
  return {
    enqueue: enqueueOne,
    async enqueueConcurrent(ns) {
      await Promise.all(ns.map(enqueueOne));
    },
    async trim() {
      // redux-offline can only dequeue from the head: what was added stays (a few entries per round).
      await storage.settle();
    },
    async drain(count) {
      const last = markers[count - 1];
      if (last === undefined) throw new Error(`redux-offline drain of ${count} from a queue of ${depth}`);
      // Done when the persisted outbox no longer holds the count-th entry. Sending stops right
      // after it: redux-offline does not wait for its writes, which would otherwise pile up.
      const drained = storage.whenWritten((key, value) => key === OFFLINE_KEY && value.indexOf(last) < 0);
      let sent = 0;
      onDelivered(() => {
        if (++sent === count) setOnline(false);
      });
      setOnline(true);
      await drained;
      onDelivered(null);
    },
    async close() {
      setOnline(false);
      await storage.settle();
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
