import { randomBytes } from 'node:crypto';

/** The SQLCipher passphrase every encrypted database of the bench uses (key derivation at open). */
export const PASSPHRASE = 'bench-passphrase-correct-horse-battery-staple';

/** A raw 256-bit SQLCipher key (64 hex digits): no key derivation at open. */
export const RAW_KEY_HEX = randomBytes(32).toString('hex');

/** The mutation type every workload enqueues (`PATCH contacts/:id` on the demo routes). */
export const MUTATION_TYPE = 'contact.update';

const NOTES = 'Visited on site; discussed the renewal, the delivery window and two open invoices. '.repeat(5).slice(0, 400);

/** A contact update whose JSON payload is about 500 bytes; `n` makes every payload distinct. */
export function contactPayload(n: number): { name: string; email: string; phone: string; notes: string } {
  return { name: `Contact ${n}`, email: `contact.${n}@example.com`, phone: `+31 6 ${String(10_000_000 + n).slice(-8)}`, notes: NOTES };
}

/** The server id of the contact the n-th mutation updates (a real id, so no temporary-id mapping). */
export function entityIdOf(n: number): string {
  return String(1 + n);
}
