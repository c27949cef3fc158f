import type { NewOutboxEntry } from '@mutation-outbox/core';

/**
 * A valid pending `NewOutboxEntry` for storage tests: id `e<n>`, idempotency key `k<n>`, a small
 * JSON payload; `overrides` replace any field.
 */
export function newEntry(n: number, overrides: Partial<NewOutboxEntry> = {}): NewOutboxEntry {
  const payload = { n, name: `contact ${n}` };
  return {
    id: `e${n}`,
    idempotencyKey: `k${n}`,
    type: 'contact.update',
    entityId: `c${n}`,
    partitionKey: `c${n}`,
    payload,
    expectedVersion: null,
    rollbackData: null,
    references: [],
    status: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    createdAt: 1_000 + n,
    updatedAt: 1_000 + n,
    sizeBytes: 100,
    ...overrides,
  };
}
