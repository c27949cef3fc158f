import { WebSqliteStorage } from '../../src/web-sqlite-storage';
import type { WebSqliteStorageOptions } from '../../src/web-sqlite-storage-options';

/** A fixed raw test key (64 hex digits): it skips the passphrase key derivation. */
export const TEST_RAW_KEY = '3f'.repeat(32);

let counter = 0;

/** A database name no other test of this run uses. */
export function uniqueName(prefix = 'test'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}.db`;
}

/** Creates and opens a `WebSqliteStorage` (raw test key unless `options` says otherwise). */
export async function openWebStorage(name: string, options: Partial<WebSqliteStorageOptions> = {}): Promise<WebSqliteStorage> {
  const storage = new WebSqliteStorage({ name, key: { raw: TEST_RAW_KEY }, ...options });
  await storage.open();
  return storage;
}

/** The bytes of an OPFS file at the root (the storage must be closed: an open access handle locks it). */
export async function readOpfsFile(name: string): Promise<Uint8Array> {
  const root = await navigator.storage.getDirectory();
  const file = await (await root.getFileHandle(name)).getFile();
  return new Uint8Array(await file.arrayBuffer());
}

/** Deletes an OPFS file at the root if it exists, and forgets the storage's marker. */
export async function removeOpfsFile(name: string): Promise<void> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(name).catch(() => undefined);
  localStorage.removeItem(`mutation-outbox:database:${name}:created`);
}

/** Base64 of bytes (for a browser command). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
