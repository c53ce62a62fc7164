import { defineConfig } from 'vitest/config';

/** Every workspace package is a vitest project; each has its own vitest.config.ts. */
export default defineConfig({
  test: {
    projects: ['sheets', 'formulas', 'collab', 'prisma', 'server', 'client'],
  },
});
