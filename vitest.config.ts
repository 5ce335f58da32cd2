import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real agents run with `npm run test:agents` (vitest.agents.config.ts).
    exclude: ['**/node_modules/**', 'test/agents-e2e/**'],
    // Real shells and ptys: give slow machines room; no test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
