/*
 * vitest's global set-up: the PostgreSQL server the database tests use beside SQLite. DATABASE_URL_TEST when
 * set (a server of your own: each test makes and drops databases of its own on it); otherwise a throwaway
 * cluster started here (scripts/lib/postgres.mjs) and removed when the run ends.
 */
import type { TestProject } from "vitest/node";
import { startPostgres } from "../scripts/lib/postgres.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL_TEST) {
    project.provide("postgresUrl", process.env.DATABASE_URL_TEST);
    return;
  }
  const server = await startPostgres();
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
