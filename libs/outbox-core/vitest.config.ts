import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    watch: false,
    include: ['src/**/*.spec.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
