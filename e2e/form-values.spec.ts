import { and, eq } from "drizzle-orm";
import { submitAttempt } from "@/db/queries/attempts";
import { createAssignment } from "@/db/queries/assignments";
import { gradeResponse } from "@/db/queries/grading";
import { alertIn, enroll, expect, lessonOne, pageAs, seedClass, seedUser, test, testDb, uniqueName } from "./fixtures";

const db = testDb();
const { assignments, responses, users } = db.t;

/*
 * A refused form keeps every value it was sent. Losing one silently is worse than losing all: the assign
 * form once kept the due date but dropped "When I release feedback", so a second try gave away the key.
 */

for (const javaScriptEnabled of [true, false]) {
  test(`the assign form keeps every field after an error (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const instructor = await seedUser("instructor");
    const cls = await seedClass(instructor, "Assign values");
    const page = await pageAs(browser, instructor, { javaScriptEnabled });
    await page.goto(`/teach/classes/${cls.id}`);
    const form = page.getByRole("region", { name: "Assign a lesson" });
    const lesson = form.getByLabel("Lesson", { exact: true });
    const due = form.getByLabel("Due (optional)");
    const feedback = form.getByLabel("Students see scores and explanations");

    await lesson.selectOption({ label: lessonOne().title });
    await due.fill("2020-01-01T09:00");
    await feedback.selectOption({ label: "When I release feedback" });
    await form.getByRole("button", { name: "Assign lesson" }).click();
    await expect(form.getByRole("alert")).toContainText("Please correct the field below.");
    await expect(form.getByText("That time has already passed.")).toBeVisible();
    await expect(lesson).toHaveValue(lessonOne().id);
    await expect(due).toHaveValue("2020-01-01T09:00");
    await expect(feedback).toHaveValue("on_release");

    // Changed and refused again, the new choice is the one kept; and once more unchanged.
    await feedback.selectOption({ label: "Right after they submit" });
    await due.fill("2020-02-02T10:00");
    await form.getByRole("button", { name: "Assign lesson" }).click();
    await expect(due).toHaveValue("2020-02-02T10:00");
    await expect(feedback).toHaveValue("immediate");
    await feedback.selectOption({ label: "When I release feedback" });
    await form.getByRole("button", { name: "Assign lesson" }).click();
    await expect(due).toHaveValue("2020-02-02T10:00");
    await expect(feedback).toHaveValue("on_release");
    await form.getByRole("button", { name: "Assign lesson" }).click();
    await expect(due).toHaveValue("2020-02-02T10:00");
    await expect(feedback).toHaveValue("on_release");
    expect(await db.all(db.q.select().from(assignments).where(eq(assignments.classId, cls.id)))).toEqual([]);

    // Corrected, what is assigned is what was chosen.
    await due.fill("2031-03-03T08:15");
    await form.getByRole("button", { name: "Assign lesson" }).click();
    await expect(page).toHaveURL(/\/assignments\/\d+\?assigned=1$/);
    const [assigned] = await db.all(db.q.select().from(assignments).where(eq(assignments.classId, cls.id)));
    expect(assigned).toMatchObject({ lessonId: lessonOne().id, feedbackMode: "on_release" });
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`a refused roster import keeps the pasted roster (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const instructor = await seedUser("instructor");
    const cls = await seedClass(instructor, "Import values");
    const page = await pageAs(browser, instructor, { javaScriptEnabled });
    await page.goto(`/teach/classes/${cls.id}/import`);
    const name = uniqueName("kept");
    const roster = `display name,username\nKept Row,${name}\n,${name}x\n`;
    await page.getByLabel("…or paste it here").fill(roster);
    await page.getByRole("button", { name: "Check the roster" }).click();
    await expect(alertIn(page)).toContainText("Line 3: Enter a name.");
    await expect(page.getByLabel("…or paste it here")).toHaveValue(roster);
    expect(await db.all(db.q.select().from(users).where(eq(users.username, name)))).toEqual([]);
  });
}

test("a grade refused because a colleague graded first keeps the score, comment and 'save for reuse' (JavaScript off)", async ({ browser }) => {
  const lesson = lessonOne();
  const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Grade values");
  const assignment = (await createAssignment(testDb(), instructor.id, { classId: cls.id, lesson, dueAt: null, feedbackMode: "on_release" }))!;
  const student = await seedUser("student", "Graded Student");
  await enroll(student.id, cls.id);
  const { attemptId } = await submitAttempt(testDb(), student.id, assignment.id, { [short.id]: { text: "An answer to grade." } });

  const page = await pageAs(browser, instructor, { javaScriptEnabled: false });
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}/grade`);
  await expect(page.getByText("An answer to grade.")).toBeVisible();
  const response = (await db.get(db.q.select().from(responses).where(and(eq(responses.attemptId, attemptId), eq(responses.itemId, short.id)))))!;
  expect((await gradeResponse(testDb(), instructor.id, assignment.id, { responseId: response.id, score: 1, comment: "From the other tab.", expectedVersion: response.gradeVersion })).status).toBe("saved");

  await page.getByLabel(/^Score/).fill("2");
  await page.getByLabel("Comment for the student").fill("A comment worth keeping.");
  await page.getByLabel("Save this comment for reuse on this question").check();
  await page.getByRole("button", { name: "Save and next" }).click();
  await expect(alertIn(page)).toContainText("graded this response while you had it open");
  await expect(page.getByLabel(/^Score/)).toHaveValue("2");
  await expect(page.getByLabel("Comment for the student")).toHaveValue("A comment worth keeping.");
  await expect(page.getByLabel("Save this comment for reuse on this question")).toBeChecked();
});

for (const javaScriptEnabled of [true, false]) {
  test(`the join form keeps what was typed after an error, never the password, and says so (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const instructor = await seedUser("instructor");
    const cls = await seedClass(instructor, "Join values");
    const existing = await seedUser("student", "Already Here");
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    await page.goto("/join");
    await page.getByLabel("Join code").fill(cls.joinCode);
    await page.getByLabel("Your name").fill("Jo March");
    await page.getByLabel("Choose a username").fill(existing.username);
    await page.getByLabel("Choose a password").fill("a long secret password");
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(page.getByText(/is taken\. Choose another/)).toBeVisible();
    await expect(page.getByLabel("Join code")).toHaveValue(cls.joinCode);
    await expect(page.getByLabel("Your name")).toHaveValue("Jo March");
    await expect(page.getByLabel("Choose a username")).toHaveValue(existing.username);
    const password = page.getByLabel("Choose a password");
    await expect(password).toHaveValue("");
    await expect(password).toHaveAccessibleDescription(/For your security, enter your password again/);
    expect(await page.content()).not.toContain("a long secret password");

    // Fixed, it goes through with what was kept.
    const username = uniqueName("jo");
    await page.getByLabel("Choose a username").fill(username);
    await password.fill("a long secret password");
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(page).toHaveURL(/\/dashboard\?joined=/);
    expect(await db.get(db.q.select().from(users).where(eq(users.username, username)))).toMatchObject({ displayName: "Jo March" });
  });
}
