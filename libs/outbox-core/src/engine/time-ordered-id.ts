import type { Random } from '../ports/random';

/**
 * A new entry id in the UUID version 7 layout: the first 48 bits are `now` (epoch ms), the rest
 * comes from `random.uuid()` (74 random bits). Ids made later sort after earlier ones (to the
 * millisecond), so a storage's index on ids grows at its right edge: an insert dirties one index
 * page instead of a random one, which is a page less per commit for every enqueue.
 */
export function timeOrderedId(now: number, random: Random): string {
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  const uuid = random.uuid();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${uuid.slice(15)}`;
}
