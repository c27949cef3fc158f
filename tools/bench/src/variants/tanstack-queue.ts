import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import { MutationObserver, QueryClient, onlineManager } from '@tanstack/query-core';
import { persistQueryClientSave, persistQueryClientSubscribe } from '@tanstack/query-persist-client-core';
import type { Persister } from '@tanstack/query-persist-client-core';
import ky from 'ky';
import { DurableFileStorage } from '../durable-file-storage';
import { contactPayload, entityIdOf } from '../fixtures-data';
import type { DrainableQueue } from '../queue-under-test';

/** The persister's storage key (its default). */
export const STORAGE_KEY = 'REACT_QUERY_OFFLINE_CACHE';
const MUTATION_KEY = ['contact.update'];

interface Variables {
  readonly id: string;
  readonly key: string;
  readonly payload: ReturnType<typeof contactPayload>;
}

/** A TanStack query client wired as in the bench, and its persister. */
export interface TanstackApp {
  readonly client: QueryClient;
  readonly persister: Persister;
}

/**
 * @tanstack/query-core 5 paused mutations as its offline docs set them up: `setMutationDefaults`
 * with the `mutationFn` (so restored mutations can resume), one `scope` so they run in order,
 * `gcTime` of a day, and the client persisted with query-persist-client-core +
 * query-async-storage-persister (`throttleTime: 0`, so every change is persisted: the default
 * 1 s throttle could lose the last second of writes) to a `DurableFileStorage` (fsync per write).
 * Offline (`onlineManager.setOnline(false)`) mutations pause; online, the mounted client resumes them.
 */
export function createTanstackApp(storage: DurableFileStorage, baseUrl: string): TanstackApp {
  const http = ky.create({ retry: 0, timeout: false });
  const client = new QueryClient({ defaultOptions: { queries: { gcTime: 86_400_000 }, mutations: { gcTime: 86_400_000 } } });
  client.setMutationDefaults(MUTATION_KEY, {
    mutationFn: (variables: Variables) =>
      http(`${baseUrl}/contacts/${variables.id}`, { method: 'PATCH', json: variables.payload, headers: { 'Idempotency-Key': variables.key, 'If-Match': '"1"' } }).json(),
    scope: { id: 'outbox' },
  });
  client.mount();
  return { client, persister: createAsyncStoragePersister({ storage, key: STORAGE_KEY, throttleTime: 0 }) };
}

/** The TanStack queue under test, prefilled by mutating offline, then saving once. */
export async function createTanstackQueue(baseUrl: string, depth: number, keepDir?: string): Promise<DrainableQueue> {
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'tanstack-bench-'));
  const storage = new DurableFileStorage(dir);
  onlineManager.setOnline(false);
  const { client, persister } = createTanstackApp(storage, baseUrl);
  const mutate = (n: number, key: string): Promise<unknown> => {
    const observer = new MutationObserver<unknown, Error, Variables>(client, { mutationKey: MUTATION_KEY });
    return observer.mutate({ id: entityIdOf(n), key, payload: contactPayload(n) }).catch(() => undefined);
  };
  const markers = Array.from({ length: depth }, () => randomUUID());
  const delivered = markers.map((marker, n) => mutate(n, marker));
  await new Promise((resolve) => setTimeout(resolve, 0));
  await persistQueryClientSave({ queryClient: client, persister });
  await storage.idle();
  const unsubscribe = persistQueryClientSubscribe({ queryClient: client, persister });
  const added: string[] = [];
  const enqueueOne = (n: number): Promise<void> => {
    const marker = randomUUID();
    added.push(marker);
    const written = storage.whenWritten((key, value) => key === STORAGE_KEY && value.lastIndexOf(marker) >= 0);
    void mutate(n, marker);
    return written;
  };
  return {
    enqueue: enqueueOne,
    async enqueueConcurrent(ns) {
      await Promise.all(ns.map(enqueueOne));
    },
    async trim() {
      const remove = new Set(added.splice(0));
      for (const mutation of client.getMutationCache().getAll()) {
        if (remove.has((mutation.state.variables as Variables | undefined)?.key ?? '')) client.getMutationCache().remove(mutation);
      }
      await storage.settle();
    },
    async drain(count) {
      const last = delivered[count - 1];
      if (last === undefined) throw new Error(`tanstack drain of ${count} from a queue of ${depth}`);
      onlineManager.setOnline(true);
      await last;
      // Durable once a write after the count-th success completed (settled mutations are not persisted).
      await storage.whenWritten((key) => key === STORAGE_KEY);
      onlineManager.setOnline(false);
    },
    async close() {
      onlineManager.setOnline(false);
      unsubscribe();
      client.unmount();
      await storage.idle();
      client.clear();
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
