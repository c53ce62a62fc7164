// Prisma 7 talks to PostgreSQL through a driver adapter; this is the one place that builds it.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

export { PrismaClient };

/** A PrismaClient on the database at `url` (node-postgres pool via @prisma/adapter-pg). Call `$disconnect()` when done. */
export function createPrismaClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}
