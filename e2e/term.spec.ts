import { submitAttempt } from "@/db/queries/attempts";
import { createAssignment } from "@/db/queries/assignments";
import { eq } from "drizzle-orm";
import { alertIn, enroll, expect, lessonOne, pageAs, seedClass, seedUser, test, testDb, uniqueName } from "./fixtures";

const db = testDb();
const { classes, classTeachers } = db.t;

/*
 * A class over a term: co-teachers (added by the owner, who then grade as the owner does and see nothing
 * of the owner's other classes), a class created twice by mistake (warned, then deleted), and archiving at
 * the end of term (gone for students, read-only, still reviewable and exportable; restorable).
 */

const lesson = lessonOne();
const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;

test("the owner adds a co-teacher, who grades in that class and gets 404 in another", async ({ browser }) => {
  const owner = await seedUser("instructor", "Owning Teacher");
  const colleague = await seedUser("instructor", "Co Colleague");
  const shared = await seedClass(owner, `Shared ${uniqueName("class")}`);
  const other = await seedClass(owner, `Private ${uniqueName("class")}`);
  const student = await seedUser("student", "Cora Student");
  await enroll(student.id, shared.id);
  const assignment = (await createAssignment(testDb(), owner.id, { classId: shared.id, lesson, dueAt: null }))!;
  const otherAssignment = (await createAssignment(testDb(), owner.id, { classId: other.id, lesson, dueAt: null }))!;
  await submitAttempt(testDb(), student.id, assignment.id, { [short.id]: { text: "A co-taught answer." } });

  const page = await pageAs(browser, owner);
  await page.goto(`/teach/classes/${shared.id}`);
  const teachers = page.getByRole("region", { name: "Teachers" });
  await teachers.getByLabel("Co-teacher’s username").fill("nobody-here");
  await teachers.getByRole("button", { name: "Add co-teacher" }).click();
  await expect(teachers.getByText("There is no instructor with that username.")).toBeVisible();
  await teachers.getByLabel("Co-teacher’s username").fill(colleague.username);
  await teachers.getByRole("button", { name: "Add co-teacher" }).click();
  await expect(teachers.getByRole("status")).toHaveText("Co Colleague now co-teaches this class.");
  await expect(teachers.getByRole("listitem").filter({ hasText: "Co Colleague" })).toContainText("co-teacher");
  await page.locator("summary", { hasText: "Delete class" }).click();
  await page.screenshot({ path: test.info().outputPath("class-with-co-teacher.png"), fullPage: true });

  const co = await pageAs(browser, colleague);
  const listed = co.getByRole("listitem").filter({ has: co.getByRole("link", { name: shared.name }) });
  await expect(listed).toContainText("co-teaching with Owning Teacher");
  await expect(co.getByRole("link", { name: other.name })).toHaveCount(0);
  await listed.getByRole("link", { name: shared.name }).click();
  // A co-teacher cannot delete the class or add teachers, but may leave.
  await expect(co.getByRole("button", { name: "Add co-teacher" })).toHaveCount(0);
  await expect(co.locator("summary", { hasText: "Delete class" })).toHaveCount(0);
  await expect(co.getByRole("button", { name: "Leave this class" })).toBeVisible();
  await co.screenshot({ path: test.info().outputPath("class-as-co-teacher.png"), fullPage: true });

  await co.goto(`/teach/classes/${shared.id}/assignments/${assignment.id}/grade`);
  await expect(co.getByText("A co-taught answer.")).toBeVisible();
  await co.getByLabel(/^Score/).fill("1");
  await co.getByLabel("Comment for the student").fill("Seen by your co-teacher.");
  await co.getByRole("button", { name: /^Save/ }).first().click();
  await expect(co.getByRole("status")).toContainText("Grade saved for Cora Student");

  // The owner sees the co-teacher's grade; the co-teacher sees nothing of the owner's other class.
  await page.goto(`/teach/classes/${shared.id}/assignments/${assignment.id}/students/${student.id}`);
  await expect(page.getByText("Seen by your co-teacher.")).toBeVisible();
  for (const path of [
    `/teach/classes/${other.id}`,
    `/teach/classes/${other.id}/assignments/${otherAssignment.id}`,
    `/teach/classes/${other.id}/assignments/${otherAssignment.id}/grade`,
  ]) {
    const response = await co.goto(path);
    expect(response?.status(), path).toBe(404);
  }

  // The owner removes the co-teacher: the class is gone for them.
  await page.goto(`/teach/classes/${shared.id}`);
  await page.getByRole("region", { name: "Teachers" }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("status")).toHaveText("Co-teacher removed.");
  expect(await db.all(db.q.select().from(classTeachers).where(eq(classTeachers.classId, shared.id)))).toEqual([]);
  expect((await co.goto(`/teach/classes/${shared.id}`))?.status()).toBe(404);
  await page.context().close();
  await co.context().close();
});

test("a class created twice is warned about, and the extra one deleted", async ({ browser }) => {
  const owner = await seedUser("instructor", "Hasty Teacher");
  const first = await seedClass(owner, "Period 3");
  const name = first.name;
  const page = await pageAs(browser, owner);
  await page.getByLabel("Class name").fill(`  ${name.toUpperCase()} `);
  await page.getByRole("button", { name: "Create class" }).click();
  await expect(alertIn(page)).toContainText(`You already have a class named “${name}”. Use the name anyway?`);
  await expect(page.getByLabel("Class name")).toHaveValue(`  ${name.toUpperCase()} `);
  await page.getByRole("button", { name: "Use the name anyway" }).click();
  await expect(page).toHaveURL(/\/teach\/classes\/\d+\?created=1$/);
  const secondId = Number(new URL(page.url()).pathname.split("/").pop());
  expect(secondId).not.toBe(first.id);

  await page.locator("summary", { hasText: "Delete class" }).click();
  await page.getByRole("button", { name: "Delete class" }).click();
  // The box must be ticked (the browser says so first; the server too, without it).
  expect(await db.get(db.q.select().from(classes).where(eq(classes.id, secondId)))).toBeDefined();
  await page.getByLabel(/Delete .* for good/).check();
  await page.getByRole("button", { name: "Delete class" }).click();
  await expect(page).toHaveURL(/\/teach\?deleted=1$/);
  await expect(page.getByRole("status")).toHaveText("The class was deleted.");
  expect(await db.get(db.q.select().from(classes).where(eq(classes.id, secondId)))).toBeUndefined();

  // A class with student work cannot be deleted: it says to archive instead.
  const student = await seedUser("student", "Worker Student");
  await enroll(student.id, first.id);
  const assignment = (await createAssignment(testDb(), owner.id, { classId: first.id, lesson, dueAt: null }))!;
  await submitAttempt(testDb(), student.id, assignment.id, {});
  await page.goto(`/teach/classes/${first.id}`);
  await page.locator("summary", { hasText: "Delete class" }).click();
  await expect(page.getByText("This class has student work (1 attempt), so it cannot be deleted. Archive it instead.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete class" })).toHaveCount(0);
  await page.context().close();
});

test("archiving a class at the end of term: gone for students, read-only, still reviewable and exportable", async ({ browser }) => {
  const owner = await seedUser("instructor", "Term Teacher");
  const cls = await seedClass(owner, `Term ${uniqueName("class")}`);
  const student = await seedUser("student", "Term Student");
  await enroll(student.id, cls.id);
  const assignment = (await createAssignment(testDb(), owner.id, { classId: cls.id, lesson, dueAt: null }))!;
  await submitAttempt(testDb(), student.id, assignment.id, { [short.id]: { text: "An end-of-term answer." } });

  const learner = await pageAs(browser, student);
  await expect(learner.getByRole("link", { name: lesson.title })).toBeVisible();

  const page = await pageAs(browser, owner);
  await page.goto(`/teach/classes/${cls.id}`);
  await page.getByText("Archive at the end of term").click();
  await page.getByRole("button", { name: "Archive class" }).click();
  await expect(page.getByRole("status").filter({ hasText: "This class was archived on" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("archived");
  await expect(page.getByRole("region", { name: "Assign a lesson" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New code" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reset password" })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("class-archived.png"), fullPage: true });

  // Gone from the student's dashboard and from the instructor's list of current classes.
  await learner.reload();
  await expect(learner.getByRole("link", { name: lesson.title })).toHaveCount(0);
  await page.goto("/teach");
  await expect(page.getByRole("region", { name: "Classes" }).locator(".list").first().getByRole("link", { name: cls.name })).toHaveCount(0);
  await page.getByText("Archived classes (1)").click();
  await page.getByRole("link", { name: cls.name }).click();

  // Still reviewable and exportable.
  await page.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}/students/${student.id}`);
  await expect(page.getByText("An end-of-term answer.")).toBeVisible();
  const csv = await page.request.get(`/teach/classes/${cls.id}/assignments/${assignment.id}/export/responses.csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("An end-of-term answer.");
  // No roster goes into it: the import page says why, rather than refusing a filled-in form.
  await page.goto(`/teach/classes/${cls.id}/import`);
  await expect(page.getByText("This class is archived: restore it on its page to add students.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Check the roster" })).toHaveCount(0);

  // Restored, it is back for the student.
  await page.goto(`/teach/classes/${cls.id}`);
  await page.getByRole("button", { name: "Restore class" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Class restored" })).toBeVisible();
  await learner.reload();
  await expect(learner.getByRole("link", { name: lesson.title })).toBeVisible();
  await page.context().close();
  await learner.context().close();
});
