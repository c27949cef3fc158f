import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { watch: false, include: ['test/**/*.spec.ts'], pool: 'forks', testTimeout: 60_000 },
});
