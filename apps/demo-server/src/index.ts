/**
 * @mutation-outbox/demo-server: the reference backend of docs/demo-protocol.md (REST, batch,
 * GraphQL, exactly-once idempotency, versions, fault injection) over node:http and SQLite.
 */
export { startDemoServer } from './demo-server';
export type { DemoServer, DemoServerOptions } from './demo-server';
export { DEFAULT_FAULTS, FaultInjector } from './faults';
export type { DropPhase, FailureStatus, FaultConfig, FaultDecision } from './faults';
export type { Activity, AppliedLog, AppliedLogEntry, Contact, OperationName, ServerState, WriteChannel } from './model';
export { SCHEMA_SDL } from './graphql-schema';
export { parseCliArgs } from './cli-args';
export type { CliCommand } from './cli-args';
