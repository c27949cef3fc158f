/** Dependency-injection tokens, one per port; adapters bind these, the core resolves them. */
export const TOKENS = {
  Storage: Symbol.for('@mutation-outbox/core/Storage'),
  Transport: Symbol.for('@mutation-outbox/core/Transport'),
  Clock: Symbol.for('@mutation-outbox/core/Clock'),
  Connectivity: Symbol.for('@mutation-outbox/core/Connectivity'),
  Random: Symbol.for('@mutation-outbox/core/Random'),
  OutboxOptions: Symbol.for('@mutation-outbox/core/OutboxOptions'),
  MutationOutbox: Symbol.for('@mutation-outbox/core/MutationOutbox'),
} as const;
