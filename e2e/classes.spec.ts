import { and, eq } from "drizzle-orm";
import { qrPath } from "@/lib/qr";
import { alertIn, enroll, expect, pageAs, seedClass, seedUser, skipBrowserValidation, test, testDb, uniqueName } from "./fixtures";

const db = testDb();
const { assignments, classes, enrollments, users } = db.t;

const userNamed = (username: string) => db.get(db.q.select().from(users).where(eq(users.username, username)));

test("an instructor creates a class, adds a colleague, and assigns lesson one", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Mr. Journey");
  const page = await pageAs(browser, instructor);

  await page.getByLabel("Class name").fill("Period 5 — Debate");
  await page.getByRole("button", { name: "Create class" }).click();
  await expect(page).toHaveURL(/\/teach\/classes\/\d+\?created=1$/);
  await expect(page.getByRole("heading", { name: "Period 5 — Debate", level: 1 })).toBeVisible();
  const code = (await page.getByTestId("join-code").textContent())!.replace("-", "");
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  await expect(page.getByTestId("join-link")).toHaveText(new RegExp(`/join/${code}$`));
  // The join link as a QR code, folded away until wanted; it draws the link itself.
  const link = (await page.getByTestId("join-link").textContent())!;
  await page.getByText("QR code of the join link").click();
  const qr = page.getByRole("img", { name: `QR code for ${link}` });
  await expect(qr).toBeVisible();
  expect(await qr.locator("path").getAttribute("d")).toBe(qrPath(link).path);
  await page.locator("section", { has: page.getByRole("heading", { name: "Join code" }) }).screenshot({ path: test.info().outputPath("join-qr.png") });

  // Assign lesson one with a due date.
  await page.getByLabel("Lesson", { exact: true }).selectOption({ label: "The Next Election Will Determine Donald Trump's North Korea Legacy" });
  await page.getByLabel("Due (optional)").fill("2030-05-01T09:30");
  await page.getByRole("button", { name: "Assign lesson" }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+\?assigned=1$/);
  await expect(page.getByRole("status")).toContainText("Lesson assigned to Period 5 — Debate");
  await expect(page.getByText("due May 1, 2030, 9:30 AM")).toBeVisible();
  // The lesson as assigned, with its answer key (explanations, key sentences, rubric), is a link away.
  await page.getByRole("link", { name: "Answer key", exact: true }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+\/print\?copy=key$/);
  await expect(page.getByText("Explanation:").first()).toBeVisible();
  await expect(page.getByText("Sample answer:").first()).toBeVisible();
  await expect(page.locator(".sentence.key").first()).toBeVisible();
  await page.goBack();
  const classId = Number(/classes\/(\d+)/.exec(page.url())![1]);
  expect(await db.all(db.q.select().from(assignments).where(eq(assignments.classId, classId)))).toHaveLength(1);

  await page.getByRole("link", { name: "Period 5 — Debate" }).click();
  await expect(page.getByRole("link", { name: "The Next Election Will Determine Donald Trump's North Korea Legacy" })).toBeVisible();

  // The lesson library previews the lesson with its key as well.
  await page.getByRole("link", { name: "Lessons", exact: true }).click();
  await page.getByRole("link", { name: "The Next Election Will Determine Donald Trump's North Korea Legacy" }).click();
  await expect(page.getByText("Built-in lesson · read-only · answer key shown")).toBeVisible();
  await expect(page.getByText("Let’s start with what happened in the Hanoi Summit.")).toBeVisible();

  // A colleague's account.
  const colleague = uniqueName("colleague");
  await page.getByRole("link", { name: "Instructors" }).click();
  await page.getByLabel("Their name").fill("Dr. Colleague");
  await page.getByLabel("Username").fill(colleague);
  await page.getByLabel("Temporary password").fill("colleague password");
  await page.getByRole("button", { name: "Create instructor account" }).click();
  await expect(page.getByRole("status")).toContainText(`Instructor account “${colleague}” created`);
  expect((await userNamed(colleague))?.role).toBe("instructor");

  const second = await (await browser.newContext()).newPage();
  await second.goto("/signin");
  await second.getByLabel("Username").fill(colleague);
  await second.getByLabel("Password").fill("colleague password");
  await second.getByRole("button", { name: "Sign in" }).click();
  // The password a colleague chose is replaced first.
  await second.goto("/teach");
  await expect(second).toHaveURL(/\/account\/password$/);
  await second.getByLabel("New password", { exact: true }).fill("colleague's own password");
  await second.getByLabel("New password again").fill("colleague's own password");
  await second.getByRole("button", { name: "Save new password" }).click();
  await expect(second).toHaveURL(/\/teach\?passwordChanged=1$/);
  await expect(second.getByText("No classes yet.")).toBeVisible();
  expect((await second.goto(`/teach/classes/${classId}`))!.status()).toBe(404);
});

test("a student signs up through the join link, then joins a second class with a code", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Ms. Roster");
  const first = await seedClass(instructor, "First class");
  const second = await seedClass(instructor, "Second class");
  const username = uniqueName("newstudent");

  const page = await (await browser.newContext()).newPage();
  await page.goto(`/join/${first.joinCode}`);
  await expect(page.getByRole("heading", { name: `Join ${first.name}` })).toBeVisible();
  await page.getByLabel("Your name").fill("Nia Student");
  await page.getByLabel("Choose a username").fill(username);
  await page.getByLabel("Choose a password").fill("my own password");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/\/dashboard\?joined=\d+$/);
  await expect(page.getByRole("status")).toHaveText(`You joined ${first.name}.`);
  await expect(page.getByText("Signed in as Nia Student")).toBeVisible();

  await page.getByRole("link", { name: "Join another class" }).click();
  await page.getByLabel("Join code").fill(second.joinCode.toLowerCase());
  await page.getByRole("button", { name: "Join class" }).click();
  await expect(page.getByRole("status")).toHaveText(`You joined ${second.name}.`);
  // The join link again, now as a member: nothing to join.
  await page.goto(`/join/${first.joinCode}`);
  await expect(page.getByRole("heading", { name: `You are already in ${first.name}` })).toBeVisible();
  await page.getByRole("link", { name: "Go to your lessons" }).click();
  await expect(page.getByRole("link", { name: "My work" })).toHaveAttribute("aria-current", "page");
  const classesCard = page.locator("section", { has: page.getByRole("heading", { name: "My classes" }) });
  await expect(classesCard.getByText(first.name)).toBeVisible();
  await expect(classesCard.getByText(second.name)).toBeVisible();

  // The instructor sees the student on the roster.
  const teacher = await pageAs(browser, instructor);
  await teacher.goto(`/teach/classes/${first.id}`);
  await expect(teacher.getByRole("cell", { name: "Nia Student" })).toBeVisible();
  await expect(teacher.getByRole("cell", { name: username })).toBeVisible();
});

test("signing up and joining work without JavaScript", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const first = await seedClass(instructor, "No-JS first");
  const second = await seedClass(instructor, "No-JS second");
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();

  await page.goto("/join");
  await page.getByLabel("Join code").fill(first.joinCode);
  await page.getByLabel("Your name").fill("Plain Form");
  await page.getByLabel("Choose a username").fill(uniqueName("nojs"));
  await page.getByLabel("Choose a password").fill("plain form password");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("status")).toHaveText(`You joined ${first.name}.`);

  // A wrong code is refused with a message, still without JavaScript.
  await page.goto("/join");
  await page.getByLabel("Join code").fill("ZZZ-ZZZ");
  await page.getByRole("button", { name: "Join class" }).click();
  await expect(page.getByText("That join code does not open a class.")).toBeVisible();

  await page.getByLabel("Join code").fill(second.joinCode);
  await page.getByRole("button", { name: "Join class" }).click();
  await expect(page.getByRole("status")).toHaveText(`You joined ${second.name}.`);
});

test.describe("refused sign-ups store nothing", () => {
  async function trySignUp(
    browser: import("@playwright/test").Browser,
    fields: { code: string; displayName?: string; username?: string; password?: string },
  ) {
    const page = await (await browser.newContext()).newPage();
    await page.goto("/join");
    await skipBrowserValidation(page);
    await page.getByLabel("Join code").fill(fields.code);
    await page.getByLabel("Your name").fill(fields.displayName ?? "Refused Person");
    await page.getByLabel("Choose a username").fill(fields.username ?? uniqueName("refused"));
    await page.getByLabel("Choose a password").fill(fields.password ?? "a fine password");
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(alertIn(page)).toBeVisible();
    return page;
  }

  test("an unknown join code", async ({ browser }) => {
    const username = uniqueName("unknowncode");
    const page = await trySignUp(browser, { code: "ZZZZZZ", username });
    await expect(page.getByText("That join code does not open a class.")).toBeVisible();
    await expect(page.getByLabel("Choose a username")).toHaveValue(username);
    expect(await userNamed(username)).toBeUndefined();
  });

  test("a disabled join code", async ({ browser }) => {
    const cls = await seedClass(await seedUser("instructor"), "Closed class");
    await db.run(db.q.update(classes).set({ joinEnabled: false }).where(eq(classes.id, cls.id)));
    const username = uniqueName("closed");
    const page = await trySignUp(browser, { code: cls.joinCode, username });
    await expect(page.getByText("That join code does not open a class.")).toBeVisible();
    expect(await userNamed(username)).toBeUndefined();
    await page.goto(`/join/${cls.joinCode}`);
    await expect(alertIn(page)).toContainText("This join link does not open a class");
  });

  test("a taken username", async ({ browser }) => {
    const cls = await seedClass(await seedUser("instructor"));
    const existing = await seedUser("student", "Original Owner");
    const page = await trySignUp(browser, { code: cls.joinCode, username: existing.username.toUpperCase(), displayName: "Impostor" });
    await expect(page.getByText(`The username "${existing.username}" is taken.`)).toBeVisible();
    expect((await userNamed(existing.username))?.displayName).toBe("Original Owner");
    expect(await db.all(db.q.select().from(enrollments).where(and(eq(enrollments.classId, cls.id))))).toHaveLength(0);
  });

  test("a too-short password", async ({ browser }) => {
    const cls = await seedClass(await seedUser("instructor"));
    const username = uniqueName("short");
    const page = await trySignUp(browser, { code: cls.joinCode, username, password: "1234567" });
    await expect(page.getByText("Password must be at least 8 characters.")).toBeVisible();
    expect(await userNamed(username)).toBeUndefined();
  });

  test("overlong fields", async ({ browser }) => {
    const cls = await seedClass(await seedUser("instructor"));
    const username = uniqueName("long");
    const page = await trySignUp(browser, { code: cls.joinCode, username, displayName: "N".repeat(81), password: "p".repeat(201) });
    await expect(page.getByText("Name must be at most 80 characters.")).toBeVisible();
    await expect(page.getByText("Password must be at most 200 characters.")).toBeVisible();
    expect(await userNamed(username)).toBeUndefined();

    const page2 = await trySignUp(browser, { code: cls.joinCode, username: "u".repeat(33) });
    await expect(page2.getByText("Username must be at most 32 characters.")).toBeVisible();
    expect(await userNamed("u".repeat(33))).toBeUndefined();
  });

  test("an overlong class name", async ({ browser }) => {
    const instructor = await seedUser("instructor");
    const page = await pageAs(browser, instructor);
    await skipBrowserValidation(page);
    await page.getByLabel("Class name").fill("C".repeat(101));
    await page.getByRole("button", { name: "Create class" }).click();
    await expect(page.getByText("Class name must be at most 100 characters.")).toBeVisible();
    expect(await db.all(db.q.select().from(classes).where(eq(classes.instructorId, instructor.id)))).toHaveLength(0);
  });
});

test("an enrolled student's classmates cannot see each other's classes", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Only mine");
  const member = await seedUser("student", "Member");
  const outsider = await seedUser("student", "Outsider");
  await enroll(member.id, cls.id);
  const outsiderPage = await pageAs(browser, outsider);
  await expect(outsiderPage.getByText(cls.name)).toHaveCount(0);
  const memberPage = await pageAs(browser, member);
  await expect(memberPage.getByText(cls.name)).toBeVisible();
});
