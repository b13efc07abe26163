import { and, eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { saveDraftAnswers } from "@/db/queries/attempts";
import { excerptHeading } from "@/lib/content/display";
import type { Question } from "@/lib/content/schema";
import { enroll, expect, lessonOne, pageAs, seedLessonForStudent, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { attempts, responses } = db.t;

const lesson = lessonOne();
const questions = lesson.excerpts.flatMap((x) => x.questions);
const autoScored = questions.filter((q) => q.type !== "short");
const autoPoints = autoScored.reduce((sum, q) => sum + q.points, 0);
const totalPoints = questions.reduce((s, q) => s + q.points, 0) + lesson.debates.reduce((s, d) => s + d.points, 0);
const itemCount = questions.length + lesson.debates.length;

const attemptOf = (studentId: number, assignmentId: number) =>
  db.all(db.q.select().from(attempts).where(and(eq(attempts.studentId, studentId), eq(attempts.assignmentId, assignmentId))));
// In a fixed order: compared as arrays (PostgreSQL returns rows in no particular order without one).
const responsesOf = (attemptId: number) => db.all(db.q.select().from(responses).where(eq(responses.attemptId, attemptId)).orderBy(responses.id));

/** Answers one question correctly, as a student would; evidence by mouse or by keyboard. */
async function answerCorrectly(page: Page, q: Question, evidenceBy: "mouse" | "keyboard" = "mouse") {
  const item = page.locator(`#item-${q.id}`);
  switch (q.type) {
    case "single":
      await item.getByRole("radio", { name: q.choices.find((c) => c.correct)!.text, exact: true }).check();
      break;
    case "multiple":
      for (const c of q.choices.filter((c) => c.correct)) await item.getByRole("checkbox", { name: c.text, exact: true }).check();
      break;
    case "truefalse":
      await item.getByLabel(q.answer ? "True" : "False", { exact: true }).check();
      break;
    case "short":
      await item.getByRole("textbox").fill(`My answer to ${q.id}: ${q.sampleAnswer}`);
      break;
    case "evidence": {
      const excerpt = lesson.excerpts.find((x) => x.questions.includes(q))!;
      for (const id of q.key) {
        const text = excerpt.sentences.find((s) => s.id === id)!.text;
        const box = item.getByRole("checkbox", { name: text, exact: true });
        if (evidenceBy === "mouse") {
          await item.locator("label.pick", { hasText: text }).locator(".nowrap span").click();
        } else {
          await box.focus();
          await page.keyboard.press("Space");
        }
        await expect(box).toBeChecked();
      }
      break;
    }
  }
}

async function argueEveryDebate(page: Page) {
  for (const d of lesson.debates) {
    const item = page.locator(`#item-${d.id}`);
    await item.getByLabel(/^Somewhat for/).check();
    await item.getByLabel("Your argument").fill(`On “${d.motion}”: the text shows <b>trust</b> comes first.`);
    const excerpt = lesson.excerpts.find((x) => x.id === (d.suggestedExcerpts[0] ?? lesson.excerpts[0]!.id))!;
    await item.getByText("Choose the sentences you cite").click();
    await item.getByRole("checkbox", { name: excerpt.sentences[0]!.text, exact: true }).check();
  }
}

async function answerEverything(page: Page) {
  let evidenceCount = 0;
  for (const q of questions) await answerCorrectly(page, q, q.type === "evidence" && evidenceCount++ % 2 === 1 ? "keyboard" : "mouse");
  await argueEveryDebate(page);
}

async function expectResults(page: Page) {
  await expect(page).toHaveURL(/\?submitted=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Your answers are submitted" })).toBeVisible();
  await expect(page.getByText(`Score so far: ${autoPoints} of ${totalPoints} points`)).toBeVisible();
  await expect(page.locator(".badge-good")).toHaveCount(autoScored.length);
  await expect(page.getByText("Waiting for grading")).toHaveCount(itemCount - autoScored.length);
  await expect(page.getByText("Explanation:").first()).toBeVisible();
  // Student text comes back as text, never as markup.
  await expect(page.getByText("the text shows <b>trust</b> comes first.").first()).toBeVisible();
}

test("a student completes the whole lesson and sees the results; the instructor sees the responses", async ({ browser }) => {
  const { instructor, cls, assignment, student } = await seedLessonForStudent("Whole Lesson");
  const page = await pageAs(browser, student);
  await expect(page.getByText("Not started")).toBeVisible();
  await page.getByRole("link", { name: lesson.title }).click();
  await expect(page.getByRole("heading", { name: lesson.title, level: 1 })).toBeVisible();
  await expect(page.getByText(`By ${lesson.author}`)).toBeVisible();
  await expect(page.getByText(lesson.attribution)).toBeVisible();
  await expect(page.getByText(`0 of ${itemCount} answered`)).toBeVisible();

  await answerEverything(page);
  await expect(page.getByText(`${itemCount} of ${itemCount} answered`)).toBeVisible();
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await expectResults(page);

  const [row] = await attemptOf(student.id, assignment.id);
  expect(row).toMatchObject({ status: "submitted", score: autoPoints, maxScore: totalPoints });
  await page.goto("/dashboard");
  await expect(page.getByText("Submitted", { exact: true })).toBeVisible();

  const teacher = await pageAs(browser, instructor);
  await teacher.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  const studentRow = teacher.getByRole("row", { name: /Whole Lesson/ });
  await expect(studentRow.getByRole("cell", { name: "Submitted" })).toBeVisible();
  await expect(studentRow.getByRole("cell", { name: `${autoPoints}/${totalPoints}` })).toBeVisible();
  await expect(studentRow.getByText("needs grading")).toHaveCount(itemCount - autoScored.length);
  await expect(studentRow.getByText(`My answer to ${questions.find((q) => q.type === "short")!.id}`)).toBeVisible();
});

test("drafts save as the student goes and come back after a reload and in another browser", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  const [single, short, evidence] = [questions.find((q) => q.type === "single")!, questions.find((q) => q.type === "short")!, questions.find((q) => q.type === "evidence")!];
  await answerCorrectly(page, single);
  await answerCorrectly(page, short);
  await answerCorrectly(page, evidence, "keyboard");
  await expect(page.getByText(/All changes saved/)).toBeVisible();
  await expect(page.getByText(`3 of ${itemCount} answered`)).toBeVisible();

  await page.reload();
  const correct = single.type === "single" ? single.choices.find((c) => c.correct)!.text : "";
  await expect(page.locator(`#item-${single.id}`).getByRole("radio", { name: correct, exact: true })).toBeChecked();
  await expect(page.locator(`#item-${short.id}`).getByRole("textbox")).toHaveValue(/^My answer to/);
  await expect(page.getByText(`3 of ${itemCount} answered`)).toBeVisible();

  const elsewhere = await pageAs(browser, student);
  await elsewhere.goto(`/assignments/${assignment.id}`);
  await expect(elsewhere.locator(`#item-${single.id}`).getByRole("radio", { name: correct, exact: true })).toBeChecked();
  await expect(elsewhere.locator(`#item-${evidence.id}`).getByRole("checkbox", { checked: true })).toHaveCount(evidence.type === "evidence" ? evidence.key.length : 0);
  await page.goto("/dashboard");
  await expect(page.getByText("In progress")).toBeVisible();
});

test("a save that fails is retried until the answer lands", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  let failures = 0;
  await page.route("**/api/assignments/*/draft", (route) => (failures++ < 2 ? route.abort("internetdisconnected") : route.continue()));
  const tf = questions.find((q) => q.type === "truefalse")!;
  await answerCorrectly(page, tf);
  await expect(page.getByText(/Not saved — retrying/)).toBeVisible();
  await expect(page.getByText(/All changes saved/)).toBeVisible({ timeout: 20_000 });
  expect(failures).toBeGreaterThanOrEqual(3);
  const [row] = await attemptOf(student.id, assignment.id);
  expect((await responsesOf(row!.id)).map((r) => [r.itemId, r.answer])).toEqual([[tf.id, { value: tf.type === "truefalse" && tf.answer }]]);
});

test("the whole lesson works without JavaScript, and a re-sent submit gives one submission", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("No Script Reader");
  const page = await pageAs(browser, student, { javaScriptEnabled: false });
  await page.goto(`/assignments/${assignment.id}`);

  // Save a draft with the button, and find it again.
  const first = questions[0]!;
  await answerCorrectly(page, first);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText(/Draft saved at/).first()).toBeVisible();
  await page.goto(`/assignments/${assignment.id}`);
  await expect(page.locator(`#item-${first.id}`).getByRole("radio", { checked: true })).toHaveCount(1);

  // Submitting with questions unanswered asks first.
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await expect(page.locator("main [role=alert]")).toContainText(`${itemCount - 1} of ${itemCount} not answered yet`);
  expect((await attemptOf(student.id, assignment.id))[0]!.status).toBe("in_progress");
  await page.getByRole("button", { name: "Keep working" }).click();

  await answerEverything(page);
  const submitRequest = page.waitForRequest((r) => r.method() === "POST" && r.url().includes(`/assignments/${assignment.id}`));
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await expectResults(page);
  const [submitted] = await attemptOf(student.id, assignment.id);
  expect(submitted).toMatchObject({ status: "submitted", score: autoPoints });

  // The browser sends the same submit again (a retry on a bad connection): still one submission.
  const replay = await page.request.fetch(await submitRequest, { maxRedirects: 0 });
  expect(replay.status()).toBeLessThan(400);
  const after = await attemptOf(student.id, assignment.id);
  expect(after).toHaveLength(1);
  expect(after[0]!.submittedAt).toBe(submitted!.submittedAt);
  expect(after[0]!.score).toBe(submitted!.score);
});

test("submitting with JavaScript: unanswered questions are confirmed, a double click submits once", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  await answerCorrectly(page, questions[0]!);
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await expect(page.locator("main [role=alert]")).toContainText("Question 2");
  await page.getByRole("button", { name: "Submit anyway" }).dblclick();
  await expect(page.getByText("Your answers are submitted")).toBeVisible();
  const rows = await attemptOf(student.id, assignment.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: "submitted", score: questions[0]!.points });
  // A submitted attempt is read-only: no form, no inputs (but the reading settings).
  await expect(page.getByRole("button", { name: "Submit lesson" })).toHaveCount(0);
  await expect(page.locator("main :is(input, textarea):not(.reading-settings *)")).toHaveCount(0);
  await expect(page.locator("main .reading-settings input[type=radio]")).toHaveCount(11);
});

test.describe("refused answers store nothing", () => {
  async function api(page: Page, assignmentId: number, answers: Record<string, unknown>) {
    const response = await page.request.put(`/api/assignments/${assignmentId}/draft`, { data: { answers } });
    return { status: response.status(), error: ((await response.json()) as { error?: string }).error ?? "" };
  }

  const single = questions.find((q) => q.type === "single")!;
  const evidence = questions.find((q) => q.type === "evidence")!;
  const short = questions.find((q) => q.type === "short")!;
  const otherSentence = lesson.excerpts.find((x) => !x.questions.includes(evidence))!.sentences[0]!.id;
  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ["an answer to a question not in the lesson", { "not-a-question": { choice: "a" } }, /not a question of this lesson/],
    ["an answer of the wrong shape", { [single.id]: { value: true } }, /Answer:/],
    ["a choice that does not exist", { [single.id]: { choice: "zz" } }, /not a choice of this question/],
    ["a sentence id not in the excerpt", { [evidence.id]: { sentences: [otherSentence] } }, /not a sentence of this excerpt/],
    ["an overlong answer", { [short.id]: { text: "x".repeat(5001) } }, /at most 5000 characters/],
    ["a stance off the scale", { [lesson.debates[0]!.id]: { stance: 9, argument: "", citations: [] } }, /Debate argument/],
  ];
  for (const [what, answers, message] of refusals) {
    test(`${what}, with a valid answer in the same batch`, async ({ browser }) => {
      const { assignment, student } = await seedLessonForStudent();
      const page = await pageAs(browser, student);
      const result = await api(page, assignment.id, { [questions[0]!.id]: { choice: "a" }, ...answers });
      expect(result.status).toBe(400);
      expect(result.error).toMatch(message);
      expect(await attemptOf(student.id, assignment.id)).toEqual([]);
    });
  }

  test("a request that is not JSON", async ({ browser }) => {
    const { assignment, student } = await seedLessonForStudent();
    const page = await pageAs(browser, student);
    expect((await page.request.put(`/api/assignments/${assignment.id}/draft`, { data: "not json" })).status()).toBe(400);
    expect(await attemptOf(student.id, assignment.id)).toEqual([]);
  });

  test("saving or submitting after submission", async ({ browser }) => {
    const { assignment, student } = await seedLessonForStudent();
    const page = await pageAs(browser, student);
    const stale = await pageAs(browser, student);
    await stale.goto(`/assignments/${assignment.id}`);
    await page.goto(`/assignments/${assignment.id}`);
    await answerCorrectly(page, questions[0]!);
    await page.getByRole("button", { name: "Submit lesson" }).click();
    await page.getByRole("button", { name: "Submit anyway" }).click();
    await expect(page.getByText("Your answers are submitted")).toBeVisible();
    const before = JSON.stringify(await responsesOf((await attemptOf(student.id, assignment.id))[0]!.id));

    // An old tab keeps trying to save: refused with a message, not retried for ever.
    await answerCorrectly(stale, questions[1]!);
    await expect(stale.getByText(/Not saved: This lesson has been submitted/)).toBeVisible();
    expect((await api(page, assignment.id, { [questions[1]!.id]: null })).status).toBe(409);
    // Submitting again from the old tab changes nothing either.
    await stale.getByRole("button", { name: "Submit lesson" }).click();
    await expect(stale.getByText("Your answers are final")).toBeVisible();
    expect(JSON.stringify(await responsesOf((await attemptOf(student.id, assignment.id))[0]!.id))).toBe(before);
  });

  test("a student of another class, and an instructor, answering", async ({ browser }) => {
    const { assignment } = await seedLessonForStudent();
    const outsider = await pageAs(browser, await seedUser("student", "Outsider"));
    expect((await outsider.goto(`/assignments/${assignment.id}`))!.status()).toBe(404);
    await expect(outsider.getByText(lesson.title)).toHaveCount(0);
    expect((await api(outsider, assignment.id, { [questions[0]!.id]: null })).status).toBe(404);
    const teacher = await pageAs(browser, await seedUser("instructor"));
    expect((await teacher.goto(`/assignments/${assignment.id}`))!.status()).toBe(404);
    expect((await api(teacher, assignment.id, {})).status).toBe(404);
    expect(await db.all(db.q.select().from(attempts).where(eq(attempts.assignmentId, assignment.id)))).toEqual([]);
  });

  test("a student opening another student's attempt sees only their own", async ({ browser }) => {
    const { assignment, student } = await seedLessonForStudent("First Student");
    const mine = await pageAs(browser, student);
    await mine.goto(`/assignments/${assignment.id}`);
    await mine.locator(`#item-${short.id}`).getByRole("textbox").fill("My private thoughts");
    await expect(mine.getByText(/All changes saved/)).toBeVisible();

    const classmate = await seedUser("student", "Classmate");
    await enroll(classmate.id, assignment.classId);
    const theirs = await pageAs(browser, classmate);
    await theirs.goto(`/assignments/${assignment.id}`);
    await expect(theirs.getByText(`0 of ${itemCount} answered`)).toBeVisible();
    await expect(theirs.getByText("My private thoughts")).toHaveCount(0);
    expect(await attemptOf(classmate.id, assignment.id)).toEqual([]);
  });
});

test("an answer typed just before the tab dies is kept in the browser and saved on the next visit", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  const short = questions.find((q) => q.type === "short")!;
  // The network is gone: the save cannot land before the tab is closed.
  await page.route("**/api/assignments/*/draft", (route) => route.abort("internetdisconnected"));
  await page.locator(`#item-${short.id}`).getByRole("textbox").fill("Typed on the bus, then the tab crashed");
  await expect(page.getByText(/Not saved — retrying/)).toBeVisible();
  await page.close({ runBeforeUnload: false });
  expect(await attemptOf(student.id, assignment.id)).toEqual([]);

  const again = await page.context().newPage();
  await again.goto(`/assignments/${assignment.id}`);
  await expect(again.locator(`#item-${short.id}`).getByRole("textbox")).toHaveValue("Typed on the bus, then the tab crashed");
  await expect(again.getByText(/All changes saved/)).toBeVisible();
  const [row] = await attemptOf(student.id, assignment.id);
  expect((await responsesOf(row!.id)).map((r) => r.answer)).toEqual([{ text: "Typed on the bus, then the tab crashed" }]);
});

test("answers kept in one browser survive a save from another device: only an answer the other device saved since gives way", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const [first, second] = questions.filter((q) => q.type === "short");
  const tf = questions.find((q) => q.type === "truefalse")!;
  const chromebook = await pageAs(browser, student);
  await chromebook.goto(`/assignments/${assignment.id}`);
  await chromebook.locator(`#item-${first!.id}`).getByRole("textbox").fill("A first try, saved");
  await expect(chromebook.getByText(/All changes saved/)).toBeVisible();
  // Then typed on the Chromebook with the network gone, and the lid shut before any of it was saved.
  await chromebook.route("**/api/assignments/*/draft", (route) => route.abort("internetdisconnected"));
  await chromebook.locator(`#item-${first!.id}`).getByRole("textbox").fill("Only ever typed on the Chromebook");
  await chromebook.locator(`#item-${second!.id}`).getByRole("textbox").fill("The Chromebook's older try");
  await expect(chromebook.getByText(/Not saved — retrying/)).toBeVisible();
  await chromebook.close({ runBeforeUnload: false });

  // Later, on the phone: another answer, and a newer try at the second question.
  const phone = await pageAs(browser, student);
  await phone.goto(`/assignments/${assignment.id}`);
  await answerCorrectly(phone, tf);
  await phone.locator(`#item-${second!.id}`).getByRole("textbox").fill("The phone's newer try");
  const saved = async () => {
    const [row] = await attemptOf(student.id, assignment.id);
    return new Map((await responsesOf(row!.id)).map((r) => [r.itemId, r.answer]));
  };
  await expect.poll(async () => [(await saved()).get(second!.id), (await saved()).has(tf.id)]).toEqual([{ text: "The phone's newer try" }, true]);

  // Back on the Chromebook: its first answer is put back and saved; the phone's answers stand.
  const again = await chromebook.context().newPage();
  await again.goto(`/assignments/${assignment.id}`);
  await expect(again.locator(`#item-${first!.id}`).getByRole("textbox")).toHaveValue("Only ever typed on the Chromebook");
  await expect(again.locator(`#item-${second!.id}`).getByRole("textbox")).toHaveValue("The phone's newer try");
  await expect(again.locator(`#item-${tf.id}`).getByRole("radio", { checked: true })).toHaveCount(1);
  await expect.poll(async () => (await saved()).get(first!.id)).toEqual({ text: "Only ever typed on the Chromebook" });
  expect((await saved()).get(second!.id)).toEqual({ text: "The phone's newer try" });
  expect((await saved()).size).toBe(3);
  // Nothing is left in the Chromebook's backup to put back again.
  await expect.poll(() => again.evaluate(() => Object.keys(localStorage).filter((k) => localStorage.getItem(k)?.includes("Chromebook")))).toEqual([]);
});

test("a tab left open does not hand in older answers over ones saved since on another device, with or without JavaScript", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const [first, second] = questions.filter((q) => q.type === "short") as [Question, Question];
  const tf = questions.find((q) => q.type === "truefalse")!;
  const single = questions.find((q) => q.type === "single")!;
  const saved = async () => {
    const [row] = await attemptOf(student.id, assignment.id);
    return new Map((await responsesOf(row!.id)).map((r) => [r.itemId, r.answer]));
  };
  const laptop = await pageAs(browser, student);
  await laptop.goto(`/assignments/${assignment.id}`);
  await laptop.locator(`#item-${first.id}`).getByRole("textbox").fill("The laptop's first try");
  await expect(laptop.getByText(/All changes saved/)).toBeVisible();

  // On the phone, later: a newer try at the first question, and another answer.
  const phone = await pageAs(browser, student);
  await phone.goto(`/assignments/${assignment.id}`);
  await phone.locator(`#item-${first.id}`).getByRole("textbox").fill("The phone's newer try");
  await answerCorrectly(phone, tf);
  await expect.poll(async () => [(await saved()).get(first.id), (await saved()).has(tf.id)]).toEqual([{ text: "The phone's newer try" }, true]);

  // Back on the laptop, never reloaded: one more answer, then Submit. Nothing is handed in, the phone's answers
  // stand, the laptop's new one is saved, and the page says which and what to do.
  await answerCorrectly(laptop, single);
  await laptop.getByRole("button", { name: "Submit lesson" }).click();
  const warning = laptop.locator("#conflict-warning");
  await expect(warning.locator("p").first()).toHaveText(
    /^Another device saved different answers after this page loaded: Question \d+, Question \d+\. This page's answers to them were not saved, and the lesson was not submitted\. Your other answers are saved\.$/,
  );
  await expect(warning.getByRole("link", { name: "Reload to see the newer answers" })).toBeVisible();
  await expect(warning).toBeFocused();
  await expect(laptop.locator(".save-status")).toHaveText("Not saved: some answers changed on another device. See Finish");
  await laptop.screenshot({ path: "test-results/answering-conflict.png" });
  expect((await attemptOf(student.id, assignment.id))[0]!.status).toBe("in_progress");
  expect((await saved()).get(first.id)).toEqual({ text: "The phone's newer try" });
  expect((await saved()).has(tf.id)).toBe(true);
  expect((await saved()).has(single.id)).toBe(true);

  // Reloading shows the phone's answers; submitting from there hands in what the student sees.
  await warning.getByRole("link", { name: "Reload to see the newer answers" }).click();
  await expect(laptop.locator(`#item-${first.id}`).getByRole("textbox")).toHaveValue("The phone's newer try");
  await expect(laptop.locator(`#item-${tf.id}`).getByRole("radio", { checked: true })).toHaveCount(1);
  await laptop.getByRole("button", { name: "Submit lesson" }).click();
  await laptop.getByRole("button", { name: "Submit anyway" }).click();
  await expect(laptop.getByText("Your answers are submitted")).toBeVisible();
  expect((await saved()).get(first.id)).toEqual({ text: "The phone's newer try" });

  // Without JavaScript the page sends what it was rendered with: the same rule holds.
  const other = await seedLessonForStudent("No Script Laptop");
  const plain = await pageAs(browser, other.student, { javaScriptEnabled: false });
  await plain.goto(`/assignments/${other.assignment.id}`);
  await saveDraftAnswers(db, other.student.id, other.assignment.id, { [second.id]: { text: "Saved on the phone meanwhile" } });
  const [otherAttempt] = await attemptOf(other.student.id, other.assignment.id);
  await plain.locator(`#item-${first.id}`).getByRole("textbox").fill("Typed without JavaScript");
  await plain.getByRole("button", { name: "Save draft" }).click();
  await expect(plain.locator("#conflict-warning")).toHaveText(
    /^Another device saved a different answer after this page loaded: Question \d+\. This page now shows that answer; what it had there was not saved\. Your other answers are saved\.$/,
  );
  await expect(plain.locator(`#item-${second.id}`).getByRole("textbox")).toHaveValue("Saved on the phone meanwhile");
  const plainSaved = new Map((await responsesOf(otherAttempt!.id)).map((r) => [r.itemId, r.answer]));
  expect(plainSaved.get(second.id)).toEqual({ text: "Saved on the phone meanwhile" });
  expect(plainSaved.get(first.id)).toEqual({ text: "Typed without JavaScript" });
});

test("typing on a page left open into an answer another device changed since does not save over it; the page says so", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const first = questions.find((q) => q.type === "short")!;
  const laptop = await pageAs(browser, student);
  await laptop.goto(`/assignments/${assignment.id}`);
  await laptop.locator(`#item-${first.id}`).getByRole("textbox").fill("The laptop's try");
  await expect(laptop.getByText(/All changes saved/)).toBeVisible();
  // The phone, later, rewrites it.
  await saveDraftAnswers(db, student.id, assignment.id, { [first.id]: { text: "The phone's rewrite" } });
  const saved = async () => {
    const [row] = await attemptOf(student.id, assignment.id);
    return new Map((await responsesOf(row!.id)).map((r) => [r.itemId, r.answer]));
  };

  // Back on the laptop, never reloaded, the student goes on typing in that answer.
  await laptop.locator(`#item-${first.id}`).getByRole("textbox").fill("The laptop's try, and more");
  const warning = laptop.locator("#conflict-warning");
  await expect(warning).toContainText(/^Another device saved a different answer after this page loaded: Question \d+\. This page's answer to it was not saved\. Your other answers are saved\./);
  await expect(laptop.locator(".save-status")).toHaveText("Not saved: some answers changed on another device. See Finish");
  // Not taken from the student as they type: the notice waits where it is.
  await expect(laptop.locator(`#item-${first.id}`).getByRole("textbox")).toBeFocused();
  expect((await saved()).get(first.id)).toEqual({ text: "The phone's rewrite" });
  // Typing on in it changes nothing of that: still not saved over the phone's, and the status says so.
  await laptop.locator(`#item-${first.id}`).getByRole("textbox").press("End");
  await laptop.keyboard.type(" Still more.");
  await expect(laptop.locator(".save-status")).toHaveText("Not saved: some answers changed on another device. See Finish");
  // Another answer still saves as it is typed.
  const tf = questions.find((q) => q.type === "truefalse")!;
  await answerCorrectly(laptop, tf);
  await expect.poll(async () => (await saved()).has(tf.id)).toBe(true);
  expect((await saved()).get(first.id)).toEqual({ text: "The phone's rewrite" });
  await laptop.screenshot({ path: test.info().outputPath("autosave-conflict.png"), fullPage: false });
  // Reloading shows the phone's answer.
  await warning.getByRole("link", { name: "Reload to see the newer answer" }).click();
  await expect(laptop.locator(`#item-${first.id}`).getByRole("textbox")).toHaveValue("The phone's rewrite");
  await expect(laptop.locator("#conflict-warning")).toHaveCount(0);
});

test("a debate argument may cite any excerpt of the lesson: the suggested ones open first, the others one click away", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const d = lesson.debates[0]!;
  const other = lesson.excerpts.find((x) => !d.suggestedExcerpts.includes(x.id))!;
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  const item = page.locator(`#item-${d.id}`);
  await item.getByText("Choose the sentences you cite").click();
  const excerpts = item.locator("details.cite-excerpt");
  // Suggested first, marked and open; the rest folded.
  await expect(excerpts.locator("> summary")).toHaveText([
    ...lesson.excerpts.filter((x) => d.suggestedExcerpts.includes(x.id)).map((x) => `${excerptHeading(lesson, x.id)} (suggested)`),
    ...lesson.excerpts.filter((x) => !d.suggestedExcerpts.includes(x.id)).map((x) => excerptHeading(lesson, x.id)),
  ]);
  const folded = excerpts.filter({ has: page.locator("> summary", { hasText: excerptHeading(lesson, other.id) }) });
  await expect(folded).not.toHaveAttribute("open");
  await folded.locator("> summary").click();
  await folded.getByRole("checkbox", { name: other.sentences[0]!.text, exact: true }).check();
  await item.screenshot({ path: "test-results/screens/lesson-debate-citations.png" });
  await expect(page.getByText(/All changes saved/)).toBeVisible();
  const [row] = await attemptOf(student.id, assignment.id);
  expect((await responsesOf(row!.id)).find((r) => r.itemId === d.id)?.answer).toMatchObject({ citations: [other.sentences[0]!.id] });
  // Opened again, the citations and the excerpt with a cited sentence are open.
  await page.reload();
  await expect(item.locator("details.citations-box")).toHaveAttribute("open");
  await expect(folded).toHaveAttribute("open");
  await expect(folded.getByRole("checkbox", { name: other.sentences[0]!.text, exact: true })).toBeChecked();
});

test("pressing Enter on an answer saves; it never hands in the lesson", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  const tf = questions.find((q) => q.type === "truefalse")!;
  await answerCorrectly(page, tf);
  await page.locator(`#item-${tf.id}`).getByRole("radio", { checked: true }).press("Enter");
  await expect(page.getByText(/All changes saved/)).toBeVisible();
  await expect(page.locator("main [role=alert]")).toHaveCount(0);
  expect((await attemptOf(student.id, assignment.id))[0]!.status).toBe("in_progress");
});

test("“Save draft” with JavaScript saves what the autosave was about to send, and the status says all is saved", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent();
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  // The autosave is held back, so only the button's save can land.
  await page.route("**/api/assignments/*/draft", (route) => route.abort("internetdisconnected"));
  const short = questions.find((q) => q.type === "short")!;
  await page.locator(`#item-${short.id}`).getByRole("textbox").fill("Saved with the button");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Draft saved at / })).toBeVisible();
  await expect(page.locator(".save-status")).toHaveText(/^All changes saved at /);
  const [row] = await attemptOf(student.id, assignment.id);
  expect((await responsesOf(row!.id)).map((r) => r.answer)).toEqual([{ text: "Saved with the button" }]);
  // Nothing is left to save, and nothing kept in the browser to put back.
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => localStorage.getItem(k)?.includes("Saved with the button")))).toEqual([]);
});
