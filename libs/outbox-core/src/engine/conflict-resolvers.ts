import type { JsonValue } from '../model/json';
import { isJsonObject } from '../model/json';
import type { ConflictContext, ConflictResolution, ConflictResolver } from '../ports/conflict-resolver';

/** Server wins: the local change is rolled back and the rollback handler gets the server state. */
export const serverWins: ConflictResolver = {
  resolve: (): ConflictResolution => ({ action: 'rollback' }),
};

/** Client wins: the same change is sent again against the server's current version. */
export const clientWins: ConflictResolver = {
  resolve: (context: ConflictContext): ConflictResolution =>
    context.serverVersion === undefined ? { action: 'hold', reason: 'The server did not say its current version' } : { action: 'retry', expectedVersion: context.serverVersion },
};

/**
 * Field-level merge: only the fields this change really changed (compared with the pre-change
 * values in `rollbackData`) are sent again, on top of the server's current state and version.
 * When the server changed one of those same fields to something else meanwhile, the conflict is
 * real and is held for the user. Holds too when the payload is not an object or no version is known.
 */
export const fieldMerge: ConflictResolver = {
  resolve: (context: ConflictContext): ConflictResolution => {
    const payload = context.entry.payload;
    if (!isJsonObject(payload) || context.serverVersion === undefined) {
      return { action: 'hold', reason: 'Cannot merge: the change is not a set of fields or the server version is unknown' };
    }
    const base = isJsonObject(context.entry.rollbackData) ? context.entry.rollbackData : null;
    const server = isJsonObject(context.serverState) ? context.serverState : {};
    const changed: { [key: string]: JsonValue } = {};
    for (const [key, value] of Object.entries(payload)) {
      if (base && key in base && base[key] === value) continue;
      const serverValue = server[key];
      const serverMovedAway = base !== null && key in base && serverValue !== undefined && serverValue !== base[key] && serverValue !== value;
      if (serverMovedAway) return { action: 'hold', reason: `Both you and someone else changed "${key}"` };
      changed[key] = value;
    }
    return { action: 'retry', payload: changed, expectedVersion: context.serverVersion };
  },
};
