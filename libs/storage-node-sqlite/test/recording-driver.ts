import type { SqlDriver, SqlRow, SqlRunResult, SqlValue } from '@mutation-outbox/storage-sql';

/**
 * Wraps a real `SqlDriver`, recording every call (`run: <sql>`, `begin`, `setDurable(false)`...)
 * and able to fail the next commit with a given error (as a full disk would), to observe and
 * fault-inject the shared SQL storage on a real database.
 */
export class RecordingDriver implements SqlDriver {
  readonly calls: string[] = [];
  /** Every statement given to `run`/`all`, with its parameters. */
  readonly statements: { readonly sql: string; readonly params: readonly SqlValue[] }[] = [];
  private commitFault: Error | null = null;

  constructor(private readonly inner: SqlDriver) {}

  /** The next `commit` throws `error` instead of committing. */
  failNextCommit(error: Error): void {
    this.commitFault = error;
  }

  /** How many times `name` was called (`begin`, `commit`, ...). */
  count(name: string): number {
    return this.calls.filter((call) => call === name).length;
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult> {
    this.calls.push(`run: ${sql}`);
    this.statements.push({ sql, params: params ?? [] });
    return this.inner.run(sql, params);
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    this.calls.push(`all: ${sql}`);
    this.statements.push({ sql, params: params ?? [] });
    return this.inner.all(sql, params);
  }

  exec(sql: string): Promise<void> {
    this.calls.push(`exec: ${sql}`);
    return this.inner.exec(sql);
  }

  begin(): Promise<void> {
    this.calls.push('begin');
    return this.inner.begin();
  }

  async commit(): Promise<void> {
    this.calls.push('commit');
    const fault = this.commitFault;
    this.commitFault = null;
    if (fault) throw fault;
    return this.inner.commit();
  }

  rollback(): Promise<void> {
    this.calls.push('rollback');
    return this.inner.rollback();
  }

  async setDurable(durable: boolean): Promise<void> {
    this.calls.push(`setDurable(${durable})`);
    await this.inner.setDurable?.(durable);
  }

  close(): Promise<void> {
    this.calls.push('close');
    return this.inner.close();
  }
}
