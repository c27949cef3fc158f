import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What outlives one run of the app on a simulated device: the databases folder, the passphrase the
 * plugin keeps in the platform's secure store (Keychain / Android Keystore), the
 * `iosIsEncryption`/`androidIsEncryption` flag of capacitor.config, and, for the web platform,
 * jeep-sqlite's IndexedDB store. Several plugin instances (one per app run) share one device.
 */
export class SimulatedDevice {
  /** The passphrase the plugin stored with `setEncryptionSecret`, or null. */
  secret: string | null = null;
  /** capacitor.config's `*IsEncryption`: encryption is refused when false. */
  encryptionInConfig = true;
  /**
   * SQLCipher key-derivation iterations; null keeps SQLCipher's default (256,000, as the plugin
   * does, about 0.35 s per open here). Tests that open many databases lower it to keep the suite
   * fast: the file is still AES-encrypted by SQLCipher, only the passphrase stretching is cheaper.
   */
  kdfIter: number | null = null;
  /** jeep-sqlite's IndexedDB store: database name → serialized image saved by `saveToStore`. */
  readonly webStore = new Map<string, Buffer>();

  private constructor(readonly directory: string) {}

  /** A device with a fresh, empty databases folder under the OS temp dir. */
  static create(): SimulatedDevice {
    return new SimulatedDevice(mkdtempSync(join(tmpdir(), 'mo-capsql-')));
  }

  /** The file the plugin uses for `database` (the native plugins append `SQLite.db`). */
  fileOf(database: string): string {
    return join(this.directory, `${database}SQLite.db`);
  }

  /** Deletes the databases folder and everything in it. */
  dispose(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}
