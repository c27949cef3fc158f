import type { OutboxStorage } from '../ports/storage';
import type { Transport } from '../ports/transport';
import type { Clock } from '../ports/clock';
import type { Random } from '../ports/random';
import type { ConflictResolver } from '../ports/conflict-resolver';
import type { EventBus } from './event-bus';
import type { MutationRegistry } from './mutation-registry';
import type { TempIds } from './temp-ids';
import type { CanonicalIds } from './canonical-ids';
import type { FlushLease } from './flush-lease';
import type { RetryWaits } from './retry-waits';
import type { BackoffOptions, IdMappedHook, LimitOptions, SuccessCommitOptions } from './outbox-options';

/** The options of an outbox with every default filled in. */
export interface ResolvedOptions {
  readonly ordering: 'global' | 'partition';
  readonly backoff: BackoffOptions;
  readonly limits: LimitOptions;
  readonly conflictResolver: ConflictResolver;
  readonly maxConflictRetries: number;
  readonly batchSize: number;
  readonly successCommit: SuccessCommitOptions;
  readonly onIdMapped?: IdMappedHook;
  /** This instance's name in the flush lease. */
  readonly ownerId: string;
  /** How long the flush lease lasts unless renewed; the heartbeat renews it every third of that. */
  readonly leaseTtlMs: number;
}

/** What the engine's parts share: the ports, the registry, the event bus and the options. */
export interface EngineContext {
  readonly storage: OutboxStorage;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly random: Random;
  readonly events: EventBus;
  readonly registry: MutationRegistry;
  readonly tempIds: TempIds;
  /** Temporary ids resolved to server ids, for comparing entities. */
  readonly canonical: CanonicalIds;
  readonly options: ResolvedOptions;
  /** The flush lease this instance takes to deliver, retry or discard. */
  readonly lease: FlushLease;
  /** Scheduled waits on the monotonic clock. */
  readonly waits: RetryWaits;
}
