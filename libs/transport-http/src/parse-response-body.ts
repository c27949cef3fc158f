import type { JsonValue } from '@mutation-outbox/core';

/** A response body as read once from the wire: parsed JSON, nothing, or text that is not JSON. */
export type ResponseBody =
  | { readonly kind: 'json'; readonly value: JsonValue }
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly text: string; readonly contentType: string | null };

/**
 * Parses a body as JSON when its content type says JSON (`application/json`, any `+json`) or is
 * absent; anything else, and JSON that does not parse, stays text. Never throws.
 */
export function parseResponseBody(text: string, contentType: string | null): ResponseBody {
  if (text.trim() === '') return { kind: 'empty' };
  if (contentType === null || /json/i.test(contentType)) {
    try {
      return { kind: 'json', value: JSON.parse(text) as JsonValue };
    } catch {
      // Falls through: a body that claims JSON but is not is reported as text.
    }
  }
  return { kind: 'text', text, contentType };
}
