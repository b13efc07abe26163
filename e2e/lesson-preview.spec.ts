import AxeBuilder from "@axe-core/playwright";
import { eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { changedTables, fingerprint } from "./checksum";
import { alertIn, expect, lessonOne, pageAs, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { attempts } = db.t;

/*
 * An instructor answers a lesson in its student preview: the same page a student answers, scored the same
 * way, with nothing stored anywhere.
 */

const lesson = lessonOne();
const previewPath = `/teach/lessons/${lesson.id}/preview`;
const questions = lesson.excerpts.flatMap((x) => x.questions);
const single = questions.find((q) => q.type === "single")!;
const evidence = questions.find((q) => q.type === "evidence")!;
if (single.type !== "single" || evidence.type !== "evidence") throw new Error("lesson one changed");
const evidenceExcerpt = lesson.excerpts.find((x) => x.questions.includes(evidence))!;
const itemCount = questions.length + lesson.debates.length;
const totalPoints = questions.reduce((s, q) => s + q.points, 0) + lesson.debates.reduce((s, d) => s + d.points, 0);

async function pickSentence(page: Page, sentenceId: string) {
  const text = evidenceExcerpt.sentences.find((s) => s.id === sentenceId)!.text;
  const item = page.locator(`#item-${evidence.id}`);
  await item.locator("label.pick", { hasText: text }).locator(".nowrap span").click();
  await expect(item.getByRole("checkbox", { name: text, exact: true })).toBeChecked();
}

test("an instructor answers the student preview and sees the results a student would; nothing is stored", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Preview Instructor");
  const page = await pageAs(browser, instructor);
  const before = await fingerprint(testDb());
  const saves: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/api/assignments/")) saves.push(request.url());
  });

  await page.goto(previewPath);
  await expect(page.getByRole("note")).toHaveText(/Preview: this is what students see\. Answers here are not saved\./);
  await expect(page.getByRole("heading", { name: lesson.title, level: 1 })).toBeVisible();
  await expect(page.getByText(`By ${lesson.author}`)).toBeVisible();
  await expect(page.getByText(lesson.attribution)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Preview — nothing is saved." })).toBeVisible();
  await expect(page.getByText(`0 of ${itemCount} answered`)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("lesson-preview.png") });
  await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
  await expect(page.locator(".default-submit")).toHaveCount(1);

  // The single choice right; of the evidence key's sentences, the first only (half the key: half the points).
  await page.locator(`#item-${single.id}`).getByRole("radio", { name: single.choices.find((c) => c.correct)!.text, exact: true }).check();
  await pickSentence(page, evidence.key[0]!);
  await expect(page.getByText(`2 of ${itemCount} answered`)).toBeVisible();
  await page.locator(`#item-${evidence.id}`).screenshot({ path: test.info().outputPath("lesson-preview-evidence.png") });

  // A student's page would say "Unsaved changes…" and have a backup in localStorage by now.
  await expect(page.getByRole("status").filter({ hasText: "Preview — nothing is saved." })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("colloquy:")))).toEqual([]);

  await page.getByRole("button", { name: "Submit lesson" }).click();
  await expect(alertIn(page)).toContainText(`${itemCount - 2} of ${itemCount} not answered yet`);
  await page.getByRole("button", { name: "Submit anyway" }).click();

  const expected = single.points + evidence.points / evidence.key.length;
  await expect(page.getByText(`Score: ${expected} of ${totalPoints} points.`)).toBeVisible();
  await expect(page.locator(`#result-${single.id}`).getByText(`Correct · ${single.points} / ${single.points} pts`)).toBeVisible();
  await expect(page.locator(`#result-${evidence.id}`).getByText(`Partly correct · ${expected - single.points} / ${evidence.points} pts`)).toBeVisible();
  await expect(page.locator(".badge-bad").filter({ hasText: "Not answered" }).first()).toBeVisible();
  await expect(page.getByText("The key: sentences that support the claim")).toHaveCount(questions.filter((q) => q.type === "evidence").length);
  await expect(page.getByText("Explanation:").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("lesson-preview-results.png") });
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // No draft save was ever sent; no attempt, no response, no row of any table.
  expect(saves).toEqual([]);
  expect(await db.all(db.q.select().from(attempts).where(eq(attempts.studentId, instructor.id)))).toEqual([]);
  expect(changedTables(before, await fingerprint(testDb()))).toEqual([]);

  await page.getByRole("link", { name: "Try again" }).first().click();
  await expect(page.getByText(`0 of ${itemCount} answered`)).toBeVisible();
  await expect(page.locator(`#item-${single.id}`).getByRole("radio", { checked: true })).toHaveCount(0);

  await page.getByRole("link", { name: "Show the answer key" }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/lessons/${lesson.id}$`));
  await expect(page.getByText("Built-in lesson · read-only · answer key shown")).toBeVisible();
});

test("the preview checks answers as a real submission does: a tampered choice gets a message, nothing else", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const page = await pageAs(browser, instructor);
  await page.goto(previewPath);
  const before = await fingerprint(testDb());
  const radio = page.locator(`#item-${single.id} input[type=radio]`).first();
  await radio.check();
  // Changed after the click: on a change React puts the value it rendered back.
  await radio.evaluate((input) => ((input as HTMLInputElement).value = "not-a-choice"));
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await expect(alertIn(page)).toHaveText('"not-a-choice" is not a choice of this question.');
  // Still the form, answers kept, so the instructor can carry on.
  await expect(page.getByRole("button", { name: "Submit lesson" })).toBeVisible();
  await expect(radio).toBeChecked();
  expect(changedTables(before, await fingerprint(testDb()))).toEqual([]);
});

test("students get no preview", async ({ browser }) => {
  const student = await seedUser("student");
  const page = await pageAs(browser, student);
  const response = await page.goto(previewPath);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(lesson.excerpts[0]!.sentences[0]!.text)).toHaveCount(0);
});

test("a lesson that does not exist has no preview", async ({ browser }) => {
  const page = await pageAs(browser, await seedUser("instructor"));
  expect((await page.goto("/teach/lessons/no-such-lesson/preview"))?.status()).toBe(404);
});
