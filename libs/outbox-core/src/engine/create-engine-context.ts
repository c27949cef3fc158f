import { CryptoRandom } from '../adapters/crypto-random';
import { SystemClock } from '../adapters/system-clock';
import type { Clock } from '../ports/clock';
import type { Connectivity } from '../ports/connectivity';
import type { Random } from '../ports/random';
import type { OutboxStorage } from '../ports/storage';
import type { Transport } from '../ports/transport';
import { CanonicalIds } from './canonical-ids';
import type { EngineContext } from './engine-context';
import { EventBus } from './event-bus';
import { MutationRegistry } from './mutation-registry';
import type { OutboxOptions } from './outbox-options';
import { FlushLease } from './flush-lease';
import { resolveOptions } from './resolve-options';
import { RetryWaits } from './retry-waits';
import { TempIds } from './temp-ids';

/** The ports a `MutationOutbox` runs on; clock, connectivity and randomness have real defaults. */
export interface OutboxDependencies {
  readonly storage: OutboxStorage;
  readonly transport: Transport;
  readonly clock?: Clock;
  readonly connectivity?: Connectivity;
  readonly random?: Random;
}

/** Validates the options (throwing `ConfigurationError`) and wires the engine's shared parts. */
export function createEngineContext(dependencies: OutboxDependencies, options: OutboxOptions): EngineContext {
  const random = dependencies.random ?? new CryptoRandom();
  const tempIds = new TempIds(options.tempIdPrefix ?? 'tmp_', random);
  const clock = dependencies.clock ?? new SystemClock();
  const resolved = resolveOptions(options, random);
  return {
    storage: dependencies.storage,
    transport: dependencies.transport,
    clock,
    random,
    events: new EventBus(),
    registry: new MutationRegistry(options.mutations),
    tempIds,
    canonical: new CanonicalIds(dependencies.storage, tempIds),
    options: resolved,
    lease: new FlushLease({ storage: dependencies.storage, clock, options: resolved }),
    waits: new RetryWaits(clock),
  };
}
