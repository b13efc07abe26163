import { defineConfig } from "drizzle-kit";

/** The PostgreSQL schema's migrations (db/schema.pg.ts); drizzle.config.ts is SQLite's. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./db/migrations-pg",
});
