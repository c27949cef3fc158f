/** Stable machine-readable codes of every error the library throws. */
export type OutboxErrorCode =
  | 'INVALID_MUTATION'
  | 'UNKNOWN_MUTATION_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'OUTBOX_FULL'
  | 'ENTRY_NOT_FOUND'
  | 'INVALID_STATE'
  | 'STORAGE_LOCKED'
  | 'STORAGE_CLOSED'
  | 'STORAGE_FAILURE'
  | 'STORAGE_CORRUPT'
  | 'STORAGE_FOREIGN_FILE'
  | 'STORAGE_MISSING'
  | 'ENCRYPTION_KEY_INVALID'
  | 'CONFIGURATION_INVALID'
  | 'ROLLBACK_FAILED'
  | 'ROLLBACK_MAY_DIVERGE'
  | 'TRANSACTION_IN_PROGRESS';

/** Base class of every error the library throws; `code` is stable, `message` is for humans. */
export class OutboxError extends Error {
  readonly code: OutboxErrorCode;

  constructor(code: OutboxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The mutation is malformed (empty entity id, non-JSON payload, bad field). Nothing was written. */
export class InvalidMutationError extends OutboxError {
  /** The offending field, e.g. `payload.when` or `entityId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super('INVALID_MUTATION', `Invalid mutation: ${field}: ${message}`);
    this.field = field;
  }
}

/** The mutation's type was never registered with the outbox. Nothing was written. */
export class UnknownMutationTypeError extends OutboxError {
  constructor(readonly mutationType: string) {
    super('UNKNOWN_MUTATION_TYPE', `Unknown mutation type "${mutationType}": register it in the outbox options first`);
  }
}

/** The serialized mutation exceeds `maxEntryBytes`. Nothing was written. */
export class PayloadTooLargeError extends OutboxError {
  constructor(readonly sizeBytes: number, readonly limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `Mutation is ${sizeBytes} bytes, over the ${limitBytes}-byte limit per entry`);
  }
}

/** The outbox holds `maxEntries` entries or `maxBytes` bytes already; the enqueue wrote nothing. */
export class OutboxFullError extends OutboxError {
  constructor(readonly limit: 'entries' | 'bytes', readonly current: number, readonly max: number) {
    super('OUTBOX_FULL', `Outbox is full: ${current} ${limit} of at most ${max}; nothing was written`);
  }
}

/** No entry has the given id. */
export class EntryNotFoundError extends OutboxError {
  constructor(readonly entryId: string) {
    super('ENTRY_NOT_FOUND', `No outbox entry with id "${entryId}"`);
  }
}

/** The operation does not apply to the entry in its current status (e.g. retrying a succeeded entry). */
export class InvalidEntryStateError extends OutboxError {
  constructor(entryId: string, status: string, operation: string) {
    super('INVALID_STATE', `Cannot ${operation} entry "${entryId}": it is ${status}`);
  }
}

/**
 * `rollbackEntry` refused: the server may already have applied the entry's write (it accepted it
 * but applying the answer locally failed, or the answer was lost on the way), so undoing it on the
 * device would leave the device and the server disagreeing. Retry the entry instead, or pass
 * `{ acceptDivergence: true }` to undo it locally anyway.
 */
export class RollbackMayDivergeError extends OutboxError {
  constructor(
    readonly entryId: string,
    readonly reason: string,
  ) {
    super('ROLLBACK_MAY_DIVERGE', `Refusing to roll back entry "${entryId}": ${reason}. Retry it, or pass { acceptDivergence: true } to undo it on the device anyway`);
  }
}

/**
 * `enqueue` was called without `{ tx }` while `outbox.transaction()` is running: it would wait for
 * that transaction to end, and if called from inside it, forever. Inside the transaction pass
 * `{ tx }`; elsewhere, await the transaction first.
 */
export class TransactionInProgressError extends OutboxError {
  constructor() {
    super(
      'TRANSACTION_IN_PROGRESS',
      'enqueue() was called without { tx } while outbox.transaction() is running: inside the transaction pass enqueue(mutation, { tx }); outside it, await the transaction first',
    );
  }
}

/** The storage failed (I/O error, disk full, driver fault). The operation wrote nothing. */
export class StorageError extends OutboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORAGE_FAILURE', message, options);
  }
}

/** The storage was used before `open()` or after `close()`. */
export class StorageClosedError extends OutboxError {
  constructor() {
    super('STORAGE_CLOSED', 'The outbox storage is not open');
  }
}

/** Another process or instance holds the database or the flush lease. */
export class StorageLockedError extends OutboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORAGE_LOCKED', message, options);
  }
}

/** The database file is damaged or is not a database; it was left untouched. */
export class StorageCorruptError extends OutboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORAGE_CORRUPT', message, options);
  }
}

/**
 * Why a file is refused as foreign: `plaintext-database` (an unencrypted SQLite database, e.g.
 * someone else's file at the outbox's path) or `not-encrypted-data` (the first page is not the
 * random-looking bytes every SQLCipher page is, e.g. a text file).
 */
export type ForeignFileReason = 'plaintext-database' | 'not-encrypted-data';

/**
 * The file at the database path is not a SQLCipher database at all (so no key can open it); it was
 * left untouched. Do not treat it as a wrong passphrase, and do not delete it without asking.
 */
export class StorageForeignFileError extends OutboxError {
  constructor(readonly reason: ForeignFileReason, message: string, options?: { cause?: unknown }) {
    super('STORAGE_FOREIGN_FILE', message, options);
  }
}

/**
 * The database is gone although it had been created and used before (a marker kept outside the
 * database file says so): the storage refuses to start empty, which would silently drop every
 * queued entry. Nothing was created.
 */
export class StorageMissingError extends OutboxError {
  constructor(message: string) {
    super('STORAGE_MISSING', message);
  }
}

/** The encryption key does not open the database; the file was left untouched. */
export class EncryptionKeyError extends OutboxError {
  constructor(message = 'The encryption key does not open this database (wrong key, or the file is not encrypted with SQLCipher)', options?: { cause?: unknown }) {
    super('ENCRYPTION_KEY_INVALID', message, options);
  }
}

/** The outbox or an adapter was configured with invalid options. */
export class ConfigurationError extends OutboxError {
  constructor(message: string) {
    super('CONFIGURATION_INVALID', message);
  }
}

/** A rollback handler threw; the entry is held as failed with the handler's error. */
export class RollbackFailedError extends OutboxError {
  constructor(readonly entryId: string, message: string) {
    super('ROLLBACK_FAILED', `Could not roll back entry "${entryId}": ${message}`);
  }
}
