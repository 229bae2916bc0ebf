import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    globalSetup: ['src/test-support/pglite-template-setup.ts'],
  },
});
