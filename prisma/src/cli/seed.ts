// Usage: DATABASE_URL=postgresql://… pnpm --filter @zhospar/prisma seed
// Applies migrations, then loads the demo data (idempotent) and prints the demo logins.
import { createPrismaClient } from '../createPrismaClient.ts';
import { applyMigrations } from '../migrations/applyMigrations.ts';
import { demoLogins } from '../seed/demoData.ts';
import { seedDemoData } from '../seed/seedDemoData.ts';

const url = process.env['DATABASE_URL'];
if (!url) {
  console.error('DATABASE_URL is not set.');
  process.exit(2);
}
await applyMigrations(url);
const prisma = createPrismaClient(url);
try {
  const { created } = await seedDemoData(prisma);
  console.log('Seeded (rows created):', created);
  console.table(demoLogins.map(({ iin, password, role, fullName }) => ({ iin, password, role, fullName })));
} finally {
  await prisma.$disconnect();
}
