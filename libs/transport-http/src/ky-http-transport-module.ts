import { ContainerModule } from 'inversify';
import { TOKENS } from '@mutation-outbox/core';
import type { Clock, Transport } from '@mutation-outbox/core';
import { KyHttpTransport } from './ky-http-transport';
import type { KyHttpTransportOptions } from './ky-http-transport';

/**
 * Binds `TOKENS.Transport` to one `KyHttpTransport` (singleton). Its `Retry-After` clock is
 * `options.clock`, else the container's `TOKENS.Clock` when bound, else the system time.
 */
export function kyHttpTransportModule(options: KyHttpTransportOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Transport>(TOKENS.Transport)
      .toResolvedValue(
        (clock: Clock | undefined) => {
          const chosen = options.clock ?? clock;
          return new KyHttpTransport({ ...options, ...(chosen ? { clock: chosen } : {}) });
        },
        [{ serviceIdentifier: TOKENS.Clock, optional: true }],
      )
      .inSingletonScope();
  });
}
