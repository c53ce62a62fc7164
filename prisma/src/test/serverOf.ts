import { databaseUrl } from '../databases.ts';
import { createTestDatabase, type TestDatabase } from '../createTestDatabase.ts';

/** A throw-away database plus the maintenance URL of its server, for tests that create their own databases. */
export async function testServer(): Promise<{ serverUrl: string; scratch: TestDatabase }> {
  const scratch = await createTestDatabase();
  return { serverUrl: databaseUrl(scratch.url, 'postgres'), scratch };
}
