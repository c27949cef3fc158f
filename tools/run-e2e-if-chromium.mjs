#!/usr/bin/env node
// Part of `npm test`: runs the browser end-to-end tests when a system Chromium is present
// (CHROMIUM_PATH, or /usr/bin/chromium as Debian installs it), and says clearly when it skips them.
// .ci/run installs Chromium and then requires the marker file the e2e suite writes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`e2e: SKIPPED — no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(0);
}
const result = spawnSync('npm', ['run', 'test:e2e'], { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } });
process.exit(result.status ?? 1);
