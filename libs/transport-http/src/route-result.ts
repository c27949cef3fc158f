import type { JsonValue } from '@mutation-outbox/core';

/** What a successful response says about the written entity. */
export interface RouteResult {
  /** The server's id for the entity (replaces a temporary id). */
  readonly serverId?: string;
  /** The entity's version after the write. */
  readonly version?: number;
}

/** Reads a `RouteResult` from a success body; may throw on a body it does not understand. */
export type ResultExtractor = (body: JsonValue) => RouteResult;

/**
 * The default extractor: `body.id` (a string, or a number turned into a string) and
 * `body.version` (a finite number); anything else is left out. Never throws.
 */
export function defaultRouteResult(body: JsonValue): RouteResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const { id, version } = body;
  return {
    ...(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? { serverId: String(id) } : {}),
    ...(typeof version === 'number' && Number.isFinite(version) ? { version } : {}),
  };
}
