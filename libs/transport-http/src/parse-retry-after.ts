/**
 * Converts a `Retry-After` header value into milliseconds from `nowMs`: delta-seconds (`"120"`) or
 * an HTTP date (`"Wed, 21 Oct 2026 07:28:00 GMT"`). A date in the past gives 0; a missing or
 * unreadable value gives `undefined`.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // A bare negative or otherwise numeric-looking value is not a date, whatever Date.parse thinks.
  if (/^[-+]?[\d.]+$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
