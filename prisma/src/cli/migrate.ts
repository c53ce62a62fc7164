// Usage: DATABASE_URL=postgresql://… pnpm --filter @zhospar/prisma migrate
// Applies the committed migrations offline (see README.md, "Migrations").
import { applyMigrations } from '../migrations/applyMigrations.ts';

const url = process.env['DATABASE_URL'];
if (!url) {
  console.error('DATABASE_URL is not set.');
  process.exit(2);
}
const { applied, alreadyApplied } = await applyMigrations(url);
console.log(
  applied.length === 0
    ? `Database is up to date (${alreadyApplied.length} migrations).`
    : `Applied ${applied.length} migration(s): ${applied.join(', ')} (${alreadyApplied.length} already applied).`,
);
