import type { JsonValue } from '../model/json';
import type { OutboxEntry } from '../model/entry';
import type { Random } from '../ports/random';

/** Issues temporary ids for entities created offline and recognises them by their prefix. */
export class TempIds {
  constructor(
    private readonly prefix: string,
    private readonly random: Random,
  ) {}

  /** A new temporary id, e.g. `tmp_2f1c...`. */
  create(): string {
    return `${this.prefix}${this.random.uuid()}`;
  }

  /** Whether `id` was issued by `create()`. */
  isTemp(id: string): boolean {
    return id.startsWith(this.prefix);
  }
}

/** Replaces every string in `value` that is a key of `mapping` by its mapped value. */
export function replaceIds(value: JsonValue, mapping: ReadonlyMap<string, string>): JsonValue {
  if (typeof value === 'string') return mapping.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaceIds(item, mapping));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) out[key] = replaceIds(item, mapping);
    return out;
  }
  return value;
}

/**
 * The entry as it must be sent: its entity id, references and payload with every temporary id
 * that already has a server id replaced by that server id.
 */
export async function withServerIds(
  entry: OutboxEntry,
  tempIds: TempIds,
  lookup: (tempId: string) => Promise<string | null>,
): Promise<OutboxEntry> {
  const candidates = [entry.entityId, ...entry.references].filter((id) => tempIds.isTemp(id));
  if (candidates.length === 0) return entry;
  const mapping = new Map<string, string>();
  for (const tempId of new Set(candidates)) {
    const serverId = await lookup(tempId);
    if (serverId !== null) mapping.set(tempId, serverId);
  }
  if (mapping.size === 0) return entry;
  return {
    ...entry,
    entityId: mapping.get(entry.entityId) ?? entry.entityId,
    references: entry.references.map((id) => mapping.get(id) ?? id),
    payload: replaceIds(entry.payload, mapping),
  };
}
