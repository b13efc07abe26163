/*
 * The server the browser tests run against: the production build, on a fresh migrated database. With
 * E2E_DATABASE=postgres, that database is PostgreSQL: a throwaway cluster started here (or a new database
 * on DATABASE_URL_TEST's server), its URL left in E2E_DATA_DIR/database-url for the specs' fixtures.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { bin, root, run } from "../scripts/lib/setup.mjs";
import { startPostgres } from "../scripts/lib/postgres.mjs";

const env = { ...process.env };
let stopPostgres = () => {};
// On DATABASE_URL_TEST's server (which outlives the run), the database made for this run is dropped afterwards.
let dropDatabase = async () => {};
if (process.env.E2E_DATABASE === "postgres") {
  const server = process.env.DATABASE_URL_TEST ? undefined : await startPostgres();
  stopPostgres = server ? server.stop : () => {};
  const url = new URL(server ? server.url : process.env.DATABASE_URL_TEST);
  const name = `colloquy_e2e_${process.pid}`;
  const adminUrl = url.toString();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  if (!server)
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  fs.writeFileSync(path.join(process.env.E2E_DATA_DIR, "database-url"), env.DATABASE_URL);
}
process.on("exit", () => stopPostgres());

const migrated = run(bin("tsx"), [path.join(root, "scripts", "migrate.ts")], { env });
if (migrated !== 0) {
  await dropDatabase().catch(() => {});
  process.exit(migrated);
}
const server = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => {
  dropDatabase()
    .catch((error) => console.error(`Could not drop the test database: ${error.message}`))
    .finally(() => process.exit(code ?? 0));
});
