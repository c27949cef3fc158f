import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { APP_DIR, E2E_DIST } from './paths';

/** Builds the app once for the whole e2e run (plain `vite build`, nothing downloaded). */
export default function setup(): void {
  const vite = join(dirname(createRequire(`${APP_DIR}/package.json`).resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--outDir', E2E_DIST, '--logLevel', 'warn'], {
    cwd: APP_DIR,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (result.status !== 0) throw new Error(`vite build failed with status ${result.status}`);
}
