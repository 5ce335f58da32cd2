import { defineConfig } from 'vitest/config';

// The real-agents suite (test/agents-e2e): `npm run test:agents`, after test/agents-e2e/install.sh.
export default defineConfig({
  test: {
    include: ['test/agents-e2e/**/*.test.ts'],
    // Each test runs a real agent session; the driver kills an agent after 4 minutes.
    testTimeout: 6 * 60_000,
    hookTimeout: 2 * 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
