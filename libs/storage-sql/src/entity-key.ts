/**
 * The 32-bit key of an entity id (FNV-1a over its UTF-16 code units, as a signed integer, which
 * SQLite stores in 4 bytes). `outbox_entries` indexes entries by this key instead of the id's
 * text, so the index stays small enough to count the queue from it; lookups compare the id too,
 * so two ids with the same key cost one extra row read and are never confused.
 */
export function entityKey(entityId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entityId.length; i++) {
    hash ^= entityId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
