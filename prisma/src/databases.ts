// Creating and dropping whole databases on a server, for per-test databases and for the scratch
// database `migrate:create` diffs against.
import pg from 'pg';

/** The URL of database `name` on the same server as `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/**
 * Creates database `name` (which must match /^[a-z0-9_]+$/) through the server at `serverUrl`, as a
 * copy of `template` (default: the pristine `template0`), and returns its URL.
 */
export async function createDatabase(serverUrl: string, name: string, template = 'template0'): Promise<string> {
  assertName(name);
  assertName(template);
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE "${template}"`));
  return databaseUrl(serverUrl, name);
}

/** Drops database `name`, disconnecting whoever is still connected to it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertName(name);
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

function assertName(name: string): void {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`invalid database name: ${name}`);
}

async function withClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
