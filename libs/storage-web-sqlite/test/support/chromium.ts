import { existsSync } from 'node:fs';

/** Flags for headless Chromium as root on CI (no sandbox, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The system Chromium (CHROMIUM_PATH, else Debian's /usr/bin/chromium). Throws when there is
 * none: this lib's browser tests are its real tests and must fail, not skip, without a browser.
 */
export function chromiumPath(): string {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`storage-web-sqlite tests need Chromium at ${path} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return path;
}
