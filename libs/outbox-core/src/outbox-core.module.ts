import { ContainerModule } from 'inversify';
import { CryptoRandom } from './adapters/crypto-random';
import { StaticConnectivity } from './adapters/static-connectivity';
import { SystemClock } from './adapters/system-clock';
import type { Clock } from './ports/clock';
import type { Connectivity } from './ports/connectivity';
import type { Random } from './ports/random';
import type { OutboxStorage } from './ports/storage';
import type { Transport } from './ports/transport';
import { MutationOutbox } from './engine/outbox';
import type { OutboxOptions } from './engine/outbox-options';
import { TOKENS } from './tokens';

/** Which default ports the core module binds; turn one off when another module binds that token. */
export interface CoreModuleDefaults {
  /** Bind `SystemClock` to `TOKENS.Clock`. Default true. */
  readonly clock?: boolean;
  /** Bind `CryptoRandom` to `TOKENS.Random`. Default true. */
  readonly random?: boolean;
  /** Bind an always-online connectivity to `TOKENS.Connectivity`. Default false (load a connectivity module). */
  readonly connectivity?: boolean;
}

/**
 * The core's Inversify module: binds `TOKENS.MutationOutbox` (a singleton built from the Storage,
 * Transport, Clock, Connectivity and Random tokens) and the default clock and randomness. Load it
 * together with one storage, one transport and one connectivity module.
 */
export function outboxCoreModule(options: OutboxOptions, defaults: CoreModuleDefaults = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.OutboxOptions).toConstantValue(options);
    if (defaults.clock ?? true) bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
    if (defaults.random ?? true) bind<Random>(TOKENS.Random).toConstantValue(new CryptoRandom());
    if (defaults.connectivity ?? false) bind<Connectivity>(TOKENS.Connectivity).toConstantValue(new StaticConnectivity(true));
    bind<MutationOutbox>(TOKENS.MutationOutbox)
      .toResolvedValue(
        (storage: OutboxStorage, transport: Transport, clock: Clock, connectivity: Connectivity, random: Random, outboxOptions: OutboxOptions) =>
          new MutationOutbox({ storage, transport, clock, connectivity, random }, outboxOptions),
        [TOKENS.Storage, TOKENS.Transport, TOKENS.Clock, TOKENS.Connectivity, TOKENS.Random, TOKENS.OutboxOptions],
      )
      .inSingletonScope();
  });
}
