import { eq } from "drizzle-orm";
import { gradeResponse, listGradingEntries } from "@/db/queries/grading";
import { submitAttempt } from "@/db/queries/attempts";
import { createAssignment } from "@/db/queries/assignments";
import { alertIn, enroll, expect, lessonOne, pageAs, seedClass, seedUser, test, testDb } from "./fixtures";

const lesson = lessonOne();
const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
const single = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "single")!;

/** A class with lesson one assigned (feedback held until release) and two students who submitted. */
async function seedSubmitted() {
  const instructor = await seedUser("instructor", "Grader");
  const cls = await seedClass(instructor, "Grading class");
  const assignment = (await createAssignment(testDb(), instructor.id, { classId: cls.id, lesson, dueAt: null, feedbackMode: "on_release" }))!;
  const students: Awaited<ReturnType<typeof seedUser>>[] = [];
  for (const [name, text] of [
    ["Aisha Learner", "It is irony: he blames everyone else."],
    ["Bruno Learner", "He never takes the blame."],
  ] as const) {
    const student = await seedUser("student", name);
    await enroll(student.id, cls.id);
    const correct = single.type === "single" ? single.choices.find((c) => c.correct)!.id : "";
    await submitAttempt(testDb(), student.id, assignment.id, { [short.id]: { text }, [single.id]: { choice: correct } });
    students.push(student);
  }
  return { instructor, cls, assignment, students };
}

test("an instructor grades by keyboard with a reusable comment, releases feedback, and the student sees it", async ({ browser }) => {
  const { instructor, cls, assignment, students } = await seedSubmitted();
  const learner = await pageAs(browser, students[0]!);
  await learner.goto(`/assignments/${assignment.id}`);
  await expect(learner.getByText("Your instructor will release scores and feedback later.")).toBeVisible();
  await expect(learner.getByText("Explanation:")).toHaveCount(0);

  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await page.getByRole("link", { name: "Open the grading queue" }).click();
  // The assignment page has the same prompt (in its key): wait for the queue itself.
  await expect(page).toHaveURL(/\/grade(\?|$)/);
  await expect(page.getByRole("heading", { name: short.prompt })).toBeVisible();
  await expect(page.getByText("It is irony: he blames everyone else.")).toBeVisible();
  await expect(page.getByText("Sample answer:")).toBeVisible();

  // Keyboard only: a digit types the score, Tab to the comment, Tab to "save for reuse", Space, Ctrl+Enter.
  await page.keyboard.press("2");
  await expect(page.getByLabel(/^Score/)).toHaveValue("2");
  await expect(page.getByLabel(/^Score/)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Comment for the student")).toBeFocused();
  await page.keyboard.type("Good: you name the irony. Now cite the text.");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Save this comment for reuse on this question")).toBeChecked();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status")).toContainText("Grade saved for Aisha Learner");

  // The next response of the same question: the saved comment is two Tabs and Enter away.
  await expect(page.getByText("He never takes the blame.")).toBeVisible();
  await page.keyboard.press("3");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Good: you name the irony. Now cite the text." })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Comment for the student")).toHaveValue("Good: you name the irony. Now cite the text.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status")).toContainText("Grade saved for Bruno Learner");
  // P goes back to the previous response, with its grade; a score out of range is refused.
  await page.keyboard.press("p");
  await expect(page.getByText("It is irony: he blames everyone else.")).toBeVisible();
  await expect(page.getByLabel(/^Score/)).toHaveValue("2");
  await page.getByLabel(/^Score/).evaluate((input) => input.removeAttribute("max"));
  await page.getByLabel(/^Score/).fill("9");
  await page.keyboard.press("Control+Enter");
  await expect(alertIn(page)).toHaveText(`The score must be between 0 and ${short.points}.`);

  // Everything is graded: releasing asks nothing, and the card then says released, not held.
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  const card = page.getByRole("region", { name: "Feedback" });
  await card.getByRole("button", { name: "Release feedback to students" }).click();
  await expect(card.getByRole("status").filter({ hasText: "Feedback released" })).toBeVisible();
  await expect(card.getByText(/Held/)).toHaveCount(0);
  await page.reload();
  await expect(card.getByText(/^Released on /)).toBeVisible();
  await expect(card.getByText(/Held/)).toHaveCount(0);

  await learner.reload();
  const result = learner.locator(`#result-${short.id}`);
  await expect(result.getByText("2 / 3 pts")).toBeVisible();
  await expect(result.getByText("Good: you name the irony. Now cite the text.")).toBeVisible();
  await expect(learner.locator(`#result-${single.id}`).getByText("Explanation:")).toBeVisible();
  // A short answer's explanation too, beside the instructor's comment.
  await expect(result.locator(".explanation").filter({ hasText: "Explanation:" })).toHaveText(`Explanation: ${short.explanation}`);
  await learner.goto("/dashboard");
  await expect(learner.getByText(/points$/)).toBeVisible();
  await expect(learner.getByRole("listitem").filter({ hasText: lesson.title }).locator(".badge")).toHaveText("Graded");
});

test("releasing feedback twice is refused with a message", async ({ browser }) => {
  const { instructor, cls, assignment } = await seedSubmitted();
  const first = await pageAs(browser, instructor);
  const second = await pageAs(browser, instructor);
  await first.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await second.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await first.getByRole("button", { name: "Release feedback to students" }).click();
  await first.getByRole("button", { name: "Release anyway" }).click();
  await expect(first.getByText("Feedback released")).toBeVisible();
  await second.getByRole("button", { name: "Release feedback to students" }).click();
  await second.getByRole("button", { name: "Release anyway" }).click();
  await expect(alertIn(second)).toContainText("Feedback was already released");
});

test("releasing with answers still ungraded asks once, saying how many; the card is then released, never held and released at once", async ({ browser }) => {
  const { instructor, cls, assignment, students } = await seedSubmitted();
  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  const card = page.getByRole("region", { name: "Feedback" });
  await card.getByRole("button", { name: "Release feedback to students" }).click();
  const question = card.getByRole("alert");
  await expect(question).toContainText("2 answers are not graded yet. Release anyway?");
  await expect(question).toBeFocused();
  await expect(question.getByRole("link", { name: "Grade them first" })).toHaveAttribute("href", `/teach/classes/${cls.id}/assignments/${assignment.id}/grade`);
  expect(await page.getByRole("button", { name: /Release/ }).count()).toBe(1);

  // One more graded meanwhile (another tab): still released on the instructor's word, nothing asked twice.
  const entry = (await listGradingEntries(testDb(), instructor.id, assignment.id))![0]!;
  await gradeResponse(testDb(), instructor.id, assignment.id, { responseId: entry.responseId, score: 1, comment: "", expectedVersion: 0 });
  await question.getByRole("button", { name: "Release anyway" }).click();
  await expect(card.getByRole("status")).toHaveText("Feedback released: students now see their scores, comments and explanations.");
  await expect(card.getByText(/Held|not graded yet/)).toHaveCount(0);
  await page.reload();
  await expect(card.getByText(/^Released on /)).toBeVisible();
  await expect(card.getByText(/Held/)).toHaveCount(0);

  // The student whose answer is still ungraded sees the rest, and that one as waiting.
  const ungraded = students.find((s) => s.id !== entry.studentId)!;
  const learner = await pageAs(browser, ungraded);
  await learner.goto(`/assignments/${assignment.id}`);
  await expect(learner.locator(`#result-${short.id}`).getByText("Waiting for grading")).toBeVisible();
  await expect(learner.locator(`#result-${single.id}`).getByText("Explanation:")).toBeVisible();
});

test("at 1280×800, after a save the next response and its focused score box are in view; a second digit replaces an out-of-range score", async ({ browser }) => {
  const { instructor, cls, assignment } = await seedSubmitted();
  const page = await pageAs(browser, instructor);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}/grade`);
  const score = page.getByLabel(/^Score/);
  await expect(page.getByText("It is irony: he blames everyone else.")).toBeInViewport();
  await expect(score).toBeInViewport();
  // Two digits in a row, as a grader correcting themselves types them: the second is the score (of 3).
  await page.keyboard.press("2");
  await page.keyboard.press("3");
  await expect(score).toHaveValue("3");
  await page.keyboard.press("1");
  await expect(score).toHaveValue("1");
  await page.keyboard.press(".");
  await page.keyboard.press("5");
  await expect(score).toHaveValue("1.5");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status")).toContainText("Grade saved for Aisha Learner");
  await page.screenshot({ path: "test-results/screens/grading-after-save.png" });

  const next = page.getByText("He never takes the blame.");
  await expect(next).toBeInViewport();
  await expect(score).toBeInViewport();
  await expect(score).toBeFocused();
  await expect(score).toHaveValue("");
  // Straight into the focused box: 7 is out of range, so 8 does not make 78 — and 2 replaces it again.
  await page.keyboard.press("7");
  await page.keyboard.press("2");
  await expect(score).toHaveValue("2");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status")).toContainText("Grade saved for Bruno Learner");
  // From the score box, P still goes back.
  await expect(score).toBeFocused();
  await page.keyboard.press("p");
  await expect(page.getByText("It is irony: he blames everyone else.")).toBeVisible();
  await expect(score).toHaveValue("1.5");
});

test("anonymised grading shows no names", async ({ browser }) => {
  const { instructor, cls, assignment } = await seedSubmitted();
  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}/grade`);
  await page.getByRole("link", { name: "Anonymise (hide names)" }).click();
  await expect(page.getByText("Student 1").first()).toBeVisible();
  await expect(page.getByText(/Aisha|Bruno/)).toHaveCount(0);
  await page.keyboard.press("1");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status")).toContainText("Grade saved for Student");
  await expect(page.getByText(/Aisha|Bruno/)).toHaveCount(0);
});

test("two graders at once: the second is shown the first one's grade instead of overwriting it", async ({ browser }) => {
  const { instructor, cls, assignment } = await seedSubmitted();
  const url = `/teach/classes/${cls.id}/assignments/${assignment.id}/grade`;
  const one = await pageAs(browser, instructor);
  const two = await pageAs(browser, instructor);
  await one.goto(url);
  await two.goto(url);
  // A quarter point is a score like any other: the browser's own check lets it through (step "any").
  await one.getByLabel(/^Score/).fill("1.25");
  await one.getByLabel("Comment for the student").fill("From tab one");
  await one.getByRole("button", { name: "Save and next" }).click();
  await expect(one.getByRole("status")).toContainText("Grade saved");
  const db = testDb();
  const { responses } = db.t;
  expect(await db.all(db.q.select({ score: responses.score }).from(responses).where(eq(responses.comment, "From tab one")))).toEqual([{ score: 1.25 }]);

  await two.getByLabel(/^Score/).fill("3");
  await two.getByLabel("Comment for the student").fill("From tab two");
  await two.getByRole("button", { name: "Save and next" }).click();
  await expect(alertIn(two)).toContainText("graded this response while you had it open");
  await expect(alertIn(two)).toContainText("From tab one");
  await expect(two.getByLabel("Comment for the student")).toHaveValue("From tab two");
  // Having seen it, the second grader can replace it on purpose.
  await two.getByRole("button", { name: "Save and next" }).click();
  await expect(two.getByRole("status")).toContainText("Grade saved");
});

test("another instructor, and a student, reach no grading page", async ({ browser }) => {
  const { cls, assignment, students } = await seedSubmitted();
  const url = `/teach/classes/${cls.id}/assignments/${assignment.id}/grade`;
  const stranger = await pageAs(browser, await seedUser("instructor"));
  expect((await stranger.goto(url))!.status()).toBe(404);
  await expect(stranger.getByText(/Aisha|Bruno/)).toHaveCount(0);
  const student = await pageAs(browser, students[0]!);
  expect((await student.goto(url))!.status()).toBe(404);
});
