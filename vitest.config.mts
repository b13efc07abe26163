import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    // A PostgreSQL server for the tests that run on it too (DATABASE_URL_TEST, or a throwaway cluster).
    globalSetup: ["./db/postgres.setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
