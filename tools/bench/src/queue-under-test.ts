/**
 * What every variant offers the workloads. Numbers `n` pick the n-th mutation (its payload and
 * entity); a variant turns it into its own action, row or entry.
 */
export interface QueueUnderTest {
  /** Enqueues one mutation durably; resolves once it is on disk. */
  enqueue(n: number): Promise<void>;
  /** Enqueues all of them at once (in flight together); resolves once every one is on disk. */
  enqueueConcurrent(ns: readonly number[]): Promise<void>;
  /**
   * Untimed cleanup between repetitions: removes what `enqueue`/`enqueueConcurrent` added (where
   * the variant can) and waits until its persistence is quiet, so no trailing write lands in the
   * next variant's measurement.
   */
  trim(): Promise<void>;
  /** Releases files, connections and timers. */
  close(): Promise<void>;
}

/** A queue that can also deliver what it holds to the loopback server. */
export interface DrainableQueue extends QueueUnderTest {
  /** Delivers the first `count` queued entries (all of them for the full drains) and records each durably. */
  drain(count: number): Promise<void>;
}

/** Creates a variant's queue already holding `depth` entries (mutations 0..depth-1), filled as fast as it allows. */
export type QueueFactory = (depth: number) => Promise<DrainableQueue>;
