import { InvalidMutationError, PayloadTooLargeError } from '../model/errors';
import type { OutboxEntry } from '../model/entry';
import type { JsonValue } from '../model/json';
import type { Mutation } from '../model/mutation';
import type { MutationDefinition } from '../model/mutation-definition';

/**
 * Checks that `value` is plain JSON that survives a round trip unchanged: no functions, symbols,
 * BigInt, undefined, non-finite numbers, cycles, or class instances (Date, Map...). Throws
 * `InvalidMutationError` naming the offending path.
 */
export function assertJson(value: unknown, path: string, seen: Set<object> = new Set()): asserts value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidMutationError(path, `${value} is not a finite number`);
    return;
  }
  if (typeof value !== 'object') throw new InvalidMutationError(path, `a ${typeof value} is not JSON-serializable`);
  if (seen.has(value)) throw new InvalidMutationError(path, 'contains a cycle');
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertJson(item, `${path}[${index}]`, seen));
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new InvalidMutationError(path, `a ${value.constructor?.name ?? 'class'} instance is not plain JSON`);
    }
    for (const [key, item] of Object.entries(value)) assertJson(item, `${path}.${key}`, seen);
  }
  seen.delete(value);
}

const encoder = new TextEncoder();
/** Largest text whose length is measured in the reusable buffer (3 bytes per UTF-16 unit at most). */
const MAX_SCRATCH_BYTES = 3 * 1024 * 1024;
let scratch = new Uint8Array(64 * 1024);

/**
 * The number of bytes `text` takes in UTF-8 (what `TextEncoder` produces, a lone surrogate
 * counting as the 3 bytes of U+FFFD). Encodes into a reused buffer, which is about ten times
 * faster than allocating the encoded copy.
 */
export function utf8Length(text: string): number {
  const worstCase = text.length * 3;
  if (worstCase > MAX_SCRATCH_BYTES) return encoder.encode(text).length;
  if (worstCase > scratch.length) scratch = new Uint8Array(worstCase);
  return encoder.encodeInto(text, scratch).written;
}

/** UTF-8 byte size of a JSON value once serialized. */
export function jsonSize(value: JsonValue | null): number {
  return value === null ? 4 : utf8Length(JSON.stringify(value));
}

/**
 * An entry's `sizeBytes`: the UTF-8 bytes of its serialized payload, rollback data and kept
 * conflict state (when it has one). `payloadJson`, when the caller has it, spares serializing the
 * payload again.
 */
export function entrySize(entry: Pick<OutboxEntry, 'payload' | 'rollbackData' | 'serverState'>, payloadJson = JSON.stringify(entry.payload)): number {
  return utf8Length(payloadJson) + jsonSize(entry.rollbackData) + (entry.serverState === undefined ? 0 : jsonSize(entry.serverState));
}

/** A validated mutation, ready to become an entry. */
export interface ValidatedMutation {
  readonly references: string[];
  readonly sizeBytes: number;
  /** The payload serialized, as validated and counted in `sizeBytes`. */
  readonly payloadJson: string;
}

/**
 * Validates a mutation against its definition and the per-entry size limit; throws a typed error
 * and has no side effects. Returns the references to track, the entry's size and the serialized payload.
 */
export function validateMutation(mutation: Mutation, definition: MutationDefinition, maxEntryBytes: number): ValidatedMutation {
  if (typeof mutation !== 'object' || mutation === null) throw new InvalidMutationError('mutation', 'must be an object');
  if (typeof mutation.entityId !== 'string' || mutation.entityId.trim() === '') {
    throw new InvalidMutationError('entityId', 'must be a non-empty string');
  }
  if (mutation.partitionKey !== undefined && (typeof mutation.partitionKey !== 'string' || mutation.partitionKey === '')) {
    throw new InvalidMutationError('partitionKey', 'must be a non-empty string when given');
  }
  if (mutation.expectedVersion !== undefined && !Number.isSafeInteger(mutation.expectedVersion)) {
    throw new InvalidMutationError('expectedVersion', 'must be an integer when given');
  }
  if (!('payload' in mutation) || mutation.payload === undefined) throw new InvalidMutationError('payload', 'is required (use null for none)');
  assertJson(mutation.payload, 'payload');
  if (mutation.rollbackData !== undefined) assertJson(mutation.rollbackData, 'rollbackData');
  const declared = mutation.references ?? [];
  if (!Array.isArray(declared) || declared.some((r) => typeof r !== 'string' || r === '')) {
    throw new InvalidMutationError('references', 'must be an array of non-empty strings');
  }
  let message: string | void;
  try {
    message = definition.validate?.(mutation.payload);
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  if (typeof message === 'string' && message !== '') throw new InvalidMutationError('payload', message);
  const fromPayload = definition.references?.(mutation.payload) ?? [];
  const references = declared.length + fromPayload.length === 0 ? [] : [...new Set([...declared, ...fromPayload])].filter((r) => r !== mutation.entityId);
  const payloadJson = JSON.stringify(mutation.payload);
  const sizeBytes = entrySize({ payload: mutation.payload, rollbackData: mutation.rollbackData ?? null }, payloadJson);
  if (sizeBytes > maxEntryBytes) throw new PayloadTooLargeError(sizeBytes, maxEntryBytes);
  return { references, sizeBytes, payloadJson };
}
