import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    // A PostgreSQL server for the tests that run on it too (DATABASE_URL_TEST, or a throwaway cluster).
    globalSetup: ["./db/postgres.setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "sqlite", include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"] } },
      // The query tests once more, on PostgreSQL (db/test-support.ts reads the variable): one data layer, two databases.
      { extends: true, test: { name: "postgres", include: ["db/queries/**/*.test.ts", "lib/preview-score.test.ts"], env: { COLLOQUY_TEST_DATABASE: "postgres" } } },
    ],
  },
});
