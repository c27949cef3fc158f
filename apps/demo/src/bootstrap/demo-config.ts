import { clientWins, fieldMerge, serverWins } from '@mutation-outbox/core';
import type { ConflictResolver } from '@mutation-outbox/core';

/** How conflicts are settled: the `conflict` query parameter picks one. */
export type ConflictStrategy = 'merge' | 'server-wins' | 'client-wins';

/** The demo's runtime settings, read from the page URL. */
export interface DemoConfig {
  /** Absolute base URL of the demo server's API (same origin, `/api/`, unless `?api=` says otherwise). */
  readonly apiBaseUrl: string;
  readonly conflict: ConflictStrategy;
}

const STRATEGIES: Record<ConflictStrategy, { resolver: ConflictResolver; words: string }> = {
  merge: { resolver: fieldMerge, words: 'your changed fields are merged into the server’s version; if someone else changed the same field, you decide' },
  'server-wins': { resolver: serverWins, words: 'the server’s version is kept and your change is undone' },
  'client-wins': { resolver: clientWins, words: 'your change is sent again over the server’s version' },
};

/** Reads the settings from `?api=` and `?conflict=` (default: same-origin `/api/`, merge). */
export function readDemoConfig(location: Pick<Location, 'href' | 'origin'>): DemoConfig {
  const params = new URL(location.href).searchParams;
  const api = params.get('api');
  const conflict = params.get('conflict');
  return {
    apiBaseUrl: api ? new URL(api, location.origin).href : `${location.origin}/api/`,
    conflict: conflict === 'server-wins' || conflict === 'client-wins' ? conflict : 'merge',
  };
}

/** The resolver of a strategy. */
export function conflictResolverFor(strategy: ConflictStrategy): ConflictResolver {
  return STRATEGIES[strategy].resolver;
}

/** The strategy in plain words, for the outbox screen. */
export function describeConflictStrategy(strategy: ConflictStrategy): string {
  return STRATEGIES[strategy].words;
}
