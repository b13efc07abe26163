import { count, eq } from "drizzle-orm";
import { setupCode } from "@/lib/auth/setup-code";
import { alertIn, expect, skipBrowserValidation, test, testDb } from "./fixtures";

const db = testDb();
const { users } = db.t;

const instructorCount = async () => (await db.get(db.q.select({ n: count() }).from(users).where(eq(users.role, "instructor"))))!.n;

// The secret the test server runs with (playwright.config.ts): `npm start` prints the code it makes.
const code = setupCode("e2e-secret-not-for-production-0123456789");

test("first-run setup asks for the server's setup code, creates the first instructor, then closes for good", async ({ page, browser }) => {
  expect(await instructorCount()).toBe(0);
  // A second person opens the setup page at the same time.
  const late = await (await browser.newContext()).newPage();
  await late.goto("/setup");

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up Colloquy" })).toBeVisible();

  // Someone on the network who found the page, without the code printed in the server's console: refused.
  await page.getByLabel("Setup code").fill("AAAA-BBBB-CCCC");
  await page.getByLabel("Your name").fill("Dr. First");
  await page.getByLabel("Username").fill("first.admin");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create instructor account" }).click();
  await expect(page.getByText("That is not this server's setup code: copy it from the console where Colloquy was started.")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("setup-wrong-code.png"), fullPage: true });
  expect(await instructorCount()).toBe(0);

  // The link the console prints fills the code in.
  await page.goto(`/setup?code=${code}`);
  await expect(page.getByLabel("Setup code")).toHaveValue(code);
  await page.getByLabel("Your name").fill("Dr. First");
  await page.getByLabel("Username").fill("first.admin");
  await page.getByLabel("Password").fill("short");
  await skipBrowserValidation(page);
  await page.getByRole("button", { name: "Create instructor account" }).click();
  await expect(page.getByText("Password must be at least 8 characters.")).toBeVisible();
  expect(await instructorCount()).toBe(0);

  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create instructor account" }).click();
  await expect(page).toHaveURL(/\/teach$/);
  await expect(page.getByRole("heading", { name: "Your classes" })).toBeVisible();
  await expect(page.getByText("Signed in as Dr. First")).toBeVisible();
  expect(await instructorCount()).toBe(1);

  // The page opened earlier still shows the form; submitting it now, even with the code, is refused and creates no one.
  await late.getByLabel("Setup code").fill(code.toLowerCase());
  await late.getByLabel("Your name").fill("Intruder");
  await late.getByLabel("Username").fill("intruder");
  await late.getByLabel("Password").fill("another long password");
  await late.getByRole("button", { name: "Create instructor account" }).click();
  await expect(alertIn(late)).toHaveText("Colloquy is already set up. Sign in instead.");
  expect(await instructorCount()).toBe(1);

  await late.goto("/setup");
  await expect(late.getByRole("heading", { name: "Colloquy is already set up" })).toBeVisible();
  await late.goto("/");
  await expect(late).toHaveURL(/\/$/);
  await expect(late.getByRole("link", { name: "Join a class with a code" })).toBeVisible();
});
