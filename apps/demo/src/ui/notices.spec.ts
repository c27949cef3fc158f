import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '@mutation-outbox/core';
import { describeConflict, describeRollback } from './notices';

const entry = { type: 'contact.create', payload: { name: 'Ann' }, rollbackData: null } as unknown as OutboxEntry;

describe('notices', () => {
  it('says what was undone and why', () => {
    expect(describeRollback({ entry, reason: 'rejected', error: { code: 'VALIDATION_FAILED', message: 'email: malformed', httpStatus: 422 } })).toBe(
      'Create contact “Ann” was undone. The server refused this change: email: malformed.',
    );
    expect(describeRollback({ entry, reason: 'dependency', error: null })).toMatch(/depended on was refused/);
    expect(describeRollback({ entry, reason: 'conflict', error: null })).toMatch(/server's version was kept/);
    expect(describeRollback({ entry, reason: 'discarded', error: null })).toMatch(/discarded/);
  });

  it('explains merged and held conflicts, and leaves rollbacks to the rollback notice', () => {
    expect(describeConflict(entry, 'retry')).toMatch(/combined with their version/);
    expect(describeConflict(entry, 'hold')).toMatch(/waits for your decision/);
    expect(describeConflict(entry, 'rollback')).toBeNull();
  });
});
