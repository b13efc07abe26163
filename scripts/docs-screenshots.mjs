#!/usr/bin/env node
/**
 * Retakes the README's screenshots in docs/ from a running Colloquy with the demo data (`npm start` on a fresh
 * database, then `DEMO_PASSWORD=<the password it printed> node scripts/docs-screenshots.mjs [http://localhost:3000]`). Not part of the tests: it only
 * photographs the demo as a new instructor and student see it. The reading-supports and print images come from
 * their specs (e2e/reading-supports.spec.ts, e2e/print.spec.ts).
 */
import path from "node:path";
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://localhost:3000";
const password = process.env.DEMO_PASSWORD;
if (!password) throw new Error("Set DEMO_PASSWORD to the demo password `npm start` printed.");
const out = (name) => path.join(import.meta.dirname, "..", "docs", name);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: ["--no-sandbox"] });

async function signedIn(username, viewport = { width: 1200, height: 760 }) {
  const page = await browser.newPage({ viewport, baseURL: base });
  await page.goto("/signin");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/(teach|dashboard)$/);
  return page;
}

// The instructor's class page: the assignment, the roster, the join code.
const teacher = await signedIn("demo.teacher");
await teacher.getByRole("link", { name: /World Affairs/ }).first().click();
await teacher.waitForURL(/\/teach\/classes\/\d+$/);
await teacher.getByRole("heading", { level: 1 }).waitFor();
await teacher.screenshot({ path: out("screenshot-class.png") });

// The lesson preview with its answer key, scrolled to the first evidence question.
await teacher.getByRole("link", { name: "Lessons" }).first().click();
await teacher.waitForURL(/\/teach\/lessons$/);
await teacher.getByRole("link", { name: /Korea Legacy$/ }).first().click();
await teacher.waitForURL(/\/teach\/lessons\/[^/]+$/);
await teacher.getByRole("heading", { level: 1 }).waitFor();
await teacher.getByRole("heading", { name: /^Excerpt 1/ }).evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 24));
await teacher.screenshot({ path: out("screenshot-lesson-preview.png") });

// The editor, on a duplicate of the built-in lesson (a built-in lesson is read-only).
await teacher.setViewportSize({ width: 1280, height: 720 });
await teacher.getByRole("button", { name: /^Duplicate/ }).click();
await teacher.waitForURL(/\/edit(\?|$)/);
await teacher.getByRole("heading", { level: 1 }).waitFor();
await teacher.screenshot({ path: out("screenshot-editor.png") });

// A student answering: the first evidence question, two sentences chosen.
const student = await signedIn("demo.dev");
await student.getByRole("link", { name: /Korea/ }).first().click();
await student.getByRole("heading", { level: 1 }).waitFor();
const evidence = student.locator(".sentence-picker").first();
await evidence.scrollIntoViewIfNeeded();
const picks = evidence.locator("input[type=checkbox]");
await picks.nth(2).check();
await picks.nth(3).check();
await student.getByText(/All changes saved/).waitFor();
await evidence.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 380));
await student.screenshot({ path: out("screenshot-lesson.png") });

await browser.close();
console.log("docs/screenshot-{class,lesson-preview,editor,lesson}.png retaken from", base);
