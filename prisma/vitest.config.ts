import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Real PostgreSQL and scrypt: generous limits, still far below anything that hides a hang.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
