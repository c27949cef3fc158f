import { describe, expect, it } from 'vitest';
import type { StorageTransaction } from '@mutation-outbox/core';
import { fieldMerge, serverWins } from '@mutation-outbox/core';
import { transactionSql } from '../db/transaction-sql';
import { conflictResolverFor, describeConflictStrategy, readDemoConfig } from './demo-config';

describe('readDemoConfig', () => {
  it('defaults to the same-origin API and field merge', () => {
    expect(readDemoConfig({ href: 'http://127.0.0.1:3000/', origin: 'http://127.0.0.1:3000' })).toEqual({ apiBaseUrl: 'http://127.0.0.1:3000/api/', conflict: 'merge' });
  });

  it('takes ?api= and ?conflict=', () => {
    const config = readDemoConfig({ href: 'http://h/?api=http://other:9/x/&conflict=server-wins', origin: 'http://h' });
    expect(config).toEqual({ apiBaseUrl: 'http://other:9/x/', conflict: 'server-wins' });
    expect(conflictResolverFor(config.conflict)).toBe(serverWins);
    expect(conflictResolverFor('merge')).toBe(fieldMerge);
    expect(describeConflictStrategy('server-wins')).toMatch(/server’s version is kept/);
  });

  it('ignores an unknown strategy', () => {
    expect(readDemoConfig({ href: 'http://h/?conflict=coin-toss', origin: 'http://h' }).conflict).toBe('merge');
  });
});

describe('transactionSql', () => {
  it('runs the app’s statements through a SQL transaction handle', async () => {
    const calls: string[] = [];
    const tx = {
      storage: null,
      run: async (sql: string) => void calls.push(sql),
      all: async () => [{ n: 1 }],
    } as unknown as StorageTransaction;
    const sql = transactionSql(tx);
    await sql.run('INSERT 1');
    expect(await sql.all('SELECT 1')).toEqual([{ n: 1 }]);
    expect(calls).toEqual(['INSERT 1']);
  });

  it('refuses a storage without SQL', () => {
    expect(() => transactionSql({ storage: null } as unknown as StorageTransaction)).toThrow(TypeError);
  });
});
