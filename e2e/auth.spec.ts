import { like } from "drizzle-orm";
import { LOGIN_LIMITS } from "@/db/queries/login-throttle";
import { loginThrottle } from "@/db/schema";
import { alertIn, expect, PASSWORD, pageAs, seedUser, signIn, test, testDb } from "./fixtures";

const BAD_LOGIN = "That username and password do not match an account.";
const TOO_MANY = "Too many sign-in attempts. Wait 15 minutes and try again.";

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

test("sign-in and sign-out work without JavaScript", async ({ browser }) => {
  const student = await seedUser("student", "No Script");
  const page = await pageAs(browser, student, { javaScriptEnabled: false });
  await expect(page.getByText("Signed in as No Script")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
});

test("an account is locked for a while after too many failed sign-ins", async ({ page, browser }) => {
  const victim = await seedUser("student");
  for (let i = 0; i < LOGIN_LIMITS.account; i++) {
    await signIn(page, victim.username, `guess ${i}`);
    await expect(alertIn(page)).toHaveText(BAD_LOGIN);
  }
  // Even the right password is refused now, with a message that says what to do.
  await signIn(page, victim.username);
  await expect(alertIn(page)).toHaveText(TOO_MANY);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);

  // Someone else at the same address is not locked out by it.
  const classmate = await seedUser("student");
  await pageAs(browser, classmate);
});

test("an address spraying many accounts is stopped, and a forged X-Forwarded-For does not help", async ({ request }) => {
  const csrf = async () => ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const token = await csrf();
  const attempt = async (username: string, password: string, forged: string) => {
    const response = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken: token, username, password, callbackUrl: "/" },
      headers: { "x-forwarded-for": forged },
      maxRedirects: 0,
    });
    return response.headers()["location"] ?? "";
  };
  const innocent = await seedUser("student");
  try {
    for (let i = 0; i < LOGIN_LIMITS.address; i++) {
      expect(await attempt(`sprayed-${i}`, "password123", `203.0.113.${i % 250}`)).toContain("error=");
    }
    expect(await attempt(innocent.username, PASSWORD, "198.51.100.1")).toContain("error=TooManyAttempts");
  } finally {
    // Give the shared test address back to the specs that follow.
    testDb().delete(loginThrottle).where(like(loginThrottle.key, "address:%")).run();
  }
  expect(await attempt(innocent.username, PASSWORD, "198.51.100.1")).not.toContain("error=");
});

test("a session ends when the account's session version moves on, and the role is read from the database", async ({ browser }) => {
  const { users } = await import("@/db/schema");
  const { bumpSessionVersion } = await import("@/db/queries/users");
  const { eq } = await import("drizzle-orm");
  const student = await seedUser("student");
  const page = await pageAs(browser, student);

  // A password reset (a later issue) bumps the version: every existing session of the account ends.
  bumpSessionVersion(testDb(), student.id);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);

  // A role changed in the database takes effect at once, whatever the session token says.
  const instructor = await seedUser("instructor");
  const teacher = await pageAs(browser, instructor);
  testDb().update(users).set({ role: "student" }).where(eq(users.id, instructor.id)).run();
  expect((await teacher.goto("/teach"))!.status()).toBe(404);
});
