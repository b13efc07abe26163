import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT || 3211);

// One fresh database per run, shared by the server and the specs' fixtures (workers inherit the env).
if (!process.env.E2E_DATA_DIR) process.env.E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-e2e-"));
const databasePath = path.join(process.env.E2E_DATA_DIR, "e2e.db");
process.env.E2E_DATABASE_PATH = databasePath;
process.env.E2E_BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  globalTeardown: "./e2e/teardown.ts",
  retries: 0,
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    // First-run setup needs a database with no instructor in it, so it runs before every other spec.
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "journeys", testIgnore: /first-run\.spec\.ts/, dependencies: ["first-run"] },
  ],
  webServer: {
    command: "node e2e/server.mjs",
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    // A signal it can act on (the default is SIGKILL): e2e/server.mjs stops its app server and, on the
    // PostgreSQL pass, the throwaway cluster it started.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      DATABASE_PATH: databasePath,
      // Unset, as on a default install: the app follows the address each browser opened (e2e/addresses.spec.ts).
      NEXTAUTH_URL: "",
      NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      COLLOQUY_DEMO: "off",
      NEXT_TELEMETRY_DISABLED: "1",
      // Pinned, so that a developer's shell cannot change what the specs test.
      TRUST_PROXY: "",
      COLLOQUY_CONTENT_DIR: "",
      COLLOQUY_SYNCHRONOUS: "",
    },
  },
});
