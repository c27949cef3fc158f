import { ConfigurationError } from '@mutation-outbox/core';

/**
 * Throws `ConfigurationError` (naming `what`, never the value) unless `passphrase` is a non-empty
 * string without NUL characters: SQLite cuts a key at its first NUL, and a passphrase holding one
 * is a mistake (binary keys belong in a raw-key form).
 */
export function validatePassphrase(passphrase: unknown, what: string): asserts passphrase is string {
  if (typeof passphrase !== 'string') throw new ConfigurationError(`${what} must be a string`);
  if (passphrase.length === 0) throw new ConfigurationError(`${what} must not be empty (take it from secure storage)`);
  if (passphrase.includes('\0')) throw new ConfigurationError(`${what} must not contain NUL characters`);
}
