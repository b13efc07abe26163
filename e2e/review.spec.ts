import AxeBuilder from "@axe-core/playwright";
import { saveDraftAnswers, submitAttempt } from "@/db/queries/attempts";
import { startDebate } from "@/db/queries/debates";
import { gradeResponse, listGradingEntries } from "@/db/queries/grading";
import { enroll, expect, lessonOne, pageAs, seedAssignment, seedClass, seedUser, test, testDb } from "./fixtures";

const lesson = lessonOne();
const questions = lesson.excerpts.flatMap((x) => x.questions);
const single = questions.find((q) => q.type === "single")!;
const evidence = questions.find((q) => q.type === "evidence")!;
const short = questions.find((q) => q.type === "short")!;

/** Three students: Zed answers right, Ben half right, Ann wrong; Zed's short answer is graded with a comment. */
async function seedReviewed() {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Review class");
  const assignment = await seedAssignment(instructor, cls.id);
  const right = single.type === "single" ? single.choices.find((c) => c.correct)!.id : "";
  const wrong = single.type === "single" ? single.choices.find((c) => !c.correct)!.id : "";
  const key = evidence.type === "evidence" ? evidence.key : [];
  const other = evidence.type === "evidence" ? lesson.excerpts.find((x) => x.questions.includes(evidence))!.sentences.find((s) => !key.includes(s.id))!.id : "";
  const plan = [
    ["Zed Review", right, key],
    ["Ben Review", right, key.slice(0, 1)],
    ["Ann Review", wrong, [other]],
  ] as const;
  const students: Awaited<ReturnType<typeof seedUser>>[] = [];
  for (const [name, choice, sentences] of plan) {
    const student = await seedUser("student", name);
    await enroll(student.id, cls.id);
    await submitAttempt(testDb(), student.id, assignment.id, { [single.id]: { choice }, [evidence.id]: { sentences: [...sentences] }, [short.id]: { text: `${name.split(" ")[0]} explains.` } });
    students.push(student);
  }
  const ada = (await listGradingEntries(testDb(), instructor.id, assignment.id))!.find((e) => e.studentId === students[0]!.id)!;
  await gradeResponse(testDb(), instructor.id, assignment.id, { responseId: ada.responseId, score: 3, comment: "Precise and well argued.", expectedVersion: 0 });
  return { instructor, cls, assignment, students };
}

test("question statistics show the distribution, the evidence heat map and the facility", async ({ browser }) => {
  const { instructor, cls, assignment } = await seedReviewed();
  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await page.getByRole("link", { name: "Question statistics" }).click();
  const singleCard = page.getByRole("region", { name: single.prompt });
  const correctText = single.type === "single" ? single.choices.find((c) => c.correct)!.text : "";
  await expect(singleCard.getByRole("row", { name: new RegExp(correctText.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).getByRole("cell").first()).toHaveText("2 (67%)");
  await expect(singleCard.getByText("67%", { exact: true })).toBeVisible();
  await expect(singleCard.getByText(/needs 10\+, n = 3/)).toBeVisible();
  const evidenceCard = page.getByRole("region", { name: evidence.prompt });
  await expect(evidenceCard.getByText("key · 2 (67%)")).toBeVisible();
  await expect(evidenceCard.getByText("key · 1 (33%)")).toBeVisible();
});

test("the grid sorts by score, opens a student's whole attempt, and the dashboard counts what is left", async ({ browser }) => {
  const { instructor, cls, assignment } = await seedReviewed();
  const page = await pageAs(browser, instructor);
  await expect(page.getByText("0/3 submitted")).toHaveCount(0);
  await expect(page.getByText("3/3 submitted")).toBeVisible();
  await expect(page.getByRole("link", { name: "2 to grade" })).toBeVisible();

  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  const names = () => page.locator("table.responses tbody th[scope=row] a").allTextContents();
  expect(await names()).toEqual(["Ann Review", "Ben Review", "Zed Review"]);
  await page.getByRole("link", { name: "Score" }).click();
  await expect(page).toHaveURL(/sort=score/);
  expect(await names()).toEqual(["Zed Review", "Ben Review", "Ann Review"]);
  await page.getByRole("link", { name: "Zed Review" }).click();
  await expect(page.getByRole("heading", { name: "Zed Review", level: 1 })).toBeVisible();
  await expect(page.getByText("Precise and well argued.")).toBeVisible();
  await expect(page.getByText("Zed explains.")).toBeVisible();
  // The instructor's words, not the student's: whose answer it is.
  await expect(page.getByText("Their answer").first()).toBeVisible();
  await expect(page.getByText(/your answer/i)).toHaveCount(0);
  await expect(page.locator(`#result-${single.id}`).getByText("← their answer")).toBeVisible();
});

test("a class of 60 pages its grid 50 students at a time, keeping the sort; cells show the mark and a clipped answer", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Lecture class");
  const assignment = await seedAssignment(instructor, cls.id);
  const right = single.type === "single" ? single.choices.find((c) => c.correct)!.id : "";
  const wrong = single.type === "single" ? single.choices.find((c) => !c.correct)!.id : "";
  const long = "A long answer that goes on and on. ".repeat(10);
  for (let i = 1; i <= 60; i++) {
    const student = await seedUser("student", `Pupil ${String(i).padStart(2, "0")}`);
    await enroll(student.id, cls.id);
    // Only pupil 60 answers the single-choice question right, so sorting by score puts them first.
    await submitAttempt(testDb(), student.id, assignment.id, { [single.id]: { choice: i === 60 ? right : wrong }, [short.id]: { text: long } });
  }
  const page = await pageAs(browser, instructor);
  const base = `/teach/classes/${cls.id}/assignments/${assignment.id}`;
  await page.goto(base);
  const names = () => page.locator("table.responses tbody th[scope=row] a").allTextContents();
  const pager = page.getByRole("navigation", { name: "Pages of the responses table (top)" });
  await expect(pager).toContainText("Students 1–50 of 60");
  expect(await names()).toHaveLength(50);
  expect((await names())[0]).toBe("Pupil 01");
  const firstRow = page.locator("table.responses tbody tr").first();
  await expect(firstRow.locator("b.mark.incorrect").first()).toHaveText("0/1");
  // The answer is clipped in its cell; the whole of it is on the student's page.
  const cell = firstRow.locator("td").filter({ hasText: "A long answer" });
  expect((await cell.textContent())!.length).toBeLessThan(90);
  await expect(cell).toContainText("…");

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator("#responses-heading").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/grid-paged.png" });
  await pager.getByRole("link", { name: "Page 2" }).click();
  await expect(pager).toContainText("Students 51–60 of 60");
  expect(await names()).toEqual(Array.from({ length: 10 }, (_, i) => `Pupil ${51 + i}`));

  await page.getByRole("link", { name: "Score" }).click();
  await expect(pager).toContainText("Students 1–50 of 60");
  expect((await names())[0]).toBe("Pupil 60");
  await expect(page.locator("table.responses tbody tr").first().locator("b.mark.correct")).toHaveText("1/1");
  await pager.getByRole("link", { name: "Next ›" }).click();
  await expect(page).toHaveURL(/sort=score&page=2/);
  expect(await names()).toHaveLength(10);
  // A page past the end shows the last one.
  await page.goto(`${base}?page=9`);
  await expect(pager).toContainText("Students 51–60 of 60");
});

test("a draft seen by the instructor carries no marks: nothing says Correct before the student submits", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Draft class");
  const assignment = await seedAssignment(instructor, cls.id);
  const student = await seedUser("student", "Dana Draft");
  await enroll(student.id, cls.id);
  const right = single.type === "single" ? single.choices.find((c) => c.correct)!.id : "";
  const key = evidence.type === "evidence" ? evidence.key : [];
  await saveDraftAnswers(testDb(), student.id, assignment.id, { [single.id]: { choice: right }, [evidence.id]: { sentences: [...key] }, [short.id]: { text: "Half-way there." } });

  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}/students/${student.id}`);
  await expect(page.getByRole("heading", { name: "In progress" })).toBeVisible();
  await expect(page.getByText("Nothing is scored until the student submits.")).toBeVisible();
  await expect(page.getByText("Half-way there.")).toBeVisible();
  await expect(page.locator(`#result-${single.id}`).getByText("← their answer")).toBeVisible();
  await expect(page.getByText("✓ correct")).toHaveCount(0);
  await expect(page.getByText(/^(Correct|Partly correct|Incorrect)\b/)).toHaveCount(0);
  await expect(page.locator(".badge")).toHaveCount(0);
  await expect(page.getByText(/\d \/ \d+ pts\b/)).toHaveCount(0);
  await expect(page.getByText("Explanation:")).toHaveCount(0);
});

test("the evidence heat map is readable at every share, 0 to 100%: axe finds no contrast problem", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Heat class");
  const assignment = await seedAssignment(instructor, cls.id);
  // Ten students; in each evidence question sentence j of n is picked by round(10·j/(n−1)) of them, so the
  // shares across the lesson's evidence questions step through 0, 10, 20 … 100%.
  const evidenceQuestions = lesson.excerpts.flatMap((x) => x.questions.filter((q) => q.type === "evidence").map((q) => ({ q, sentences: x.sentences })));
  const shares = new Set<number>();
  for (let k = 0; k < 10; k++) {
    const student = await seedUser("student", `Heat ${k}`);
    await enroll(student.id, cls.id);
    const answers: Record<string, unknown> = {};
    for (const { q, sentences } of evidenceQuestions) {
      const picked = sentences.filter((_, j) => Math.round((10 * j) / (sentences.length - 1)) > k).map((x) => x.id);
      answers[q.id] = { sentences: picked };
      if (k === 0) sentences.forEach((_, j) => shares.add(Math.round((10 * j) / (sentences.length - 1)) * 10));
    }
    await submitAttempt(testDb(), student.id, assignment.id, answers);
  }
  expect([...shares].sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);

  const page = await pageAs(browser, instructor);
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}/questions`);
  for (const percent of shares) await expect(page.locator(".heat-count").filter({ hasText: new RegExp(`\\(${percent}%\\)$`) }).first()).toBeVisible();
  const results = await new AxeBuilder({ page }).include(".heatmap").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.failureSummary).join("; ")}`)).toEqual([]);
  expect(results.passes.find((p) => p.id === "color-contrast")?.nodes.length ?? 0).toBeGreaterThan(20);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator(".heatmap").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/heat-map.png" });
});

test("scores and statistics say what is still to be graded instead of looking final", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Partial class");
  const assignment = await seedAssignment(instructor, cls.id);
  const right = single.type === "single" ? single.choices.find((c) => c.correct)!.id : "";
  const students: Awaited<ReturnType<typeof seedUser>>[] = [];
  for (const name of ["Kim Partial", "Lou Partial", "Max Partial"]) {
    const student = await seedUser("student", name);
    await enroll(student.id, cls.id);
    await submitAttempt(testDb(), student.id, assignment.id, { [single.id]: { choice: right }, [short.id]: { text: `${name} writes.` } });
    students.push(student);
  }
  const statsUrl = `/teach/classes/${cls.id}/assignments/${assignment.id}/questions`;

  // Nobody graded yet: no facility for the short answer, not 0%.
  const page = await pageAs(browser, instructor);
  await page.goto(statsUrl);
  const shortCard = page.getByRole("region", { name: short.prompt });
  await expect(shortCard.getByRole("definition").filter({ hasText: "Not graded yet" })).toHaveCount(2);
  await expect(shortCard.getByText("0%")).toHaveCount(0);
  await expect(page.getByRole("region", { name: single.prompt }).getByText("100%", { exact: true })).toBeVisible();

  // The student's dashboard and results say the score is partial, and what is left.
  const kim = await pageAs(browser, students[0]!);
  await expect(kim.getByText(new RegExp(`^${single.points} of \\d+ points so far · 1 answer still to be graded$`))).toBeVisible();
  await kim.goto(`/assignments/${assignment.id}`);
  await expect(kim.getByText(/^Score so far:/)).toContainText("1 answer is still to be graded by your instructor, so this is not the final score.");

  // One graded (full marks): the facility is over that one answer, and says so.
  const kimsShort = (await listGradingEntries(testDb(), instructor.id, assignment.id))!.find((e) => e.studentId === students[0]!.id && e.itemId === short.id)!;
  await gradeResponse(testDb(), instructor.id, assignment.id, { responseId: kimsShort.responseId, score: short.points, comment: "", expectedVersion: 0 });
  await page.reload();
  await expect(shortCard.getByText("100% (1 of 3 graded)")).toBeVisible();
  await expect(shortCard.getByRole("term").filter({ hasText: "To grade" })).toBeVisible();

  // The grid marks the partial totals; Kim's is now final, on her dashboard too.
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await expect(page.getByRole("row", { name: /Lou Partial/ }).getByText("so far · 1 to grade")).toBeVisible();
  await expect(page.getByRole("row", { name: /Kim Partial/ }).getByText(/to grade/)).toHaveCount(0);
  await kim.goto("/dashboard");
  await expect(kim.getByText(new RegExp(`^${single.points + short.points} of \\d+ points$`))).toBeVisible();
});

test("every page of an assignment says where it is the same way: Classes / class / assignment / page", async ({ browser }) => {
  const { instructor, cls, assignment, students } = await seedReviewed();
  const started = await startDebate(testDb(), instructor.id, assignment.id, lesson.debates[0]!.id);
  if (started.status !== "started") throw new Error(started.status);
  const page = await pageAs(browser, instructor);
  const base = `/teach/classes/${cls.id}/assignments/${assignment.id}`;
  const trail = ["Classes", cls.name, lesson.title];
  for (const [path, expected] of [
    [`/teach/classes/${cls.id}`, ["Classes", cls.name]],
    [`/teach/classes/${cls.id}/import`, ["Classes", cls.name, "Import a roster"]],
    [base, trail],
    [`${base}/grade`, [...trail, "Grading"]],
    [`${base}/questions`, [...trail, "Question statistics"]],
    [`${base}/students/${students[0]!.id}`, [...trail, "Zed Review"]],
    [`/teach/debates/${started.session.id}`, [...trail, "Live debate"]],
  ] as const) {
    await page.goto(path);
    const crumbs = page.locator("main .breadcrumbs");
    await expect(crumbs).toHaveText(expected.join(" / "));
    // Every step before the page itself is a link, and the last is the page (capitalised, as a name).
    await expect(crumbs.getByRole("link")).toHaveText(expected.slice(0, -1) as unknown as string[]);
    await expect(crumbs.locator("[aria-current=page]")).toHaveText(expected.at(-1)!);
    expect(expected.at(-1)![0]).toBe(expected.at(-1)![0]!.toUpperCase());
  }
});
