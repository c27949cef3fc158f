import type { NewOutboxEntry, OutboxEntry, OutboxLimits } from '@mutation-outbox/core';

/** One `append` call waiting for its group's commit. */
export interface PendingAppend {
  readonly entries: readonly NewOutboxEntry[];
  readonly limits: OutboxLimits;
  readonly durable: boolean;
  resolve(entries: OutboxEntry[]): void;
  reject(error: unknown): void;
}

/**
 * Collects `append` calls made without a transaction until the storage starts committing them;
 * calls arriving later start the next group. Each group is committed as one transaction.
 */
export class AppendGroup {
  private open: PendingAppend[] | null = null;

  /**
   * Adds a call to the open group. Returns the new group when this call opened it (the caller
   * then schedules its commit), or null when it joined a group already scheduled.
   */
  add(request: PendingAppend): PendingAppend[] | null {
    if (this.open) {
      this.open.push(request);
      return null;
    }
    this.open = [request];
    return this.open;
  }

  /** Closes `group` to newcomers (called when its commit starts). */
  seal(group: PendingAppend[]): void {
    if (this.open === group) this.open = null;
  }
}
