import { and, desc, eq } from "drizzle-orm";
import type { Locator, Page } from "@playwright/test";
import type { Lesson } from "@/lib/content/schema";
import { enroll, expect, pageAs, seedClass, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { assignments, attempts, lessonVersions, lessons, responses } = db.t;

/*
 * A teacher brings a text that is not one of the repository's lessons, turns it into a lesson in the browser,
 * and assigns it; a student is scored exactly by the key; an edit republished never touches the assignment
 * made before it.
 */

const PARAGRAPHS = [
  "Dr. Ama Okafor runs the library on Main St. in the town of Ashby. She says the U.S. average is 3.5 evening visits per student each week. Most visitors arrive after 6 p.m. when the buses stop running.",
  "The council wants to close at 5 p.m. to save money. Students disagree. They point to a count showing that most evening visitors have no quiet place to study at home.",
  "Closing early saves a few thousand dollars; it costs the only second classroom many students have.",
];

const latestLessonOf = async (ownerId: number) => (await db.get(db.q.select().from(lessons).where(eq(lessons.ownerId, ownerId)).orderBy(desc(lessons.id))))!;
const versionsOf = (lessonId: number) => db.all(db.q.select().from(lessonVersions).where(eq(lessonVersions.lessonId, lessonId)).orderBy(lessonVersions.version));

function excerptCard(page: Page, n: number): Locator {
  return page.locator("section.excerpt-editor").nth(n - 1);
}

function question(page: Page, excerpt: number, n: number): Locator {
  return excerptCard(page, excerpt).locator("fieldset.question-editor").nth(n - 1);
}

async function addQuestion(page: Page, excerpt: number, type: string): Promise<Locator> {
  const card = excerptCard(page, excerpt);
  await card.getByLabel("New question type").selectOption({ label: type });
  await card.getByRole("button", { name: "Add question" }).click();
  return card.locator("fieldset.question-editor").last();
}

async function saved(page: Page) {
  await expect(page.locator(".editor-bar .save-status")).toHaveText(/All changes saved/);
}

test("an instructor writes a lesson from their own text, previews, publishes and assigns it; the student is scored by its key; a republished edit leaves the assignment alone", async ({ browser }) => {
  test.setTimeout(180_000);
  const instructor = await seedUser("instructor", "Ms. Author");
  const cls = await seedClass(instructor, "Authoring period");
  const student = await seedUser("student", "Reader Student");
  await enroll(student.id, cls.id);

  const page = await pageAs(browser, instructor);
  await page.goto("/teach/lessons");
  await page.getByRole("link", { name: "New lesson" }).click();
  await page.getByLabel("Title (optional)").fill("Night Hours at the Library");
  await page.getByLabel("Paste the text").fill(PARAGRAPHS.join("\n\n"));
  await page.getByRole("button", { name: "Create the lesson" }).click();
  await expect(page).toHaveURL(/\/teach\/lessons\/\d+\/edit\?created=1$/);
  const row = await latestLessonOf(instructor.id);

  // One excerpt per paragraph; abbreviations, initials and decimals do not end a sentence.
  await expect(page.locator("section.excerpt-editor")).toHaveCount(3);
  await expect(excerptCard(page, 1).locator("textarea.sentence-text")).toHaveText([
    "Dr. Ama Okafor runs the library on Main St. in the town of Ashby.",
    "She says the U.S. average is 3.5 evening visits per student each week.",
    "Most visitors arrive after 6 p.m. when the buses stop running.",
  ]);

  // Fix one merge and one split.
  await excerptCard(page, 2).getByRole("button", { name: "Join sentence 2 with sentence 3" }).click();
  await expect(excerptCard(page, 2).locator("textarea.sentence-text")).toHaveText([
    "The council wants to close at 5 p.m. to save money.",
    "Students disagree. They point to a count showing that most evening visitors have no quiet place to study at home.",
  ]);
  const third = excerptCard(page, 3).locator("textarea.sentence-text").first();
  await third.focus();
  // The end of the text (End alone goes to the end of the wrapped line).
  await page.keyboard.press("Control+End");
  for (let i = 0; i < "it costs the only second classroom many students have.".length; i++) await page.keyboard.press("ArrowLeft");
  await excerptCard(page, 3).getByRole("button", { name: "Split sentence 1 at the cursor" }).click();
  await expect(excerptCard(page, 3).locator("textarea.sentence-text")).toHaveText(["Closing early saves a few thousand dollars;", "it costs the only second classroom many students have."]);
  await excerptCard(page, 1).getByLabel("Heading (optional)").fill("Who comes at night");
  await saved(page);

  // The server made the ids: the split's first part kept its id, the merge kept the first.
  const afterEdits = ((await latestLessonOf(instructor.id)).draft as Lesson).excerpts;
  const before = (row.draft as Lesson).excerpts;
  expect(afterEdits[2]!.sentences[0]!.id).toBe(before[2]!.sentences[0]!.id);
  expect(afterEdits[2]!.sentences[1]!.id).toMatch(/^s\d+$/);
  expect(afterEdits[1]!.sentences.map((s) => s.id)).toEqual([before[1]!.sentences[0]!.id, before[1]!.sentences[1]!.id]);

  // One question of every type on the first excerpt.
  const single = await addQuestion(page, 1, "Single choice");
  await single.getByLabel("Prompt").fill("Who runs the library?");
  await single.getByLabel("Choice A", { exact: true }).fill("Dr. Ama Okafor");
  await single.getByLabel("Choice B", { exact: true }).fill("The town council");
  await single.getByRole("button", { name: "Remove choice C" }).click();
  await single.getByLabel("Choice A is correct").check();
  await single.getByLabel("Explanation").fill("The first sentence names “Dr. Ama Okafor”.");

  const multiple = await addQuestion(page, 1, "Multiple select");
  await multiple.getByLabel("Prompt").fill("Which facts does the excerpt give? Select all that apply.");
  await multiple.getByLabel("Choice A", { exact: true }).fill("A national average of evening visits");
  await multiple.getByLabel("Choice B", { exact: true }).fill("When most visitors arrive");
  await multiple.getByLabel("Choice C", { exact: true }).fill("The library's yearly budget");
  await multiple.getByRole("button", { name: "Remove choice D" }).click();
  await multiple.getByLabel("Choice A is correct").check();
  await multiple.getByLabel("Choice B is correct").check();
  await multiple.getByLabel("Explanation").fill("It gives the U.S. average and the time visitors arrive, not the budget.");

  const trueFalse = await addQuestion(page, 1, "True / false");
  await trueFalse.getByLabel("Prompt").fill("True or false: most visitors arrive in the morning.");
  await trueFalse.getByLabel("False", { exact: true }).check();
  await trueFalse.getByLabel("Explanation").fill("False: they arrive “after 6 p.m.”");

  const short = await addQuestion(page, 1, "Short answer");
  await short.getByLabel("Prompt").fill("Why do visitors come late?");
  await short.getByLabel("Sample answer").fill("Because the buses stop running after 6 p.m.");
  await short.getByLabel("Level 1 description").fill("Links the late visits to the buses.");
  await short.getByLabel("Explanation").fill("The last sentence ties the arrivals to the buses.");

  const evidence = await addQuestion(page, 1, "Evidence (pick sentences)");
  await evidence.getByLabel("Claim").fill("The excerpt gives numbers about when and how often students visit.");
  await evidence.getByLabel("Explanation").fill("The second sentence gives the average; the third gives the time.");
  // Until a key sentence is picked, the problem shows beside the field and in the list, and publishing is refused.
  await expect(evidence.locator(".field-error")).toContainText(/key sentence/i);
  await expect(page.locator("#problems")).toContainText(/Question 5 on .Excerpt 1 · Who comes at night.*key sentence/i);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.locator("main [role=alert]")).toContainText("Not published");
  await evidence.getByRole("button", { name: /She says the U\.S\. average/ }).click();
  await evidence.getByRole("button", { name: /Most visitors arrive after 6 p\.m\./ }).click();
  await expect(evidence.getByRole("button", { pressed: true })).toHaveCount(2);
  await evidence.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/authoring-journey-evidence.png" });

  // A debate prompt, with side labels of its own.
  await page.getByRole("button", { name: "Add a debate prompt" }).click();
  await page.getByLabel("Motion", { exact: true }).fill("This house believes the library should stay open in the evenings.");
  await page.getByLabel("Label of the side for the motion").fill("Keep evening hours");
  await page.getByLabel("Label of the side against").fill("Close at 5 p.m.");
  await page.getByLabel("Background", { exact: true }).fill("The council proposes closing at 5 p.m.; students say the evening library is where they study.");
  await page.getByRole("checkbox", { name: "Excerpt 1 · Who comes at night" }).check();

  await expect(page.locator("#problems")).toContainText("Ready to publish");
  await saved(page);

  // Survives a reload.
  await page.reload();
  await expect(question(page, 1, 5).getByRole("button", { pressed: true })).toHaveCount(2);
  await expect(page.getByLabel("Motion", { exact: true })).toHaveValue("This house believes the library should stay open in the evenings.");

  // Preview the draft as a student: answered and scored, nothing stored.
  await page.getByRole("link", { name: "Preview as a student" }).click();
  await expect(page.getByRole("note")).toContainText("Preview of your draft");
  const draftNow = (await latestLessonOf(instructor.id)).draft as Lesson;
  const [pSingle, , , , pEvidence] = draftNow.excerpts[0]!.questions;
  await page.locator(`#item-${pSingle!.id}`).getByRole("radio", { name: "Dr. Ama Okafor", exact: true }).check();
  await page.locator(`#item-${pEvidence!.id}`).getByRole("checkbox", { name: "She says the U.S. average is 3.5 evening visits per student each week.", exact: true }).check();
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await page.getByRole("button", { name: "Submit anyway" }).click();
  await expect(page.getByText("Score: 2 of 13 points.")).toBeVisible();
  expect(await db.all(db.q.select().from(attempts).where(eq(attempts.studentId, instructor.id)))).toEqual([]);
  await page.getByRole("link", { name: "Back to the editor" }).first().click();

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published as version 1" })).toBeVisible();
  const [v1] = await versionsOf(row.id);
  const published = v1!.content as Lesson;
  expect(published.excerpts[0]!.questions.map((q) => q.type)).toEqual(["single", "multiple", "truefalse", "short", "evidence"]);

  // Assign it from the class page.
  await page.goto(`/teach/classes/${cls.id}`);
  await page.getByLabel("Lesson", { exact: true }).selectOption({ label: "Night Hours at the Library (yours, version 1)" });
  await page.getByRole("button", { name: "Assign lesson" }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+\?assigned=1$/);
  const firstAssignment = (await db.get(db.q.select().from(assignments).where(eq(assignments.classId, cls.id))))!;
  expect(firstAssignment.lessonVersionId).toBe(v1!.id);

  // The student answers: every automatic question right but the evidence, where they pick one of two key sentences.
  const [qSingle, qMultiple, qTrueFalse, qShort, qEvidence] = published.excerpts[0]!.questions;
  const studentPage = await pageAs(browser, student);
  await studentPage.goto(`/assignments/${firstAssignment.id}`);
  await expect(studentPage.getByRole("heading", { name: "Who comes at night" })).toBeVisible();
  await studentPage.locator(`#item-${qSingle!.id}`).getByRole("radio", { name: "Dr. Ama Okafor", exact: true }).check();
  await studentPage.locator(`#item-${qMultiple!.id}`).getByRole("checkbox", { name: "A national average of evening visits", exact: true }).check();
  await studentPage.locator(`#item-${qMultiple!.id}`).getByRole("checkbox", { name: "When most visitors arrive", exact: true }).check();
  await studentPage.locator(`#item-${qTrueFalse!.id}`).getByLabel("False", { exact: true }).check();
  await studentPage.locator(`#item-${qShort!.id}`).getByRole("textbox").fill("The buses stop.");
  await studentPage.locator(`#item-${qEvidence!.id}`).getByRole("checkbox", { name: "She says the U.S. average is 3.5 evening visits per student each week.", exact: true }).check();
  // The debate prompt is left unanswered, so submitting asks first.
  await studentPage.getByRole("button", { name: "Submit lesson" }).click();
  await studentPage.getByRole("button", { name: "Submit anyway" }).click();
  await expect(studentPage).toHaveURL(/\?submitted=1$/);
  const attempt = (await db.get(db.q.select().from(attempts).where(and(eq(attempts.assignmentId, firstAssignment.id), eq(attempts.studentId, student.id)))))!;
  const scores = Object.fromEntries((await db.all(db.q.select().from(responses).where(eq(responses.attemptId, attempt.id)))).map((r) => [r.itemId, r.score]));
  expect(scores).toMatchObject({ [qSingle!.id]: 1, [qMultiple!.id]: 2, [qTrueFalse!.id]: 1, [qShort!.id]: null, [qEvidence!.id]: 1 });

  // The instructor edits the published lesson and republishes.
  await page.goto(`/teach/lessons/${row.id}/edit`);
  await excerptCard(page, 1).locator("textarea.sentence-text").first().fill("Dr. Ama Okafor has run the library on Main St. for ten years.");
  await saved(page);
  await page.getByRole("button", { name: "Publish changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published as version 2" })).toBeVisible();
  expect(await versionsOf(row.id)).toHaveLength(2);

  // The existing assignment is unchanged; a new one shows the edit.
  const stored = (await db.get(db.q.select().from(assignments).where(eq(assignments.id, firstAssignment.id))))!;
  expect((stored.lessonSnapshot as Lesson).excerpts[0]!.sentences[0]!.text).toBe("Dr. Ama Okafor runs the library on Main St. in the town of Ashby.");
  await page.goto(`/teach/classes/${cls.id}`);
  await page.getByLabel("Lesson", { exact: true }).selectOption({ label: "Night Hours at the Library (yours, version 2)" });
  await page.getByRole("button", { name: "Assign lesson" }).click();
  // The class has this lesson already (version 1): assigning it again is confirmed first.
  await page.getByRole("button", { name: "Assign it again" }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+\?assigned=1$/);
  const second = (await db.get(db.q.select().from(assignments).where(eq(assignments.classId, cls.id)).orderBy(desc(assignments.id))))!;
  await studentPage.goto(`/assignments/${second.id}`);
  await expect(studentPage.getByText("Dr. Ama Okafor has run the library on Main St. for ten years.").first()).toBeVisible();
  await studentPage.goto(`/assignments/${firstAssignment.id}`);
  await expect(studentPage.getByText("Dr. Ama Okafor has run the library")).toHaveCount(0);
});
