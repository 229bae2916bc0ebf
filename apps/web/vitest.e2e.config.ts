import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Browser tests: the production app (next start) driven by Debian's Chromium via playwright-core. */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    // Building the app (only when .next/BUILD_ID is missing) can take minutes on 2 cores.
    hookTimeout: 900_000,
    fileParallelism: false,
    // The browser waits on the app: polls get seconds, not vitest's default of one.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
