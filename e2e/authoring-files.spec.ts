import fs from "node:fs";
import { parse, stringify } from "yaml";
import { count, desc, eq } from "drizzle-orm";
import type { DraftLesson } from "@/lib/authoring/draft";
import { lessonToDraft } from "@/lib/authoring/draft";
import { parseLesson } from "@/lib/content/load";
import { expect, lessonOne, pageAs, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { lessons } = db.t;

/* Lessons in and out as files: uploads of every kind (and refusals), YAML export and import, GIFT and Aiken. */

const lessonsOf = async (ownerId: number) => (await db.get(db.q.select({ n: count() }).from(lessons).where(eq(lessons.ownerId, ownerId))))!.n;
const latestDraftOf = async (ownerId: number) => (await db.get(db.q.select().from(lessons).where(eq(lessons.ownerId, ownerId)).orderBy(desc(lessons.id))))!.draft as DraftLesson;

test("uploads become excerpts; a wrong, empty or oversized file is refused with what to do, and nothing is stored", async ({ browser }) => {
  const instructor = await seedUser("instructor", "File Author");
  const page = await pageAs(browser, instructor);
  const upload = async (name: string, mimeType: string, buffer: Buffer) => {
    await page.goto("/teach/lessons/new");
    await page.getByLabel("Or upload a file").setInputFiles({ name, mimeType, buffer });
    await page.getByRole("button", { name: "Create the lesson" }).click();
  };

  await upload("notes.pdf", "application/pdf", Buffer.from("%PDF-1.4 not text"));
  await expect(page.locator("main [role=alert]").first()).toContainText(/\.txt, \.md, \.html or \.docx/);
  await upload("empty.txt", "text/plain", Buffer.from("  \n\n "));
  await expect(page.locator("main [role=alert]").first()).toContainText(/no text/i);
  await upload("huge.txt", "text/plain", Buffer.alloc(2 * 1024 * 1024 + 10, "a"));
  await expect(page.locator("main [role=alert]").first()).toContainText("2 MB");
  expect(await lessonsOf(instructor.id)).toBe(0);

  // HTML is reduced to its paragraphs' text: never rendered, scripts dropped.
  await upload("article.html", "text/html", Buffer.from("<html><head><title>Night Owls</title><script>window.__xss=1</script></head><body><h1>Night Owls</h1><p>First <b>bold</b> paragraph. It has two sentences.</p><p>Second &amp; last paragraph.</p></body></html>"));
  await expect(page).toHaveURL(/\/edit\?created=1$/);
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Night Owls");
  await expect(page.locator("textarea.sentence-text")).toHaveText(["First bold paragraph.", "It has two sentences.", "Second & last paragraph."]);

  // Pasted markup stays text, in the editor and in what students see.
  await page.goto("/teach/lessons/new");
  await page.getByLabel("Paste the text").fill('<img src=x onerror="window.__xss=1"> is how a tag looks. <script>window.__xss=1</script> Also text.');
  await page.getByRole("button", { name: "Create the lesson" }).click();
  await expect(page).toHaveURL(/\/edit\?created=1$/);
  await expect(page.locator("textarea.sentence-text").first()).toHaveValue(/^<img src=x onerror="window.__xss=1"> is how a tag looks\./);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test("a lesson exported as YAML imports back as the same lesson; a broken file is refused with every problem", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Round Trip");
  const page = await pageAs(browser, instructor);
  const lesson = lessonOne();
  await page.goto(`/teach/lessons/${lesson.id}`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export as YAML" }).click();
  const file = await (await download).path();
  expect((await download).suggestedFilename()).toBe(`${lesson.id}.yaml`);
  const yaml = fs.readFileSync(file, "utf8");
  // What `npm run content:check` would say of it in content/lessons: valid, and the same lesson.
  expect(parseLesson(`content/lessons/${lesson.id}.yaml`, yaml)).toEqual({ lesson, errors: [] });

  await page.goto("/teach/lessons/new");
  await page.getByLabel("Lesson file (.yaml)").setInputFiles({ name: (await download).suggestedFilename(), mimeType: "application/yaml", buffer: Buffer.from(yaml) });
  await page.getByRole("button", { name: "Import the lesson" }).click();
  await expect(page).toHaveURL(/\/edit\?imported=1$/);
  const imported = await latestDraftOf(instructor.id);
  const { id: _ignored, ...rest } = lessonToDraft(lesson);
  expect(imported).toMatchObject(rest);
  await expect(page.locator("#problems")).toContainText("Ready to publish");

  // Two problems of different kinds: a type error does not hide the key that is not a sentence.
  const data = parse(yaml);
  data.excerpts[0].questions[0].points = "one";
  data.excerpts[0].questions.find((q: { type: string }) => q.type === "evidence").key = ["hanoi-99"];
  const broken = stringify(data);

  // A built-in lesson is read-only, and its duplicate is the instructor's own, ids and all.
  await page.goto(`/teach/lessons/${lesson.id}`);
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await page.getByRole("button", { name: "Duplicate to edit a copy" }).click();
  await expect(page).toHaveURL(/\/edit\?copied=1$/);
  const copy = await latestDraftOf(instructor.id);
  expect(copy.title).toBe(`${lesson.title} (copy)`);
  expect(copy.excerpts.map((x) => x.sentences.map((s) => s.id))).toEqual(lesson.excerpts.map((x) => x.sentences.map((s) => s.id)));
  const before = await lessonsOf(instructor.id);
  await page.goto("/teach/lessons/new");
  await page.getByLabel("Lesson file (.yaml)").setInputFiles({ name: "broken.yaml", mimeType: "application/yaml", buffer: Buffer.from(broken) });
  await page.getByRole("button", { name: "Import the lesson" }).click();
  const alert = page.locator("main [role=alert]").first();
  await expect(alert).toContainText("Nothing was imported");
  await expect(alert).toContainText("hanoi-99");
  await expect(alert).toContainText(/points/);
  expect(await lessonsOf(instructor.id)).toBe(before);
});

test("GIFT and Aiken questions import into an excerpt; a file with an unsupported feature is refused by line", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Moodle Convert");
  const page = await pageAs(browser, instructor);
  await page.goto("/teach/lessons/new");
  await page.getByLabel("Paste the text").fill("The library opens at nine. It closes at five.");
  await page.getByRole("button", { name: "Create the lesson" }).click();
  await expect(page).toHaveURL(/\/edit\?created=1$/);
  const card = page.locator("section.excerpt-editor").first();
  const importBox = card.locator("details.question-import");
  await importBox.getByText("Import questions from a GIFT or Aiken file").click();

  await importBox.getByLabel("Or paste the questions").fill("::Q1:: When does the library open? {=At nine ~At five}\n\nMatch the times. {=open -> nine =close -> five}\n");
  await importBox.getByRole("button", { name: /Import into/ }).click();
  await expect(importBox.getByRole("alert")).toContainText("Nothing was imported");
  await expect(importBox.getByRole("alert")).toContainText(/Line 3/);
  await expect(card.locator("fieldset.question-editor")).toHaveCount(0);

  await importBox.getByLabel("Or paste the questions").fill("When does the library open? {=At nine ~At five ~At noon}\n\nThe library closes at five. {T}\n");
  await importBox.getByRole("button", { name: /Import into/ }).click();
  await expect(importBox.getByRole("status")).toContainText("Added 2 question(s)");
  await expect(card.locator("fieldset.question-editor")).toHaveCount(2);

  await importBox.getByLabel("Format").selectOption("aiken");
  await importBox.getByLabel("Or paste the questions").fill("When does it close?\nA. At nine\nB. At five\nANSWER: B\n");
  await importBox.getByRole("button", { name: /Import into/ }).click();
  await expect(card.locator("fieldset.question-editor")).toHaveCount(3);
  await expect(page.locator(".editor-bar .save-status")).toHaveText(/All changes saved/);
  const draft = await latestDraftOf(instructor.id);
  const questions = draft.excerpts[0]!.questions;
  expect(questions.map((q) => q.type)).toEqual(["single", "truefalse", "single"]);
  expect(questions.every((q) => /^q\d+$/.test(q.id))).toBe(true);
  const aiken = questions[2]!;
  expect(aiken.type === "single" && aiken.choices.find((c) => c.correct)?.text).toBe("At five");
});
