import { defineConfig } from 'vitest/config';

/** Unit tests of the app's own logic (happy-dom); the browser suite lives in vitest.e2e.config.ts. */
export default defineConfig({
  test: {
    watch: false,
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
