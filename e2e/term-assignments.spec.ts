import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { createAssignment } from "@/db/queries/assignments";
import { saveDraftAnswers, submitAttempt } from "@/db/queries/attempts";
import { startDebate } from "@/db/queries/debates";
import { gradeResponse } from "@/db/queries/grading";
import { toLocalDateTime } from "@/lib/format";
import { indexLesson } from "@/lib/lesson-items";
import { enroll, expect, lessonOne, pageAs, seedClass, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { assignments, attempts, debateSessions, responses } = db.t;

/*
 * A whole term (issue 11, points 1–3): an assignment changes after it was assigned, is unassigned without
 * losing work, closes at its due date with a student's own due date, and a submission goes back for revision.
 */

const lesson = lessonOne();
const questions = lesson.excerpts.flatMap((x) => x.questions);
const short = questions.find((q) => q.type === "short")!;
const shortLabel = indexLesson(lesson).byId.get(short.id)!.label;
const HOUR = 3_600_000;

const attemptsOf = (assignmentId: number) => db.all(db.q.select().from(attempts).where(eq(attempts.assignmentId, assignmentId)));
const responsesOf = (assignmentId: number) =>
  db.all(
    db.q
      .select({ id: responses.id, answer: responses.answer, score: responses.score, comment: responses.comment })
      .from(responses)
      .innerJoin(attempts, eq(attempts.id, responses.attemptId))
      .where(eq(attempts.assignmentId, assignmentId))
      // Compared as arrays: a fixed order (PostgreSQL returns rows in no particular order without one).
      .orderBy(responses.id),
  );

async function seedClassWith(names: string[], options: Partial<Parameters<typeof createAssignment>[2]> = {}) {
  const instructor = await seedUser("instructor", "Term Instructor");
  const cls = await seedClass(instructor, "Term class");
  const assignment = (await createAssignment(testDb(), instructor.id, { classId: cls.id, lesson, dueAt: null, ...options }))!;
  const students = [];
  for (const name of names) {
    const student = await seedUser("student", name);
    await enroll(student.id, cls.id);
    students.push(student);
  }
  return { instructor, cls, assignment, students };
}

/** Submits the lesson as it is on the page (confirming what is unanswered). */
async function submitLesson(page: Page) {
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await page.getByRole("button", { name: "Submit anyway" }).click();
  await expect(page.getByText("Your answers are submitted.")).toBeVisible();
}

test("an instructor edits an assignment, is warned before assigning it twice, and unassigns it without losing work", async ({ browser }) => {
  const { instructor, cls, assignment, students } = await seedClassWith(["Ines Submitter", "Jon Drafter"]);
  const [ines, jon] = students as [(typeof students)[number], (typeof students)[number]];
  await submitAttempt(testDb(), ines.id, assignment.id, { [short.id]: { text: "Ines's submitted answer" } });
  await saveDraftAnswers(testDb(), jon.id, assignment.id, { [short.id]: { text: "Jon's draft answer" } });
  const responsesBefore = await responsesOf(assignment.id);

  const page = await pageAs(browser, instructor);
  const base = `/teach/classes/${cls.id}/assignments/${assignment.id}`;
  await page.goto(base);
  const settings = page.locator("section", { has: page.getByRole("heading", { name: "Settings" }) });
  const due = Date.now() + 3 * 24 * HOUR;
  await settings.getByLabel("Due (optional)").fill(toLocalDateTime(due));
  await settings.getByLabel("After the due date").selectOption("close");
  await settings.getByLabel("Students see scores and explanations").selectOption("on_release");
  await settings.getByLabel("Instructions for students (optional)").fill("Read excerpt 2 twice.\nThen answer <b>every</b> question.");
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(settings.getByRole("status")).toHaveText("Saved. Students see the changes now.");
  await expect(page.getByText(/closes at the due date/).first()).toBeVisible();
  expect(await db.get(db.q.select().from(assignments).where(eq(assignments.id, assignment.id)))).toMatchObject({
    latePolicy: "close",
    feedbackMode: "on_release",
    instructions: "Read excerpt 2 twice.\nThen answer <b>every</b> question.",
  });
  await page.reload();
  await expect(settings.getByLabel("After the due date")).toHaveValue("close");
  await expect(settings.getByLabel("Due (optional)")).toHaveValue(toLocalDateTime(due));
  await settings.screenshot({ path: "test-results/term-assignment-settings.png" });
  await page.screenshot({ path: "test-results/term-assignment-page.png", fullPage: true });

  // The student reads the instructions above the lesson, as text.
  const learner = await pageAs(browser, jon);
  await learner.goto(`/assignments/${assignment.id}`);
  const instructions = learner.locator("section", { has: learner.getByRole("heading", { name: "Instructions from your teacher" }) });
  await expect(instructions).toContainText("Then answer <b>every</b> question.");
  await expect(instructions.locator("b")).toHaveCount(0);
  await expect(learner.getByRole("textbox").first()).toHaveValue("Jon's draft answer");

  // Assigning the same lesson again asks first; cancelling assigns nothing, confirming assigns it.
  await page.goto(`/teach/classes/${cls.id}`);
  const assign = page.locator("section", { has: page.getByRole("heading", { name: "Assign a lesson" }) });
  await assign.getByLabel("Lesson").selectOption(lesson.id);
  await assign.getByRole("button", { name: "Assign lesson" }).click();
  await expect(assign.getByRole("alert")).toContainText(/^This lesson is already assigned to this class \(due .+\)\. Assign it again\?/);
  await assign.getByRole("button", { name: "Cancel" }).click();
  await expect(assign.getByRole("alert")).toHaveCount(0);
  expect(await db.all(db.q.select().from(assignments).where(eq(assignments.classId, cls.id)))).toHaveLength(1);
  await assign.getByRole("button", { name: "Assign lesson" }).click();
  await assign.getByRole("button", { name: "Assign it again" }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+\?assigned=1$/);
  const second = Number(/assignments\/(\d+)/.exec(page.url())![1]);
  expect(second).not.toBe(assignment.id);

  // The duplicate has no work: unassigning it deletes it (after saying so).
  const unassignCard = page.locator("section", { has: page.getByRole("heading", { name: "Unassign" }) });
  await unassignCard.getByRole("button", { name: "Unassign…" }).click();
  await expect(unassignCard.getByRole("alert")).toHaveText(/No student has started this assignment\. Unassigning deletes it\./);
  await unassignCard.getByRole("button", { name: "Unassign and delete" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Unassigned:" })).toHaveText("Unassigned: nobody had started it, so it is deleted.");
  expect(await db.get(db.q.select().from(assignments).where(eq(assignments.id, second)))).toBeUndefined();

  // The original has work, and a debate on it is running: unassigning archives it and ends the debate.
  const started = await startDebate(db, instructor.id, assignment.id, lesson.debates[0]!.id);
  if (started.status !== "started") throw new Error(started.status);
  await learner.goto("/dashboard");
  await expect(learner.getByText(/Live debate now/)).toBeVisible();
  await page.goto(base);
  await unassignCard.getByRole("button", { name: "Unassign…" }).click();
  await expect(unassignCard.getByRole("alert")).toContainText(
    "This assignment has 2 students' work and 1 debate session. Unassigning archives it: students no longer see it, a debate still running on it ends, and nothing is deleted",
  );
  await unassignCard.getByRole("button", { name: "Unassign and archive" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Unassigned and archived" })).toBeVisible();
  const archived = page.locator("ul[aria-labelledby=archived-heading]");
  await expect(archived.getByRole("link", { name: lesson.title })).toBeVisible();

  // Nothing lost.
  expect(await responsesOf(assignment.id)).toEqual(responsesBefore);
  expect(await attemptsOf(assignment.id)).toHaveLength(2);

  // Students no longer see it: not on the dashboard (nor its debate, now ended, as live or past), the
  // lesson page and the debate's (by direct link too) are not found, the draft route and the debate's feed refuse.
  await learner.goto("/dashboard");
  await expect(learner.getByRole("link", { name: lesson.title })).toHaveCount(0);
  await expect(learner.getByText(/Live debate now/)).toHaveCount(0);
  await expect(learner.getByRole("heading", { name: "Past debates" })).toHaveCount(0);
  expect((await db.get(db.q.select().from(debateSessions).where(eq(debateSessions.id, started.session.id))))!.phase).toBe("ended");
  expect((await learner.goto(`/assignments/${assignment.id}`))!.status()).toBe(404);
  expect((await learner.goto(`/debates/${started.session.id}`))!.status()).toBe(404);
  expect((await learner.request.get(`/api/debates/${started.session.id}/events`)).status()).toBe(404);
  const put = await learner.request.put(`/api/assignments/${assignment.id}/draft`, { data: { answers: { [short.id]: { text: "Sneaked in" } } } });
  expect(put.status()).toBe(404);
  expect(await responsesOf(assignment.id)).toEqual(responsesBefore);

  // The instructor still reviews and exports it, and can restore it.
  await archived.getByRole("link", { name: lesson.title }).click();
  await expect(page.getByText(/^Archived on /)).toBeVisible();
  await expect(page.getByRole("region", { name: "Responses table" })).toContainText("Ines's submitted answer");
  const csv = await page.request.get(`${base}/export/responses.csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("Ines's submitted answer");
  await page.getByRole("button", { name: "Restore it for students" }).click();
  // The archived notice (with its button) goes; the assignment can be unassigned again.
  await expect(page.getByText(/^Archived on /)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Unassign" })).toBeVisible();
  await learner.goto(`/assignments/${assignment.id}`);
  await expect(learner.getByRole("textbox").first()).toHaveValue("Jon's draft answer");
  // And its debate, ended: its results are readable again.
  expect((await learner.goto(`/debates/${started.session.id}`))!.status()).toBe(200);
  await expect(learner.getByRole("heading", { name: "Transcript" })).toBeVisible();
});

test("a lesson closes at its due date; one student gets their own due date, another is reopened, late work is marked", async ({ browser }) => {
  const { instructor, cls, assignment, students } = await seedClassWith(["Kai Closed", "Lea Extended", "Mo Late"], { dueAt: Date.now() + HOUR, latePolicy: "close" });
  const [kai, lea, mo] = students as [(typeof students)[number], (typeof students)[number], (typeof students)[number]];
  for (const s of students) await saveDraftAnswers(testDb(), s.id, assignment.id, { [short.id]: { text: `${s.displayName}'s draft` } });
  // The due date passes (seeded: the form only takes dates to come when assigning).
  const dueAt = Date.now() - HOUR;
  await db.run(db.q.update(assignments).set({ dueAt }).where(eq(assignments.id, assignment.id)));

  const kaiPage = await pageAs(browser, kai);
  await kaiPage.goto(`/assignments/${assignment.id}`);
  const closed = kaiPage.getByText(/^This lesson closed on .+; your draft is kept\. Ask your teacher to reopen it\.$/);
  await expect(closed).toBeVisible();
  const answer = kaiPage.locator(`#item-${short.id}`).getByRole("textbox");
  await expect(answer).toHaveValue("Kai Closed's draft");
  await expect(answer).toBeDisabled();
  await expect(kaiPage.getByRole("button", { name: "Submit lesson" })).toHaveCount(0);
  const refused = await kaiPage.request.put(`/api/assignments/${assignment.id}/draft`, { data: { answers: { [short.id]: { text: "Too late" } } } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error).toMatch(/^This lesson closed on .+; your draft is kept\. Ask your teacher to reopen it\.$/);
  await kaiPage.screenshot({ path: "test-results/term-closed-lesson.png" });

  // The instructor gives Lea until tomorrow.
  const page = await pageAs(browser, instructor);
  const base = `/teach/classes/${cls.id}/assignments/${assignment.id}`;
  await page.goto(base);
  const own = page.locator("section", { has: page.getByRole("heading", { name: "Due dates for individual students" }) });
  await own.getByLabel("Student").selectOption({ label: "Lea Extended" });
  const tomorrow = Date.now() + 24 * HOUR;
  await own.getByLabel(/^Their due date/).fill(toLocalDateTime(tomorrow));
  await own.getByRole("button", { name: "Set this student's due date" }).click();
  await expect(own.getByRole("status")).toContainText("This student's work is now due");
  await expect(own.getByRole("listitem").filter({ hasText: "Lea Extended" })).toContainText("Due ");

  const leaPage = await pageAs(browser, lea);
  await leaPage.goto("/dashboard");
  await expect(leaPage.getByRole("listitem").filter({ hasText: lesson.title })).toContainText(/Due /);
  await leaPage.goto(`/assignments/${assignment.id}`);
  await expect(leaPage.getByText(/^This lesson closed/)).toHaveCount(0);
  await leaPage.locator(`#item-${short.id}`).getByRole("textbox").fill("Lea's final answer");
  await submitLesson(leaPage);

  // Kai is reopened from his attempt page (no due date), and submits: not late.
  await page.goto(`${base}/students/${kai.id}`);
  await page.getByRole("button", { name: "Reopen for this student" }).click();
  // The reopen card goes (the lesson is open for him now); the page says what applies to him.
  await expect(page.getByText(/· reopened, no due date$/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Closed for this student" })).toHaveCount(0);
  await kaiPage.reload();
  await expect(closed).toHaveCount(0);
  await kaiPage.locator(`#item-${short.id}`).getByRole("textbox").fill("Kai's answer after all");
  await submitLesson(kaiPage);

  // Late work is accepted from now on, and Mo's is marked late.
  await page.goto(base);
  const settings = page.locator("section", { has: page.getByRole("heading", { name: "Settings" }) });
  await settings.getByLabel("After the due date").selectOption("accept");
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(settings.getByRole("status")).toHaveText("Saved. Students see the changes now.");
  const moPage = await pageAs(browser, mo);
  await moPage.goto(`/assignments/${assignment.id}`);
  await submitLesson(moPage);
  await moPage.goto("/dashboard");
  await expect(moPage.getByRole("listitem").filter({ hasText: lesson.title }).getByText("Late", { exact: true })).toBeVisible();

  await page.reload();
  const table = page.getByRole("region", { name: "Responses table" });
  const rowOf = (name: string) => table.getByRole("row").filter({ hasText: name });
  await expect(rowOf("Mo Late").getByText("Late", { exact: true })).toBeVisible();
  await expect(rowOf("Lea Extended").getByText("Late", { exact: true })).toHaveCount(0);
  await expect(rowOf("Kai Closed").getByText("Late", { exact: true })).toHaveCount(0);
  await expect(rowOf("Kai Closed")).toContainText("reopened, no due date");

  const gradebook = await (await page.request.get(`${base}/export/gradebook.csv`)).text();
  const lines = gradebook.replace(/^\uFEFF/, "").trim().split(/\r\n/);
  const header = lines[0]!.split(",");
  const cell = (name: string, column: string) => lines.find((l) => l.startsWith(name))!.split(",")[header.indexOf(column)];
  expect(cell("Mo Late", "late")).toBe("late");
  expect(cell("Lea Extended", "late")).toBe("");
  expect(cell("Kai Closed", "late")).toBe("");
  const responsesCsv = await (await page.request.get(`${base}/export/responses.csv`)).text();
  expect(responsesCsv.split(/\r\n/)[0]).toContain("submission,late");
  expect(responsesCsv.split(/\r\n/).find((l) => l.startsWith("Mo Late"))).toMatch(/,1,late,submitted,active$/);
});

test("an instructor returns a submission for revision after the lesson closed; the student resubmits; the history keeps the first", async ({ browser }) => {
  const { instructor, cls, assignment, students } = await seedClassWith(["Nia Reviser"], { dueAt: Date.now() + HOUR, latePolicy: "close" });
  const nia = students[0]!;
  await submitAttempt(testDb(), nia.id, assignment.id, { [short.id]: { text: "A first, thin answer." } });
  // The lesson closes; the teacher returns Nia's work afterwards, which opens it again for her alone.
  await db.run(db.q.update(assignments).set({ dueAt: Date.now() - HOUR }).where(eq(assignments.id, assignment.id)));
  const response = (await db.get(
    db.q
      .select({ id: responses.id })
      .from(responses)
      .innerJoin(attempts, eq(attempts.id, responses.attemptId))
      .where(and(eq(attempts.studentId, nia.id), eq(responses.itemId, short.id))),
  ))!;
  expect((await gradeResponse(testDb(), instructor.id, assignment.id, { responseId: response.id, score: 1, comment: "Too thin: quote the text.", expectedVersion: 0 })).status).toBe("saved");

  const page = await pageAs(browser, instructor);
  const attemptPage = `/teach/classes/${cls.id}/assignments/${assignment.id}/students/${nia.id}`;
  await page.goto(attemptPage);
  const returnCard = page.locator("section", { has: page.getByRole("heading", { name: "Return for revision" }) });
  await returnCard.getByLabel("Note to the student").fill("Quote the sentence that proves your point.");
  await returnCard.getByRole("button", { name: "Return for revision" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Returned for revision on .+: Quote the sentence that proves your point\. Waiting for the student to resubmit\.$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Return for revision" })).toHaveCount(0);
  // Not "closed for this student": it is open for her revision.
  await expect(page.getByRole("heading", { name: "Closed for this student" })).toHaveCount(0);

  // The export says the answers are a draft again, without the returned submission's score and comment.
  const exported = parse((await (await page.request.get(`/teach/classes/${cls.id}/assignments/${assignment.id}/export/responses.csv`)).text()).replace(/^\uFEFF/, ""), {
    columns: true,
  }) as Record<string, string>[];
  expect(exported.find((r) => r.username === nia.username && r.question_id === short.id)).toMatchObject({
    answer: "A first, thin answer.",
    score: "",
    graded_by: "",
    comment: "",
    status: "returned for revision",
    submission: "2",
  });

  const learner = await pageAs(browser, nia);
  await expect(learner.getByRole("listitem").filter({ hasText: lesson.title })).toContainText("Returned for revision");
  await expect(learner.getByRole("listitem").filter({ hasText: lesson.title })).toContainText("Open for your revision");
  await learner.goto(`/assignments/${assignment.id}`);
  await expect(learner.getByText("Quote the sentence that proves your point.")).toBeVisible();
  await expect(learner.getByText("Returned for revision", { exact: true })).toBeVisible();
  // What the teacher said about each answer is in the notice, each a link to its question.
  const comments = learner.locator("details.returned-feedback");
  await expect(comments.locator("summary")).toHaveText("Your teacher’s comments on what you handed in (1)");
  await expect(comments.getByRole("listitem")).toHaveText(new RegExp(`^${shortLabel} · 1 / ${short.points} pts\\s*Too thin: quote the text\\.$`));
  await expect(comments.getByRole("link", { name: shortLabel })).toHaveAttribute("href", `#item-${short.id}`);
  await learner.screenshot({ path: test.info().outputPath("returned-with-comments.png") });
  const box = learner.locator(`#item-${short.id}`).getByRole("textbox");
  await expect(box).toHaveValue("A first, thin answer.");
  await box.fill("A second answer, quoting the text.");
  await submitLesson(learner);

  await page.goto(attemptPage);
  const history = page.locator("section", { has: page.getByRole("heading", { name: "Earlier submissions" }) });
  await expect(history.getByRole("heading", { level: 3 })).toHaveText(/^Submission 1 · submitted .+ · \d+(\.\d+)?\/\d+$/);
  await expect(history).toContainText("with the note: Quote the sentence that proves your point.");
  await history.getByText("Answers, scores and comments of submission 1").click();
  await expect(history).toContainText("A first, thin answer.");
  await expect(history).toContainText("Comment: Too thin: quote the text.");
  await expect(history).toContainText("(submission 2)");
  // The current submission is the new one, waiting for a new grade.
  await expect(page.getByText("A second answer, quoting the text.")).toBeVisible();
  await page.screenshot({ path: "test-results/term-attempt-history.png", fullPage: true });
  await history.screenshot({ path: "test-results/term-attempt-history-section.png" });

  const csv = await (await page.request.get(`/teach/classes/${cls.id}/assignments/${assignment.id}/export/gradebook.csv`)).text();
  const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r\n/);
  const header = lines[0]!.split(",");
  expect(lines[1]!.split(",")[header.indexOf("submission")]).toBe("2");
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await expect(page.getByRole("region", { name: "Responses table" })).toContainText("submission 2");
});
