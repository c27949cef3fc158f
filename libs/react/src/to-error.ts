/** The thrown value as an `Error` (typed outbox errors pass through unchanged). @internal */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown), { cause: thrown });
}
