import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    watch: false,
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx', 'test/**/*.spec.ts', 'test/**/*.spec.tsx'],
    // Unmount what each test rendered (testing-library only does it by itself with vitest globals).
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
