/**
 * @mutation-outbox/chaos: the kill -9 / faulty-server soak of the outbox (`npm run chaos`), with
 * end-to-end checks of its promises. See README.md.
 */
export { runChaos } from './orchestrator';
export type { ChaosResult } from './orchestrator';
export { DEFAULT_OPTIONS, parseChaosArgs, USAGE } from './options';
export type { ChaosOptions } from './options';
export { checkRun, VIOLATION_KINDS } from './checks';
export type { CheckReport, Violation, ViolationKind } from './checks';
export { expectedServerState } from './expected-state';
export { planMutations } from './plan';
export type { PlanItem, PlanType, ContactFields, ActivityFields } from './plan';
export { chaosSchedule } from './schedule';
export type { ChaosSchedule, PlannedKill, PlannedFlap, KillTarget } from './schedule';
export { formatSummary, summaryJson } from './summary';
export type { ChaosJson } from './summary';
export type { RunStats } from './run-stats';
export type { AddressBy, WorkerConfig, WorkerEvent, ParentCommand } from './protocol';
export type {
  ActivityState,
  AppliedRecord,
  CommittedRecord,
  ContactState,
  EntityState,
  LocalState,
  Ordering,
  OutboxRecord,
  RunEvidence,
} from './evidence';
