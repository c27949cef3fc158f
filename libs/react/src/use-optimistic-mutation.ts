import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { Mutation, OutboxEntry, StorageTransaction } from '@mutation-outbox/core';
import { toError } from './to-error';
import { useRequiredOutbox } from './use-outbox';

/** The mutation(s) to enqueue for one optimistic write, oldest first. */
export type OptimisticMutations = Mutation | readonly Mutation[];

/** What an optimistic write returns: the local write to make and what to enqueue with it. */
export interface OptimisticPlan<R> {
  /**
   * The app's own optimistic write, made through the same `tx` (its adapter's handle for app
   * data). Runs first; its result is `run`'s `value`.
   */
  readonly apply: () => R | Promise<R>;
  /** What to enqueue after `apply`, in the same transaction, in this order. */
  readonly mutation: OptimisticMutations;
}

/**
 * Describes one optimistic write for an `input`, inside the transaction `tx`. It may read through
 * `tx` first (e.g. the previous row, for `rollbackData`), hence it may be async; ids the local
 * write and the mutation share (e.g. `outbox.tempId()` for a create) are made here.
 */
export type OptimisticWrite<I, R> = (tx: StorageTransaction, input: I) => OptimisticPlan<R> | Promise<OptimisticPlan<R>>;

/** What a successful `run` committed. */
export interface OptimisticRunResult<R> {
  /** What `apply` returned. */
  readonly value: R;
  /** The enqueued entries, as stored, in enqueue order. */
  readonly entries: readonly OutboxEntry[];
}

/** What `useOptimisticMutation` returns. */
export interface OptimisticMutation<I, R> {
  /**
   * Runs the local write and enqueues its mutation(s) in one outbox transaction: on success both
   * are committed; on any error (from `apply`, a typed outbox error such as `InvalidMutationError`
   * or `OutboxFullError`, or the commit itself) neither is, and the error is stored in `error`
   * and rethrown unchanged. The function keeps its identity until the provider's outbox changes.
   */
  run(input: I): Promise<OptimisticRunResult<R>>;
  /** True while at least one `run` of this hook is in progress. */
  readonly pending: boolean;
  /** The error of the latest `run` that failed; cleared when a new `run` starts or by `reset`. */
  readonly error: Error | null;
  /** Clears `error`. */
  reset(): void;
}

/**
 * A command that applies an optimistic local write and enqueues the matching mutation atomically:
 *
 * ```ts
 * const rename = useOptimisticMutation((tx, input: { id: string; name: string }) => ({
 *   apply: () => saveContact(tx, input),
 *   mutation: { type: 'contact.update', entityId: input.id, payload: { name: input.name } },
 * }));
 * await rename.run({ id, name });
 * ```
 *
 * The latest `write` function is always used, so it may be an inline closure.
 */
export function useOptimisticMutation<I, R = void>(write: OptimisticWrite<I, R>): OptimisticMutation<I, R> {
  const outbox = useRequiredOutbox('useOptimisticMutation');
  const latestWrite = useRef(write);
  useLayoutEffect(() => {
    latestWrite.current = write;
  });
  const [running, setRunning] = useState(0);
  const [error, setError] = useState<Error | null>(null);

  const run = useCallback(
    async (input: I): Promise<OptimisticRunResult<R>> => {
      setRunning((count) => count + 1);
      setError(null);
      try {
        return await outbox.transaction(async (tx) => {
          const plan = await latestWrite.current(tx, input);
          const value = await plan.apply();
          const mutations: readonly Mutation[] = isMutationList(plan.mutation) ? plan.mutation : [plan.mutation];
          const entries: OutboxEntry[] = [];
          // One after the other: enqueue order is delivery order.
          for (const mutation of mutations) entries.push(await outbox.enqueue(mutation, { tx }));
          return { value, entries };
        });
      } catch (thrown) {
        setError(toError(thrown));
        throw thrown;
      } finally {
        setRunning((count) => count - 1);
      }
    },
    [outbox],
  );
  const reset = useCallback(() => setError(null), []);
  return { run, pending: running > 0, error, reset };
}

function isMutationList(planned: OptimisticMutations): planned is readonly Mutation[] {
  return Array.isArray(planned);
}
