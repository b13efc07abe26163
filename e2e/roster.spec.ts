import { and, eq } from "drizzle-orm";
import { alertIn, enroll, expect, PASSWORD, pageAs, seedClass, seedUser, signIn, test, testDb } from "./fixtures";

const db = testDb();
const { classes, enrollments, users } = db.t;

test("a reset password is shown once, ends old sessions, and is replaced at the next sign-in", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Reset class");
  const student = await seedUser("student", "Forgetful Student");
  await enroll(student.id, cls.id);
  const studentPage = await pageAs(browser, student);

  const teacher = await pageAs(browser, instructor);
  await teacher.goto(`/teach/classes/${cls.id}`);
  const row = teacher.getByRole("row", { name: /Forgetful Student/ });
  await row.getByRole("button", { name: "Reset password" }).click();
  const notice = row.getByRole("status");
  await expect(notice).toContainText("Temporary password:");
  const temporary = /Temporary password: (\S+)/.exec((await notice.textContent())!)![1]!;
  await teacher.reload();
  await expect(teacher.getByText(temporary)).toHaveCount(0);

  // The student's open session has ended.
  await studentPage.goto("/dashboard");
  await expect(studentPage).toHaveURL(/\/signin/);
  // The old password no longer works; the temporary one does, and must be replaced.
  await signIn(studentPage, student.username, PASSWORD);
  await expect(alertIn(studentPage)).toContainText("do not match");
  await signIn(studentPage, student.username, temporary);
  await studentPage.goto("/dashboard");
  await expect(studentPage).toHaveURL(/\/account\/password$/);
  // Until a new password is actually set, it keeps working (a student who closed the tab is not stranded),
  // and every sign-in with it leads to choosing one.
  const again = await (await browser.newContext()).newPage();
  await signIn(again, student.username, temporary);
  await expect(again).toHaveURL(/\/account\/password$/);
  await expect(again.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await studentPage.getByLabel("New password", { exact: true }).fill("my brand new password");
  await studentPage.getByLabel("New password again").fill("my brand new password");
  await studentPage.getByRole("button", { name: "Save new password" }).click();
  await expect(studentPage).toHaveURL(/\/dashboard\?passwordChanged=1$/);

  const other = await (await browser.newContext()).newPage();
  await signIn(other, student.username, temporary);
  await expect(alertIn(other)).toContainText("do not match");
  await signIn(other, student.username, "my brand new password");
  await expect(other).toHaveURL(/\/dashboard$/);
});

test("an instructor cannot reset the password of a student who is also in a colleague's class", async ({ browser }) => {
  const colleague = await seedUser("instructor", "Colleague A");
  const instructor = await seedUser("instructor", "Instructor B");
  const theirs = await seedClass(colleague, "A's class");
  const mine = await seedClass(instructor, "B's class");
  const shared = await seedUser("student", "Shared Student");
  const exclusive = await seedUser("student", "Only Mine");
  await enroll(shared.id, mine.id);
  await enroll(exclusive.id, mine.id);
  const stored = async (id: number) => (await db.get(db.q.select({ hash: users.passwordHash, version: users.sessionVersion }).from(users).where(eq(users.id, id))))!;

  // The page was opened before the student joined the colleague's class too: the server still refuses.
  const teacher = await pageAs(browser, instructor);
  await teacher.goto(`/teach/classes/${mine.id}`);
  await enroll(shared.id, theirs.id);
  const before = await stored(shared.id);
  const row = teacher.getByRole("row", { name: /Shared Student/ });
  await row.getByRole("button", { name: "Reset password" }).click();
  await expect(row.getByRole("alert")).toContainText("You can’t reset this password: the student is also in another instructor’s class");
  await expect(row.getByRole("alert")).toContainText("talk to the other instructor");
  await expect(row.getByText(/Temporary password/)).toHaveCount(0);
  expect(await stored(shared.id)).toEqual(before);

  // Loaded afresh, the page says so instead of offering the button; a student of this class alone can still be reset.
  await teacher.reload();
  await expect(row.getByRole("button", { name: "Reset password" })).toHaveCount(0);
  await expect(row).toContainText("No reset: also in another instructor’s class");
  await expect(teacher.getByText(/^Why “No reset”: the student is also in another instructor’s class/)).toBeVisible();
  const mineOnly = teacher.getByRole("row", { name: /Only Mine/ });
  await mineOnly.getByRole("button", { name: "Reset password" }).click();
  await expect(mineOnly.getByRole("status")).toContainText("Temporary password:");

  // Nor can the colleague reset them from their side: the student is in both instructors' classes.
  const owner = await pageAs(browser, colleague);
  await owner.goto(`/teach/classes/${theirs.id}`);
  await expect(owner.getByRole("row", { name: /Shared Student/ })).toContainText("No reset: also in another instructor’s class");
  expect(await stored(shared.id)).toEqual(before);
});

test("a removed student keeps their work but loses the class, and cannot rejoin with the code", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Removal class");
  const student = await seedUser("student", "Leaving Student");
  await enroll(student.id, cls.id);
  const teacher = await pageAs(browser, instructor);
  await teacher.goto(`/teach/classes/${cls.id}`);
  await teacher.getByRole("row", { name: /Leaving Student/ }).getByRole("button", { name: "Remove" }).click();
  await expect(teacher.getByRole("row", { name: /Leaving Student/ }).getByText("withdrawn")).toBeVisible();
  expect((await db.get(db.q.select().from(enrollments).where(and(eq(enrollments.classId, cls.id), eq(enrollments.studentId, student.id)))))?.status).toBe("withdrawn");

  const page = await pageAs(browser, student);
  await expect(page.getByText(cls.name)).toHaveCount(0);
  await page.goto("/join");
  await page.getByLabel("Join code").fill(cls.joinCode);
  await page.getByRole("button", { name: "Join class" }).click();
  await expect(alertIn(page)).toContainText(`You were removed from ${cls.name}`);
});

test("a new join code replaces the old one, and joining can be turned off", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Code class");
  const teacher = await pageAs(browser, instructor);
  await teacher.goto(`/teach/classes/${cls.id}`);
  await teacher.getByRole("button", { name: "New code" }).click();
  await expect(teacher.getByText(/New join code/)).toBeVisible();
  const fresh = (await db.get(db.q.select().from(classes).where(eq(classes.id, cls.id))))!.joinCode;
  expect(fresh).not.toBe(cls.joinCode);

  const student = await pageAs(browser, await seedUser("student"));
  await student.goto("/join");
  await student.getByLabel("Join code").fill(cls.joinCode);
  await student.getByRole("button", { name: "Join class" }).click();
  await expect(student.getByText("That join code does not open a class.")).toBeVisible();

  await teacher.reload();
  await teacher.getByRole("button", { name: "Turn joining off" }).click();
  await expect(teacher.getByText("Joining is off")).toBeVisible();
  await student.getByLabel("Join code").fill(fresh);
  await student.getByRole("button", { name: "Join class" }).click();
  await expect(student.getByText("That join code does not open a class.")).toBeVisible();
  expect(await db.all(db.q.select().from(enrollments).where(eq(enrollments.classId, cls.id)))).toEqual([]);
});
