import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '@mutation-outbox/core';
import { ENTRY_COLUMNS, INSERT_ENTRY_SQL, entryParams, patchAssignments, rowToEntry } from './entry-row';
import type { SqlRow } from './sql-driver';

const entry: OutboxEntry = {
  id: 'e1',
  seq: 7,
  idempotencyKey: 'k1',
  type: 'contact.update',
  entityId: 'c1',
  partitionKey: 'c1',
  payload: { name: 'Zoë', tags: ['a'] },
  expectedVersion: 3,
  rollbackData: null,
  references: ['tmp_1'],
  status: 'failed',
  attempts: 4,
  nextAttemptAt: null,
  lastError: { code: 'HTTP_422', message: 'invalid', httpStatus: 422 },
  createdAt: 1,
  updatedAt: 2,
  sizeBytes: 42,
};

describe('entry rows', () => {
  it('an entry written with entryParams reads back unchanged with rowToEntry', () => {
    const { seq, ...rest } = entry;
    const columns = ENTRY_COLUMNS.split(', ');
    const values = [seq, ...entryParams(rest)];
    expect(INSERT_ENTRY_SQL.match(/\?/g)).toHaveLength(values.length - 1);
    const row: SqlRow = Object.fromEntries(columns.map((column, i) => [column, values[i] ?? null]));
    expect(row['rollback_data']).toBeNull();
    expect(rowToEntry(row)).toEqual(entry);
  });

  it('patchAssignments sets only the fields present, from a fixed column list', () => {
    expect(patchAssignments({})).toEqual({ sql: '', params: [] });
    expect(patchAssignments({ status: 'pending', lastError: null, references: ['x'], attempts: undefined })).toEqual({
      sql: 'status = ?, last_error = ?, refs = ?',
      params: ['pending', null, '["x"]'],
    });
    const hostile = { status: 'pending', 'id = 1; DROP TABLE outbox_entries; --': 1 } as never;
    expect(patchAssignments(hostile).sql).toBe('status = ?');
  });
});
