import type { OutboxOptions } from '@mutation-outbox/core';

/** The database key of the crash-lease test (a test makes one up). */
export const CRASH_TEST_KEY = 'crash-lease-test-key';

/** One mutation type, contact edits, with nothing to undo locally; default lease options. */
export function editOptions(): OutboxOptions {
  return { mutations: [{ type: 'contact.update', kind: 'update', rollback: () => undefined }] };
}
