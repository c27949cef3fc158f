/** What happened during a run, as counted by the parent from the worker's reports. */
export interface RunStats {
  /** Enqueues the parent heard resolve. */
  acknowledged: number;
  /** Enqueues committed but killed before their acknowledgement reached the parent (found again on restart). */
  recoveredUnacknowledged: number;
  /** Delivery attempts reported by the workers (a few may be lost with a killed worker). */
  attempts: number;
  /** Attempts that ended in a scheduled retry, by cause (`HTTP 503`, `NETWORK_ERROR`, `OFFLINE`, ...), plus `kill` for requests cut by a kill. */
  retries: Record<string, number>;
  /** `retryEntry` calls for entries held as failed after too many attempts. */
  manualRetries: number;
  /** Entries settled, by outcome. */
  settled: { succeeded: number; rolled_back: number; failed: number };
  kills: {
    total: number;
    /** What each kill was aimed at (`enqueue-start`, `attempt`, `ack`, `ready`, `timer`, `fallback`, `idle`). */
    byTarget: Record<string, number>;
    /** Kills while an enqueue was running that had committed it (the worker found it on restart) or not. */
    enqueueCommitted: number;
    enqueueNotCommitted: number;
    /** Requests in flight at the moment of a kill (sent again after the restart). */
    requestsInFlight: number;
  };
  /** Worker processes started. */
  workers: number;
  /** Their process ids (all gone when the run returns). */
  workerPids: number[];
  /** Total time from starting a worker to its `ready` (process start, module loading, opening the database). */
  startupMs: number;
  /** Ms from the start of the first worker until every plan item was enqueued, and until the outbox was drained. */
  enqueuedAfterMs: number;
  drainedAfterMs: number;
  /** Connectivity losses played. */
  flaps: number;
  /** Lines the workers logged (flush failures, retryEntry errors), the last few. */
  logs: string[];
}

/** Empty stats. */
export function emptyStats(): RunStats {
  return {
    acknowledged: 0,
    recoveredUnacknowledged: 0,
    attempts: 0,
    retries: {},
    manualRetries: 0,
    settled: { succeeded: 0, rolled_back: 0, failed: 0 },
    kills: { total: 0, byTarget: {}, enqueueCommitted: 0, enqueueNotCommitted: 0, requestsInFlight: 0 },
    workers: 0,
    workerPids: [],
    startupMs: 0,
    enqueuedAfterMs: 0,
    drainedAfterMs: 0,
    flaps: 0,
    logs: [],
  };
}

/** Adds one to a named counter. */
export function bump(counters: Record<string, number>, name: string, by = 1): void {
  counters[name] = (counters[name] ?? 0) + by;
}
