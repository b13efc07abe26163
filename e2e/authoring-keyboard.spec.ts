import AxeBuilder from "@axe-core/playwright";
import { desc, eq } from "drizzle-orm";
import type { Locator, Page } from "@playwright/test";
import type { Lesson } from "@/lib/content/schema";
import { expect, pageAs, seedUser, skipBrowserValidation, test, testDb } from "./fixtures";

const db = testDb();
const { lessonVersions, lessons } = db.t;

/* The editor's steps by keyboard alone, and axe on every authoring page. */

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${label}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`)).toEqual([]);
}

/** Presses Tab (or Shift+Tab) until `target` has the focus: it must be reachable, in order, from where the focus is. */
async function tabTo(page: Page, target: Locator, limit = 80, key = "Tab") {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`not reached by Tab in ${limit} presses: ${target}`);
}

const latestLessonOf = async (ownerId: number) => (await db.get(db.q.select().from(lessons).where(eq(lessons.ownerId, ownerId)).orderBy(desc(lessons.id))))!;

test("the editor's steps work by keyboard alone", async ({ browser }) => {
  test.setTimeout(120_000);
  const instructor = await seedUser("instructor", "Keyboard Author");
  const page = await pageAs(browser, instructor);
  await page.goto("/teach/lessons/new");

  await tabTo(page, page.getByLabel("Title (optional)"));
  await page.keyboard.type("Keys Only");
  await tabTo(page, page.getByLabel("Paste the text"));
  await page.keyboard.type("First sentence here. Second one follows.");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.type("A second paragraph. It ends here.");
  await tabTo(page, page.getByRole("button", { name: "Create the lesson" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/edit\?created=1$/);
  const rowId = (await latestLessonOf(instructor.id)).id;

  // Split a sentence at the cursor, then join it back, by keyboard.
  const first = page.locator("section.excerpt-editor").first();
  const sentence = first.locator("textarea.sentence-text").first();
  await tabTo(page, sentence);
  await page.keyboard.press("Control+End");
  for (let i = 0; i < "here.".length; i++) await page.keyboard.press("ArrowLeft");
  await tabTo(page, first.getByRole("button", { name: "Split sentence 1 at the cursor" }));
  await page.keyboard.press("Enter");
  await expect(first.locator("textarea.sentence-text")).toHaveText(["First sentence", "here.", "Second one follows."]);
  await tabTo(page, first.getByRole("button", { name: "Join sentence 1 with sentence 2" }));
  await page.keyboard.press("Space");
  await expect(first.locator("textarea.sentence-text")).toHaveText(["First sentence here.", "Second one follows."]);

  // An evidence question: type chosen from the select, key sentence picked with Space.
  await tabTo(page, first.getByLabel("New question type"));
  await page.keyboard.press("End");
  await expect(first.getByLabel("New question type")).toHaveValue("evidence");
  await tabTo(page, first.getByRole("button", { name: "Add question" }));
  await page.keyboard.press("Enter");
  const question = first.locator("fieldset.question-editor").first();
  await tabTo(page, question.getByLabel("Claim"));
  await page.keyboard.type("The text has a second sentence.");
  const key = question.getByRole("button", { name: /Second one follows\./ });
  await tabTo(page, key);
  await page.keyboard.press("Space");
  await expect(key).toHaveAttribute("aria-pressed", "true");
  await tabTo(page, question.getByLabel("Explanation"));
  await page.keyboard.type("It says so.");

  // Publish from the bar at the top, backing up to it with Shift+Tab.
  await expect(page.locator("#problems")).toContainText("Ready to publish");
  await tabTo(page, page.getByRole("button", { name: "Publish" }), 120, "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Published as version 1" })).toBeVisible();
  const version = (await db.get(db.q.select().from(lessonVersions).where(eq(lessonVersions.lessonId, rowId))))!;
  const published = version.content as Lesson;
  expect(published.excerpts[0]!.sentences.map((s) => s.text)).toEqual(["First sentence here.", "Second one follows."]);
  const q = published.excerpts[0]!.questions[0]!;
  expect(q.type === "evidence" && q.key).toEqual([published.excerpts[0]!.sentences[1]!.id]);

  // Leaving by a link straight after typing (before the autosave's pause is over) still saves.
  await page.getByLabel("Subtitle (optional)").fill("Typed just before leaving");
  await page.getByRole("link", { name: "Lessons", exact: true }).first().click();
  await expect(page).toHaveURL(/\/teach\/lessons$/);
  expect(((await latestLessonOf(instructor.id)).draft as { subtitle: string }).subtitle).toBe("Typed just before leaving");
});

test("axe finds nothing on the authoring pages", async ({ browser }) => {
  test.setTimeout(120_000);
  const instructor = await seedUser("instructor", "Axe Author");
  const page = await pageAs(browser, instructor);

  await page.goto("/teach/lessons/new");
  await expectNoViolations(page, "/teach/lessons/new");
  await page.screenshot({ path: "test-results/authoring-new.png", fullPage: true });
  await skipBrowserValidation(page);
  await page.getByRole("button", { name: "Create the lesson" }).click();
  await expect(page.locator("main [role=alert]").first()).toBeVisible();
  await expectNoViolations(page, "/teach/lessons/new with an error");

  await page.getByLabel("Paste the text").fill("A paragraph to check. It has two sentences.\n\nAnother paragraph.");
  await page.getByRole("button", { name: "Create the lesson" }).click();
  await expect(page).toHaveURL(/\/edit\?created=1$/);
  const first = page.locator("section.excerpt-editor").first();
  for (const type of ["Single choice", "Multiple select", "True / false", "Short answer", "Evidence (pick sentences)"]) {
    await first.getByLabel("New question type").selectOption({ label: type });
    await first.getByRole("button", { name: "Add question" }).click();
  }
  await page.getByRole("button", { name: "Add a debate prompt" }).click();
  await first.getByText("Import questions from a GIFT or Aiken file").click();
  // Every question type's fields, with their problems showing.
  await expect(page.locator("#problems li").first()).toBeVisible();
  await expectNoViolations(page, "editor");
  await page.screenshot({ path: "test-results/authoring-editor.png" });
  const questions = first.locator("fieldset.question-editor");
  for (let i = 0; i < 5; i++) await questions.nth(i).screenshot({ path: `test-results/authoring-question-${i + 1}.png` });
  await page.locator("section", { has: page.getByRole("heading", { name: "Debate prompts" }) }).screenshot({ path: "test-results/authoring-debates.png" });

  const rowId = (await latestLessonOf(instructor.id)).id;
  await page.goto(`/teach/lessons/${rowId}`);
  await expectNoViolations(page, "lesson page (draft)");
  await page.screenshot({ path: "test-results/authoring-lesson-page.png", fullPage: true });
  await page.goto("/teach/lessons");
  await expectNoViolations(page, "/teach/lessons");
  await page.screenshot({ path: "test-results/authoring-list.png", fullPage: true });
});
