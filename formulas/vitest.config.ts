import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'formulas', include: ['src/**/*.test.ts'] },
});
