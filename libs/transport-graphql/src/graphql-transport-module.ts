import { ContainerModule } from 'inversify';
import { TOKENS } from '@mutation-outbox/core';
import type { Clock, Transport } from '@mutation-outbox/core';
import { GraphqlTransport } from './graphql-transport';
import type { GraphqlTransportOptions } from './graphql-transport';

/**
 * Binds `TOKENS.Transport` to one `GraphqlTransport` (singleton). Its `Retry-After` clock is
 * `options.clock`, else the container's `TOKENS.Clock` when bound, else the system time.
 */
export function graphqlTransportModule(options: GraphqlTransportOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Transport>(TOKENS.Transport)
      .toResolvedValue(
        (clock: Clock | undefined) => {
          const chosen = options.clock ?? clock;
          return new GraphqlTransport({ ...options, ...(chosen ? { clock: chosen } : {}) });
        },
        [{ serviceIdentifier: TOKENS.Clock, optional: true }],
      )
      .inSingletonScope();
  });
}
