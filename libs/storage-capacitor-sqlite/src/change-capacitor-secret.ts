import { EncryptionKeyError, StorageError } from '@mutation-outbox/core';
import type { CapacitorSqliteManager } from './capacitor-sqlite-manager';

/** `text` with every occurrence of each secret replaced, so no error carries key material. */
function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

/**
 * Re-encrypts the app's encrypted databases from `oldPassphrase` to `newPassphrase` with the
 * plugin's `changeEncryptionSecret`, which closes every connection, rekeys each file and stores
 * the new passphrase. Throws `EncryptionKeyError` when the old passphrase is not the stored one,
 * `StorageError` otherwise; neither message nor cause ever contains either passphrase.
 */
export async function changeSecret(sqlite: CapacitorSqliteManager, oldPassphrase: string, newPassphrase: string): Promise<void> {
  try {
    await sqlite.changeEncryptionSecret(newPassphrase, oldPassphrase);
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error), [oldPassphrase, newPassphrase]);
    const cause = { cause: new Error(message) };
    if (/oldpassphrase is wrong/i.test(message)) throw new EncryptionKeyError('changeKey: the old passphrase is not the one the plugin holds; nothing was changed', cause);
    throw new StorageError(`changeKey: the plugin could not change the encryption secret: ${message}`, cause);
  }
}
