import { ContainerModule } from 'inversify';
import { TOKENS } from '@mutation-outbox/core';
import type { Connectivity } from '@mutation-outbox/core';
import { CapacitorNetworkConnectivity } from './capacitor-network-connectivity';
import type { CapacitorNetworkConnectivityOptions, NetworkStatusSource } from './capacitor-network-connectivity';

/** Options of `capacitorNetworkConnectivityModule`. */
export interface CapacitorNetworkConnectivityModuleOptions extends CapacitorNetworkConnectivityOptions {
  /** The plugin (slice) to read; default the real `Network` from `@capacitor/network`. */
  readonly network?: NetworkStatusSource;
}

/**
 * The Inversify module binding `TOKENS.Connectivity` to one `CapacitorNetworkConnectivity`
 * (a singleton per container).
 */
export function capacitorNetworkConnectivityModule(options: CapacitorNetworkConnectivityModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const { network, ...rest } = options;
    bind<Connectivity>(TOKENS.Connectivity)
      .toResolvedValue(() => new CapacitorNetworkConnectivity(network, rest))
      .inSingletonScope();
  });
}
