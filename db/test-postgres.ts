import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { inject } from "vitest";

/**
 * An empty database of its own on the tests' PostgreSQL server (db/postgres.setup.ts), for one test file:
 * its URL, and `drop` to remove it afterwards.
 */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(inject("postgresUrl"));
  const name = `colloquy_test_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: server.toString() });
      await client.connect();
      try {
        // Connections a pool has just closed can take a moment to go; waiting for them keeps FORCE from
        // cutting one off mid-goodbye (which its pool would report as an error).
        for (let i = 0; i < 40; i++) {
          const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
