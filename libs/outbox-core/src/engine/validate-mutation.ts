import { InvalidMutationError, PayloadTooLargeError } from '../model/errors';
import type { JsonValue } from '../model/json';
import type { Mutation } from '../model/mutation';
import type { MutationDefinition } from '../model/mutation-definition';

const encoder = new TextEncoder();

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

/** UTF-8 byte size of a JSON value once serialized. */
export function jsonSize(value: JsonValue | null): number {
  return value === null ? 4 : encoder.encode(JSON.stringify(value)).length;
}

/** A validated mutation, ready to become an entry. */
export interface ValidatedMutation {
  readonly references: string[];
  readonly sizeBytes: number;
}

/**
 * Validates a mutation against its definition and the per-entry size limit; throws a typed error
 * and has no side effects. Returns the references to track and the entry's size.
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
  const references = [...new Set([...declared, ...fromPayload])].filter((r) => r !== mutation.entityId);
  const sizeBytes = jsonSize(mutation.payload) + jsonSize(mutation.rollbackData ?? null);
  if (sizeBytes > maxEntryBytes) throw new PayloadTooLargeError(sizeBytes, maxEntryBytes);
  return { references, sizeBytes };
}
