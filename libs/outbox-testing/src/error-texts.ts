/**
 * Every human-readable text an error carries: its message, name and stack and those of each
 * `cause` down the chain (and of `AggregateError.errors`), for tests that grep them, e.g. for key
 * material that must never appear in an error.
 */
export function errorTexts(error: unknown, seen = new Set<unknown>()): string[] {
  if (error === null || error === undefined || seen.has(error)) return [];
  seen.add(error);
  if (!(error instanceof Error)) return [String(error)];
  const own = [error.name, error.message, error.stack ?? ''];
  const nested = error instanceof AggregateError ? error.errors.flatMap((e: unknown) => errorTexts(e, seen)) : [];
  return [...own, ...nested, ...errorTexts(error.cause, seen)];
}
