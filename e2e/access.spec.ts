import { eq } from "drizzle-orm";
import { alertIn, enroll, expect, PASSWORD, pageAs, seedAssignment, seedClass, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { assignments } = db.t;

test("signed-out visitors are sent to sign in", async ({ page }) => {
  for (const path of ["/teach", "/dashboard", "/teach/lessons", "/teach/instructors"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/signin/);
  }
});

test("a student reaches no instructor page", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Secret roster");
  const assignment = await seedAssignment(instructor, cls.id);
  const student = await seedUser("student");
  await enroll(student.id, cls.id);
  const page = await pageAs(browser, student);

  for (const path of [
    "/teach",
    "/teach/lessons",
    "/teach/lessons/north-korea-legacy",
    "/teach/instructors",
    `/teach/classes/${cls.id}`,
    `/teach/classes/${cls.id}/assignments/${assignment.id}`,
  ]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText(cls.name)).toHaveCount(0);
    await expect(page.getByText("Sample answer")).toHaveCount(0);
  }
});

test("an instructor reaches nothing of another instructor's class", async ({ browser }) => {
  const owner = await seedUser("instructor");
  const cls = await seedClass(owner, "Owner's class");
  const assignment = await seedAssignment(owner, cls.id);
  const other = await seedUser("instructor");
  const otherClass = await seedClass(other, "Other's class");
  const page = await pageAs(browser, other);

  await expect(page.getByText(cls.name)).toHaveCount(0);
  for (const path of [`/teach/classes/${cls.id}`, `/teach/classes/${cls.id}/assignments/${assignment.id}`, `/teach/classes/${otherClass.id}/assignments/${assignment.id}`]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(page.getByText(cls.name)).toHaveCount(0);
  }

  // Tampering with the assign form's hidden class id does not assign to someone else's class.
  await page.goto(`/teach/classes/${otherClass.id}`);
  await page.getByRole("region", { name: "Assign a lesson" }).locator("input[name=classId]").evaluate((input, id) => ((input as HTMLInputElement).value = String(id)), cls.id);
  await page.getByRole("button", { name: "Assign lesson" }).click();
  await expect(alertIn(page)).toHaveText("That class does not exist or is not yours.");
  expect(await db.all(db.q.select().from(assignments).where(eq(assignments.classId, cls.id)))).toHaveLength(1);
});

test("ids that are not ids are simply not found", async ({ browser }) => {
  const page = await pageAs(browser, await seedUser("instructor"));
  for (const path of ["/teach/classes/abc", "/teach/classes/1e3", "/teach/classes/-1", "/teach/lessons/nope"]) {
    expect((await page.goto(path))!.status(), path).toBe(404);
  }
});

test("a signed-out student following a link to a lesson lands on it after signing in", async ({ page }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor);
  const assignment = await seedAssignment(instructor, cls.id);
  const student = await seedUser("student");
  await enroll(student.id, cls.id);
  await page.goto(`/assignments/${assignment.id}`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel("Username").fill(student.username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/assignments/${assignment.id}$`));
});
