import { defineConfig } from 'vitest/config';
import { RanMarkerReporter } from './e2e/support/ran-marker-reporter.ts';

/**
 * End-to-end tests in the system Chromium (playwright-core). The global setup builds the app once;
 * each file starts its own servers on free 127.0.0.1 ports. Files run one at a time.
 */
export default defineConfig({
  test: {
    watch: false,
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    reporters: ['default', new RanMarkerReporter()],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
