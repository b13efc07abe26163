import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createAssignment } from "@/db/queries/assignments";
import type { Lesson } from "@/lib/content/schema";
import { excerptName } from "@/lib/content/display";
import { indexLesson } from "@/lib/lesson-items";
import { choiceLetter } from "@/lib/letters";
import { STANCES } from "@/lib/stances";
import { expect, lessonOne, pageAs, seedClass, seedUser, test, testDb } from "./fixtures";
import { ensurePoppler, readPdf, renderPages } from "./pdf";

/*
 * The student copy and the answer key, printed by Chromium to PDF and read back as text: what is on paper,
 * and that nothing of the screen (menus, buttons) is.
 */

test.beforeAll(() => ensurePoppler());

const lesson = lessonOne();
const squash = (s: string) => s.replace(/\s+/g, " ").trim();
// Short messages: a failure names the text looked for, not the whole PDF.
const has = (pdf: { text: string }, s: string) => expect(pdf.text.includes(s), `the PDF has "${s}"`).toBe(true);
const lacks = (pdf: { text: string }, s: string) => expect(pdf.text.includes(s), `the PDF has no "${s}"`).toBe(false);

async function printToPdf(page: Page, name: string) {
  await page.emulateMedia({ media: "print" });
  // Nothing of the app's screen is printed: the header with its menus and sign-out, the toolbar, any button or form.
  await expect(page.locator("header.site-header")).toBeHidden();
  await expect(page.locator(".print-toolbar")).toBeHidden();
  for (const button of await page.getByRole("button").all()) await expect(button).toBeHidden();
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expect(page.locator("article.print-doc")).toBeVisible();
  const pdf = readPdf(await page.pdf({ format: "A4", printBackground: false }), name);
  for (const screenOnly of ["Sign out", "Skip to content", "Print the student copy", "Print the answer key", "Save as PDF"]) lacks(pdf, screenOnly);
  // Kept with the test's results, with its pages as PNG, for a person to look at.
  fs.copyFileSync(pdf.file, test.info().outputPath(`${name}.pdf`));
  renderPages(pdf.file, test.info().outputPath(`${name}-page`), pdf.pages);
  return pdf;
}

/** Each question starts and ends on the same page: its prompt and its last line (the last choice, the claim…) share one. */
function expectQuestionsWhole(pdf: { pageTexts: string[] }, l: Lesson) {
  for (const item of indexLesson(l).items) {
    if (item.kind !== "question") continue;
    const q = item.question;
    const page = pdf.pageTexts.findIndex((t) => t.includes(`Question ${item.number}.`));
    expect(page, `Question ${item.number} is printed`).toBeGreaterThanOrEqual(0);
    const last = q.type === "single" || q.type === "multiple" ? `${choiceLetter(q.choices.length - 1)} ${squash(q.choices.at(-1)!.text)}` : q.type === "truefalse" ? "False" : q.type === "evidence" ? "Sentences of excerpt" : null;
    if (last) expect(pdf.pageTexts[page]!.includes(last.slice(0, 40)), `Question ${item.number} is on one page`).toBe(true);
  }
}

test("the lesson's student copy prints the text, every question with room to answer, and the debate prompts", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/lessons/${lesson.id}`);
  await page.getByRole("link", { name: "Print student copy" }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/lessons/${lesson.id}/print\\?copy=student$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Print the student copy");
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();

  const pdf = await printToPdf(page, "student-copy");
  expect(pdf.pages).toBeGreaterThan(1);
  has(pdf, squash(lesson.title));
  has(pdf, "Student copy");
  has(pdf, "Name");
  lesson.excerpts.forEach((x, i) => has(pdf, squash(`Excerpt ${i + 1} · ${x.heading ?? `Paragraph ${i + 1}`}`)));
  const questions = indexLesson(lesson).items.filter((i) => i.kind === "question");
  for (const item of questions) has(pdf, `Question ${item.number}.`);
  has(pdf, "Answer in your own words.");
  has(pdf, "Tick one.");
  lesson.debates.forEach((d, i) => has(pdf, squash(`Debate ${i + 1}. ${d.motion}`).slice(0, 60)));
  has(pdf, "My position");
  has(pdf, "My evidence");
  // Each excerpt named once ("Excerpt 1 · heading", never "Excerpt 1 · Excerpt 1 · heading"), and a position
  // on the lesson page's five-point scale.
  for (const [i, x] of lesson.excerpts.entries()) await expect(page.getByRole("heading", { name: excerptName(i + 1, x.heading), exact: true })).toHaveCount(1);
  lacks(pdf, "Excerpt 1 · Excerpt 1");
  for (const stance of STANCES) has(pdf, stance.label);
  // A student copy gives nothing away.
  for (const q of questions) if (q.kind === "question") lacks(pdf, squash(q.question.explanation).slice(0, 60));
  lacks(pdf, "Explanation:");
  lacks(pdf, "✓ correct");
  expectQuestionsWhole(pdf, lesson);
});

test("the answer key prints the correct answers, rubrics and explanations", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/lessons/${lesson.id}`);
  await page.getByRole("link", { name: "Print answer key" }).click();
  await expect(page).toHaveURL(new RegExp(`/print\\?copy=key$`));
  await expect(page.getByRole("link", { name: "Answer key" })).toHaveAttribute("aria-current", "page");

  const pdf = await printToPdf(page, "answer-key");
  expect(pdf.pages).toBeGreaterThan(1);
  has(pdf, "Answer key");
  has(pdf, squash(lesson.title));
  const questions = lesson.excerpts.flatMap((x) => x.questions);
  for (const q of questions) has(pdf, squash(q.explanation).slice(0, 60));
  // Each evidence question names its own key sentences, by number and text.
  for (const excerpt of lesson.excerpts)
    for (const q of excerpt.questions) {
      if (q.type !== "evidence") continue;
      const numbers = q.key.map((id) => excerpt.sentences.findIndex((s) => s.id === id) + 1);
      const block = page.locator(".question", { has: page.getByText(q.claim) });
      await expect(block.getByText(/^Key: sentences? /)).toHaveText(`Key: ${q.key.length === 1 ? "sentence" : "sentences"} ${numbers.join(", ")}`);
      await expect(block.getByRole("listitem")).toHaveText(q.key.map((id, i) => `${numbers[i]} “${excerpt.sentences.find((s) => s.id === id)!.text}”`));
    }
  const short = questions.find((q) => q.type === "short")!;
  if (short.type === "short") {
    has(pdf, squash(short.sampleAnswer).slice(0, 60));
    has(pdf, squash(short.rubric[0]!.description).slice(0, 40));
  }
  has(pdf, "✓ correct");
});

test("an assignment prints from its snapshot: the lesson as it was assigned", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Print class");
  // The snapshot differs from the built-in lesson, as it would after the file changed.
  const snapshot: Lesson = { ...lesson, title: `${lesson.title} (as assigned)`, excerpts: [{ ...lesson.excerpts[0]!, heading: "The heading when assigned" }, ...lesson.excerpts.slice(1)] };
  const assignment = (await createAssignment(testDb(), instructor.id, { classId: cls.id, lesson: snapshot, dueAt: null }))!;
  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await page.getByRole("link", { name: "Student copy" }).click();
  await expect(page).toHaveURL(new RegExp(`/assignments/${assignment.id}/print\\?copy=student$`));
  const student = await printToPdf(page, "assignment-student");
  has(student, "(as assigned)");
  has(student, "Excerpt 1 · The heading when assigned");

  await page.emulateMedia({ media: "screen" });
  await page.getByRole("link", { name: "Answer key" }).click();
  await expect(page).toHaveURL(/print\?copy=key$/);
  const key = await printToPdf(page, "assignment-key");
  has(key, "(as assigned)");
  has(key, "The heading when assigned");
});

test("the print pages, as shown on screen before printing, are keyboard operable and axe clean", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const page = await pageAs(browser, instructor);
  for (const copy of ["student", "key"]) {
    await page.goto(`/teach/lessons/${lesson.id}/print?copy=${copy}`);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.map((v) => `${copy}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`)).toEqual([]);
  }
  await page.screenshot({ path: test.info().outputPath("print-key-screen.png") });
  // The other copy is a link away, and the print button is reached by keyboard.
  await page.getByRole("link", { name: "Student copy" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/copy=student$/);
  await page.getByRole("link", { name: "Answer key" }).focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Print" })).toBeFocused();
});
