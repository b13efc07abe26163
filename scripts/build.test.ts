import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-broken-"));
afterAll(() => fs.rmSync(contentDir, { recursive: true, force: true }));

function run(script: string) {
  return spawnSync("npm", ["run", "--silent", script], {
    cwd: root,
    env: { ...process.env, COLLOQUY_CONTENT_DIR: contentDir, COLLOQUY_CONTENT_CHECKED: "", NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("a broken lesson file", () => {
  const lesson = fs.readFileSync(path.join(root, "content", "lessons", "north-korea-legacy.yaml"), "utf8");
  // The first question loses its points: a field an author could easily drop.
  fs.writeFileSync(path.join(contentDir, "north-korea-legacy.yaml"), lesson.replace(/^( +)points: 1\n/m, ""));

  it("fails `npm run content:check`, naming the file and the field", () => {
    const result = run("content:check");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/north-korea-legacy\.yaml: excerpt "hanoi" › question "hanoi-q1" › points: /);
  });

  it("fails `npm run build` before anything is built", () => {
    const result = run("build");
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/north-korea-legacy\.yaml: excerpt "hanoi" › question "hanoi-q1" › points: /);
    expect(`${result.stdout}${result.stderr}`).toMatch(/Lesson content is invalid/);
  });
});
