import type { SQLiteDBConnection } from '@capacitor-community/sqlite';
import type { Connectivity, Mutation, OutboxEntry, OutboxStatus } from '@mutation-outbox/core';
import { connectionExecutor } from '../db/sql-executor';
import type { AppOutbox, AppOutboxEvents, WriteContext } from './app-outbox';

/**
 * TEMPORARY stand-in until the core `MutationOutbox` lands: keeps enqueued mutations in a table of
 * the app's database (same transaction as the local write) and never sends them.
 */
export class PreviewOutbox implements AppOutbox {
  private snapshot: OutboxStatus = { pending: 0, inFlight: 0, failed: 0, online: false, paused: false, flushing: false, nextRetryAt: null, progress: { done: 0, total: 0 } };
  private readonly listeners = new Map<keyof AppOutboxEvents, Set<(payload: never) => void>>();
  private nextTemp = 0;

  constructor(
    private readonly db: SQLiteDBConnection,
    private readonly connectivity: Connectivity,
    private readonly persist: () => Promise<void>,
  ) {}

  /** Creates the table, reads the counts and follows connectivity. */
  async start(): Promise<void> {
    await this.db.execute('CREATE TABLE IF NOT EXISTS preview_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, mutation TEXT NOT NULL, created_at INTEGER NOT NULL)', false);
    this.connectivity.subscribe((online) => void this.refresh(online));
    await this.refresh(await this.connectivity.isOnline());
  }

  status(): OutboxStatus {
    return this.snapshot;
  }

  on<K extends keyof AppOutboxEvents>(event: K, listener: (payload: AppOutboxEvents[K]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  async write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    await this.db.beginTransaction();
    try {
      const sql = connectionExecutor(this.db);
      const enqueue = async (m: Mutation) => sql.run('INSERT INTO preview_outbox (mutation, created_at) VALUES (?, ?)', [JSON.stringify(m), Date.now()]);
      const result = await work({ sql, enqueue, tempId: () => `tmp_${Date.now().toString(36)}_${this.nextTemp++}` });
      await this.db.commitTransaction();
      await this.persist();
      await this.refresh(this.snapshot.online);
      this.emit('changed', undefined);
      return result;
    } catch (error) {
      await this.db.rollbackTransaction();
      throw error;
    }
  }

  async listEntries(): Promise<OutboxEntry[]> {
    const rows = (await this.db.query('SELECT * FROM preview_outbox ORDER BY seq')).values ?? [];
    return rows.map((row: { seq: number; mutation: string; created_at: number }) => {
      const m = JSON.parse(row.mutation) as Mutation;
      return {
        id: String(row.seq), seq: row.seq, idempotencyKey: String(row.seq), type: m.type, entityId: m.entityId, partitionKey: m.entityId,
        payload: m.payload, expectedVersion: m.expectedVersion ?? null, rollbackData: m.rollbackData ?? null, references: m.references ?? [],
        status: 'pending', attempts: 0, nextAttemptAt: null, lastError: null, createdAt: row.created_at, updatedAt: row.created_at, sizeBytes: 0,
      };
    });
  }

  async retryEntry(): Promise<void> {}

  async discardEntry(): Promise<void> {}

  async flush(): Promise<void> {}

  private async refresh(online: boolean): Promise<void> {
    const rows = (await this.db.query('SELECT COUNT(*) AS n FROM preview_outbox')).values ?? [];
    this.snapshot = { ...this.snapshot, online, pending: Number(rows[0]?.n ?? 0) };
    this.emit('status', this.snapshot);
  }

  private emit<K extends keyof AppOutboxEvents>(event: K, payload: AppOutboxEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: AppOutboxEvents[K]) => void)(payload);
  }
}
