import type { APIRequestContext } from "@playwright/test";
import { eq, like } from "drizzle-orm";
import { JOIN_LIMITS, liftSignInLock, LOGIN_LIMITS } from "@/db/queries/login-throttle";
import { getStudentAttempt } from "@/db/queries/attempts";
import { bumpSessionVersion } from "@/db/queries/users";
import { csrfCookie } from "@/lib/auth/cookies";
import { alertIn, enroll, expect, forgetAddressCounters, lessonOne, PASSWORD, pageAs, seedClass, seedLessonForStudent, seedUser, signIn, test, testDb, uniqueName } from "./fixtures";

const db = testDb();
const { loginThrottle } = db.t;

const BAD_LOGIN = "That username and password do not match an account.";
const TOO_MANY = "Too many wrong passwords for this account from here. Wait 15 minutes and try again, or ask your teacher to unlock your sign-in.";

test("an instructor signs in and out", async ({ page }) => {
  const instructor = await seedUser("instructor", "Ms. Sign-In");
  await signIn(page, instructor.username);
  await expect(page).toHaveURL(/\/teach$/);
  await expect(page.getByText("Signed in as Ms. Sign-In")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await expect(page.getByRole("status")).toHaveText("You are signed out.");
  await page.goto("/teach");
  await expect(page).toHaveURL(/\/signin/);
});

test("a wrong password and an unknown username get the same message", async ({ page }) => {
  const student = await seedUser("student");
  await signIn(page, student.username, "not the password");
  await expect(alertIn(page)).toHaveText(BAD_LOGIN);
  await signIn(page, "nobody-by-this-name", "not the password");
  await expect(alertIn(page)).toHaveText(BAD_LOGIN);
  await signIn(page, student.username);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a sign-in form without its CSRF token signs nobody in, and says the form had expired", async ({ page, playwright }) => {
  const student = await seedUser("student");
  // Another site's form posting the right password: it has no CSRF cookie to match, or guesses a token.
  const forged = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
  const post = (csrfToken: string) =>
    forged.post("/api/auth/callback/credentials", { form: { csrfToken, username: student.username, password: PASSWORD, callbackUrl: "/dashboard" }, maxRedirects: 0 });
  const noCookie = await post("0".repeat(64));
  expect(noCookie.status()).toBe(303);
  expect(noCookie.headers()["location"]).toContain("error=CsrfExpired");
  const { csrfToken } = (await (await forged.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const wrongToken = await post(csrfToken.replace(/^./, (c) => (c === "a" ? "b" : "a")));
  expect(wrongToken.headers()["location"]).toContain("error=CsrfExpired");
  expect((await forged.storageState()).cookies.map((c) => c.name)).not.toContainEqual(expect.stringContaining("session-token"));
  expect((await post(csrfToken)).headers()["location"]).toMatch(/\/dashboard$/);
  await forged.dispose();

  // A page left open while its cookie went away (cleared, or another browser profile): the person is told, and the next try works.
  await page.goto("/signin?callbackUrl=%2Fdashboard");
  await page.context().clearCookies();
  await page.getByLabel("Username").fill(student.username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alertIn(page)).toHaveText("The sign-in form had expired. Please sign in again.");
  await expect(page.locator("header").getByText("Signed in as")).toHaveCount(0);
  await page.getByLabel("Username").fill(student.username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a CSRF cookie this server did not sign (a changed secret, a damaged cookie) is replaced: the first sign-in works", async ({ browser }) => {
  const student = await seedUser("student");
  const context = await browser.newContext();
  await context.addCookies([{ name: csrfCookie.name, value: `${"a".repeat(64)}%7C${"b".repeat(64)}`, url: process.env.E2E_BASE_URL! }]);
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Username").fill(student.username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await context.close();
});

test("sign-in and sign-out work without JavaScript", async ({ browser }) => {
  const student = await seedUser("student", "No Script");
  const page = await pageAs(browser, student, { javaScriptEnabled: false });
  await expect(page.getByText("Signed in as No Script")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
});

/** The test server at one of its loopback addresses: two addresses, so that "another network" can be tried. */
const at = (host: "127.0.0.1" | "[::1]") => `http://${host}:${new URL(process.env.E2E_BASE_URL!).port}`;

/**
 * One CSRF token per context, as a browser keeps its cookie: many sign-ins started at once from one context
 * would otherwise each fetch a new cookie and overwrite each other's.
 */
const csrfTokens = new WeakMap<APIRequestContext, Promise<string>>();
function csrfTokenOf(request: APIRequestContext): Promise<string> {
  let token = csrfTokens.get(request);
  if (!token) csrfTokens.set(request, (token = request.get("/api/auth/csrf").then(async (r) => ((await r.json()) as { csrfToken: string }).csrfToken)));
  return token;
}

/** A raw credentials sign-in from `host`: the redirect's location ("…error=…" when refused; never for a bad CSRF token). */
async function signInFrom(request: APIRequestContext, username: string, password: string, headers: Record<string, string> = {}) {
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: await csrfTokenOf(request), username, password, callbackUrl: "/" },
    headers,
    maxRedirects: 0,
  });
  const location = response.headers()["location"] ?? "";
  expect(location, "the sign-in's CSRF token was taken").not.toContain("CsrfExpired");
  return location;
}


test("a classmate guessing a student's password on the school network is stopped; the student's own device is not, and the teacher can unlock", async ({ browser, playwright }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Unlock class");
  const victim = await seedUser("student", "Guessed Student");
  await enroll(victim.id, cls.id);
  // The student's own Chromebook and a classmate's, behind the same school address.
  const own = await playwright.request.newContext({ baseURL: at("127.0.0.1") });
  const classmate = await playwright.request.newContext({ baseURL: at("127.0.0.1") });
  // The student has signed in on their Chromebook before (it now carries a device cookie).
  expect(await signInFrom(own, victim.username, PASSWORD)).not.toContain("error=");

  for (let i = 0; i < LOGIN_LIMITS.pair; i++) expect(await signInFrom(classmate, victim.username, `guess ${i}`)).toContain("error=CredentialsSignin");
  // From the classmate's device even the right password is refused now, with a message that says what to do...
  expect(await signInFrom(classmate, victim.username, PASSWORD)).toContain("error=TooManyAttempts");
  const page = await (await browser.newContext({ baseURL: at("127.0.0.1") })).newPage();
  await signIn(page, victim.username);
  await expect(alertIn(page)).toHaveText(TOO_MANY);
  // ...but the student, on their own device at the same address, signs in as usual.
  expect(await signInFrom(own, victim.username, PASSWORD)).not.toContain("error=");

  // The teacher sees the lock on the roster and lifts it.
  const teacher = await pageAs(browser, instructor);
  await teacher.goto(`/teach/classes/${cls.id}`);
  const row = teacher.getByRole("row", { name: /Guessed Student/ });
  await expect(row.getByText("Sign-in locked")).toBeVisible();
  await row.getByRole("button", { name: "Unlock sign-in" }).click();
  await expect(row.getByRole("status")).toHaveText("Sign-in unlocked: they can sign in again now.");
  await signIn(page, victim.username);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a whole class signing in at the same moment from one address is never turned away", async ({ request }) => {
  // 330 password hashes on two cores, beside everything else the machine runs.
  test.setTimeout(120_000);
  const students = await Promise.all(Array.from({ length: 300 }, () => seedUser("student")));
  try {
    // Some typos from the same address among them.
    const typos = Array.from({ length: 30 }, (_, i) => signInFrom(request, `typo-${uniqueName("")}-${i}`, "wrong password"));
    const results = await Promise.all([...students.map((s) => signInFrom(request, s.username, PASSWORD)), ...typos]);
    expect(results.slice(0, students.length).filter((location) => location.includes("error=")), "refused sign-ins").toEqual([]);
  } finally {
    await forgetAddressCounters();
  }
});

test("an address spraying many accounts is stopped, a forged X-Forwarded-For does not help, and the accounts' own devices still get in", async ({ request }) => {
  const regular = await seedUser("student");
  const newcomer = await seedUser("student");
  expect(await signInFrom(request, regular.username, PASSWORD)).not.toContain("error=");
  try {
    for (let batch = 0; batch < LOGIN_LIMITS.address; batch += 50) {
      const tries = Array.from({ length: 50 }, (_, i) => signInFrom(request, `sprayed-${batch + i}`, "password123", { "x-forwarded-for": `203.0.113.${i}` }));
      for (const location of await Promise.all(tries)) expect(location).toContain("error=");
    }
    expect(await signInFrom(request, newcomer.username, PASSWORD, { "x-forwarded-for": "198.51.100.1" })).toContain("error=TooManyAttempts");
    expect(await signInFrom(request, regular.username, PASSWORD)).not.toContain("error=");
  } finally {
    await forgetAddressCounters();
  }
  expect(await signInFrom(request, newcomer.username, PASSWORD)).not.toContain("error=");
});

test("signing out ends the session on the server: a copied cookie no longer works", async ({ browser }) => {
  const student = await seedUser("student");
  const page = await pageAs(browser, student);
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/dashboard");
  await expect(stolen).toHaveURL(/\/signin/);
});

test("an open dashboard does not outlive its session: ended elsewhere, it goes to sign in by itself", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Live dashboard");
  const student = await seedUser("student");
  await enroll(student.id, cls.id);
  const page = await pageAs(browser, student);
  await expect(page.getByText("● Live")).toBeVisible();
  // A password reset or a sign-out elsewhere moves the session version on.
  await bumpSessionVersion(testDb(), student.id);
  await expect(page).toHaveURL(/\/signin/, { timeout: 20_000 });
});

test("the current-password check of a password change is limited like sign-in", async ({ browser }) => {
  const student = await seedUser("student");
  const page = await pageAs(browser, student);
  const guesses = async () => (await db.all(db.q.select().from(loginThrottle).where(like(loginThrottle.key, `pair:${student.username}|%`)))).reduce((n, row) => n + row.failures, 0);
  await page.goto("/account/password");
  for (let i = 0; i < LOGIN_LIMITS.pair; i++) {
    await page.getByLabel("Current password").fill(`guess ${i}`);
    await page.getByLabel("New password", { exact: true }).fill("a brand new password");
    await page.getByLabel("New password again").fill("a brand new password");
    await page.getByRole("button", { name: "Save new password" }).click();
    await expect(page.getByText("That is not your current password.")).toBeVisible();
    await expect.poll(guesses).toBe(i + 1);
    // The form is reset once the answer is in: only then fill it again.
    await expect(page.getByRole("button", { name: "Save new password" })).toBeEnabled();
  }
  // Even the right one is refused for now, and the password is unchanged.
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a brand new password");
  await page.getByLabel("New password again").fill("a brand new password");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(alertIn(page)).toHaveText("Too many wrong passwords. Wait 15 minutes and try again.");
  await liftSignInLock(testDb(), student.username);
  const fresh = await pageAs(browser, student);
  await expect(fresh).toHaveURL(/\/dashboard$/);
});

test("joining with a valid code is no unlimited way to test which usernames exist", async ({ page }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Oracle class");
  const taken = await seedUser("student");
  await forgetAddressCounters();
  const failures = async () => (await db.all(db.q.select().from(loginThrottle).where(like(loginThrottle.key, "join:%")))).reduce((n, row) => n + row.failures, 0);
  try {
    await page.goto(`/join/${cls.joinCode}`);
    for (let i = 0; i < JOIN_LIMITS.failures; i++) {
      await page.getByLabel("Your name").fill("Curious");
      await page.getByLabel("Choose a username").fill(taken.username);
      await page.getByLabel("Choose a password").fill("some password here");
      await page.getByRole("button", { name: "Create account and join" }).click();
      await expect(page.getByText(`The username "${taken.username}" is taken.`, { exact: false })).toBeVisible();
      await expect.poll(failures).toBe(i + 1);
    }
    // From here on, even a free username is not answered: the limit is reached.
    await page.getByLabel("Choose a username").fill(uniqueName("free"));
    await page.getByLabel("Choose a password").fill("some password here");
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(alertIn(page)).toContainText("Too many failed tries from here");
  } finally {
    await forgetAddressCounters();
  }
});

test("a session ends when the account's session version moves on, and the role is read from the database", async ({ browser }) => {
  const { users } = db.t;
  const student = await seedUser("student");
  const page = await pageAs(browser, student);

  // A password reset (a later issue) bumps the version: every existing session of the account ends.
  await bumpSessionVersion(testDb(), student.id);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);

  // A role changed in the database takes effect at once, whatever the session token says.
  const instructor = await seedUser("instructor");
  const teacher = await pageAs(browser, instructor);
  await db.run(db.q.update(users).set({ role: "student" }).where(eq(users.id, instructor.id)));
  expect((await teacher.goto("/teach"))!.status()).toBe(404);
});

test("a session that ends while answering: the lesson says so, signing in again (after a typo) returns to it with the answer kept, and no sign-in page says “Signed in as”", async ({ browser }) => {
  const short = lessonOne().excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
  const { assignment, student } = await seedLessonForStudent("Expiring Student");
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  const status = page.locator(".save-status");
  const box = page.locator(`#item-${short.id}`).getByRole("textbox");
  await box.fill("The first half of my answer.");
  await expect(status).toContainText("All changes saved");

  // The session ends (it expired, or a password reset elsewhere): the next save says so and offers sign-in.
  await bumpSessionVersion(testDb(), student.id);
  await box.fill("The first half of my answer, and the second half typed after the session ended.");
  await expect(status).toContainText("your session has ended");
  await expect(page.locator("header").getByText("Signed in as")).toBeVisible(); // the page's own header, unchanged until it reloads
  await status.getByRole("link", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(`/assignments/${assignment.id}`)}`));
  await expect(page.locator("header").getByText("Signed in as")).toHaveCount(0);

  // A typo first: the way back to the lesson survives the error.
  await page.getByLabel("Username").fill(student.username);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alertIn(page)).toHaveText("That username and password do not match an account.");
  await page.getByLabel("Username").fill(student.username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/assignments/${assignment.id}$`));
  await expect(box).toHaveValue("The first half of my answer, and the second half typed after the session ended.");
  await expect(status).toContainText("All changes saved");
  expect((await getStudentAttempt(testDb(), student.id, assignment.id))!.responses.get(short.id)?.answer).toEqual({ text: "The first half of my answer, and the second half typed after the session ended." });
});

test("ended while a page is open, a click within the app lands on a sign-in page that does not say “Signed in as”, and Submit comes back to the lesson", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Navigating Student");
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  await expect(page.locator(".save-status")).toContainText("Answers save automatically");
  await bumpSessionVersion(testDb(), student.id);
  // Submitting signed out goes to sign in, and back to this lesson afterwards.
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(`/assignments/${assignment.id}`)}`));
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("header").getByText("Signed in as")).toHaveCount(0);
  await expect(page.locator("header").getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await page.getByLabel("Username").fill(student.username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/assignments/${assignment.id}$`));
  await expect(page.locator("header").getByText("Signed in as")).toBeVisible();

  // A link in the header, followed after the session ended: a navigation within the app.
  await bumpSessionVersion(testDb(), student.id);
  await page.locator("header").getByRole("link", { name: "My work" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("header").getByText("Signed in as")).toHaveCount(0);
});
