import fs from "node:fs";

/** Removes the run's temporary database folder (playwright.config.ts made it). */
export default function teardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (dir && dir.includes("colloquy-e2e-")) fs.rmSync(dir, { recursive: true, force: true });
}
