export type { JsonValue, JsonObject } from './model/json';
export { isJsonObject, asJsonObject } from './model/json';
export { payloadJsonOf } from './model/payload-json';
export type { Mutation } from './model/mutation';
export type { EntryStatus, EntryError, OutboxEntry, NewOutboxEntry, EntryPatch } from './model/entry';
export { ACTIVE_STATUSES, serverMayHaveApplied } from './model/entry';
export type {
  OkOutcome,
  RetryOutcome,
  AuthOutcome,
  ConflictOutcome,
  RejectOutcome,
  TransportOutcome,
  FlushResult,
  MutationResult,
  NotAttemptedReason,
} from './model/results';
export {
  OutboxError,
  InvalidMutationError,
  UnknownMutationTypeError,
  PayloadTooLargeError,
  OutboxFullError,
  EntryNotFoundError,
  InvalidEntryStateError,
  StorageError,
  StorageClosedError,
  StorageMissingError,
  StorageLockedError,
  StorageCorruptError,
  StorageForeignFileError,
  EncryptionKeyError,
  ConfigurationError,
  RollbackMayDivergeError,
  TransactionInProgressError,
} from './model/errors';
export type { OutboxErrorCode, ForeignFileReason } from './model/errors';
export type { OutboxStatus, OutboxEventMap, OutboxEventName, OutboxListener, RollbackReason } from './model/events';
export type { MutationDefinition, RollbackContext, SuccessContext } from './model/mutation-definition';
export type {
  OutboxStorage,
  StorageTransaction,
  WriteOptions,
  OutboxLimits,
  OutboxCounts,
  EntryQuery,
  EntryPage,
  StorageCapabilities,
} from './ports/storage';
export type { SendOptions, Transport } from './ports/transport';
export type { Clock, TimerHandle } from './ports/clock';
export { MAX_TIMER_DELAY_MS } from './ports/clock';
export type { Connectivity } from './ports/connectivity';
export type { Random } from './ports/random';
export type { ConflictResolver, ConflictContext, ConflictResolution } from './ports/conflict-resolver';
export type { OutboxOptions, BackoffOptions, LimitOptions, SuccessCommitOptions, IdMappedHook } from './engine/outbox-options';
export { SystemClock } from './adapters/system-clock';
export { CryptoRandom } from './adapters/crypto-random';
export { StaticConnectivity } from './adapters/static-connectivity';
export { TOKENS } from './tokens';
export { MutationOutbox } from './engine/outbox';
export type { EntryFilter } from './engine/outbox';
export type { OutboxDependencies } from './engine/create-engine-context';
export { outboxCoreModule } from './outbox-core.module';
export type { CoreModuleDefaults } from './outbox-core.module';
export { serverWins, clientWins, fieldMerge } from './engine/conflict-resolvers';
export { backoffDelay, DEFAULT_BACKOFF } from './engine/backoff';
export { DEFAULT_LIMITS } from './engine/resolve-options';
export { RollbackFailedError } from './model/errors';
export { AsyncMutex } from './engine/async-mutex';
