import type { NewOutboxEntry } from '../model/entry';
import type { Mutation } from '../model/mutation';
import { recordPayloadJson } from '../model/payload-json';
import type { Random } from '../ports/random';
import { timeOrderedId } from './time-ordered-id';
import type { ValidatedMutation } from './validate-mutation';

/**
 * A new pending entry for a validated mutation, with a fresh time-ordered id and a random
 * idempotency key; its payload text as validated is recorded for `payloadJsonOf`.
 */
export function buildEntry(mutation: Mutation, validated: ValidatedMutation, now: number, random: Random): NewOutboxEntry {
  const entry: NewOutboxEntry = {
    id: timeOrderedId(now, random),
    idempotencyKey: random.uuid(),
    type: mutation.type,
    entityId: mutation.entityId,
    partitionKey: mutation.partitionKey ?? mutation.entityId,
    payload: mutation.payload,
    expectedVersion: mutation.expectedVersion ?? null,
    rollbackData: mutation.rollbackData ?? null,
    references: validated.references,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
    sizeBytes: validated.sizeBytes,
  };
  recordPayloadJson(entry, validated.payloadJson);
  return entry;
}
