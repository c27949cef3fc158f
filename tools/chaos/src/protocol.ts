import type { CommittedRecord, Ordering } from './evidence';

/** Environment variable carrying the worker's JSON configuration. */
export const WORKER_CONFIG_ENV = 'CHAOS_WORKER_CONFIG';
/** Environment variable carrying the database key (64 hex digits), as an app gets it from secure storage. */
export const WORKER_KEY_ENV = 'CHAOS_DB_KEY';

/** What a worker process needs to know; the same for every restart of a run except `online`. */
export interface WorkerConfig {
  readonly dbPath: string;
  readonly serverUrl: string;
  readonly seed: number;
  readonly mutations: number;
  readonly ordering: Ordering;
  readonly backoff: { readonly baseMs: number; readonly capMs: number; readonly maxAttempts: number };
  /** Entries per request (`POST /batch` when above 1). */
  readonly batchSize: number;
  readonly requestTimeoutMs: number;
  /** Connectivity when the worker starts. */
  readonly online: boolean;
  /** Flush lease owner; null lets the outbox pick a random one per process (its default). */
  readonly ownerId: string | null;
  /** How the app addresses a contact once its create succeeded (see `AddressBy`). */
  readonly addressBy: AddressBy;
  /** Self-test: break the transport on purpose (`SabotagedTransport`); the run must then fail. */
  readonly sabotage: boolean;
}

/**
 * How the app addresses a contact after its create succeeded. `current-id` (what `onIdMapped`
 * suggests): by the id its row holds now, i.e. the temporary id until the create succeeded and
 * the server id from then on; `partitionKey` is left to its default (the entity id), and an
 * activity is keyed by the contact id it carries. `temp-id`: by its temporary id for good, in
 * `entityId`, `partitionKey` and an activity's `contactId` (the outbox sends the server id).
 */
export type AddressBy = 'current-id' | 'temp-id';

/** Why an attempt's entry goes back to the queue, as counted in the summary (`HTTP 503`, `NETWORK_ERROR`, `OFFLINE`...). */
export type RetryCause = string;

/** A message from the worker to the parent. Each is sent only after what it reports happened. */
export type WorkerEvent =
  | { readonly t: 'ready'; readonly recovered: readonly CommittedRecord[] }
  | { readonly t: 'enqueue-start'; readonly index: number }
  | { readonly t: 'ack'; readonly index: number; readonly entryId: string; readonly key: string }
  | { readonly t: 'attempt'; readonly entryId: string; readonly attempt: number }
  | { readonly t: 'settled'; readonly entryId: string; readonly outcome: 'succeeded' | 'rolled_back' | 'failed'; readonly code?: string }
  | { readonly t: 'retry'; readonly entryId: string; readonly cause: RetryCause }
  | { readonly t: 'manual-retry'; readonly entryId: string }
  | { readonly t: 'drained' }
  | { readonly t: 'log'; readonly message: string };

/** A message from the parent to the worker. */
export type ParentCommand = { readonly t: 'online'; readonly online: boolean } | { readonly t: 'close' };
