import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumPath, CHROMIUM_ARGS } from './test/support/chromium.ts';
import { sqlCipherCommands } from './test/support/sqlcipher-commands.ts';

export default defineConfig({
  // wa-sqlite finds its .wasm next to its .mjs: serve it as it is, unbundled.
  optimizeDeps: { exclude: ['@journeyapps/wa-sqlite'] },
  worker: { format: 'es' },
  test: {
    watch: false,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/node/**/*.spec.ts'], pool: 'forks', testTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: 'chromium',
          include: ['test/browser/**/*.spec.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            commands: sqlCipherCommands,
          },
        },
      },
    ],
  },
});
