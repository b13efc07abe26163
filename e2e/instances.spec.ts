import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { advanceDebate, formDebateGroups, joinDebate, startDebate } from "@/db/queries/debates";
import { enroll, expect, lessonOne, PASSWORD, seedLessonForStudent, seedUser, test, testDb } from "./fixtures";
import { PIN_HEADER, startBalancer, startInstance, type Instance } from "./instances";

/*
 * Two app instances on one PostgreSQL behind a load balancer (e2e/instances.ts), as a district would run
 * Colloquy: nothing is kept in one instance's memory that the other needs. Runs in the PostgreSQL pass of
 * the suite (E2E_DATABASE=postgres, npm test), on that pass's database.
 */

test.skip(process.env.E2E_DATABASE !== "postgres", "two instances share a PostgreSQL database: this runs in the suite's PostgreSQL pass");
test.describe.configure({ mode: "serial" });

const A = 0;
const B = 1;
let instances: Instance[] = [];
let balancer: Awaited<ReturnType<typeof startBalancer>>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const url = fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "database-url"), "utf8").trim();
  const env = {
    DATABASE_URL: url,
    // What every instance must share (docs/deploy.md): the database and the session secret.
    NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789",
    NEXTAUTH_URL: "",
    COLLOQUY_DEMO: "off",
    TRUST_PROXY: "",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // One after the other, each kept as soon as it runs, so afterAll stops whatever started.
  for (let i = 0; i < 2; i++) instances.push(await startInstance(env));
  balancer = await startBalancer(instances);
});

test.afterAll(async () => {
  await balancer?.close();
  await Promise.all(instances.map((instance) => instance.kill()));
});

/** A browser context behind the balancer, its requests sent to `instance` (or spread, when undefined). */
async function contextOn(browser: Browser, instance?: number): Promise<BrowserContext> {
  return browser.newContext({ baseURL: balancer.url, extraHTTPHeaders: instance === undefined ? {} : { [PIN_HEADER]: String(instance) } });
}
const pin = (context: BrowserContext, instance: number) => context.setExtraHTTPHeaders({ [PIN_HEADER]: String(instance) });

async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const shortQuestions = () =>
  lessonOne()
    .excerpts.flatMap((x) => x.questions)
    .filter((q) => q.type === "short");

test("an answer autosaved through one instance is restored by the other", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Two Instances");
  const context = await contextOn(browser, A);
  const page = await context.newPage();
  await signIn(page, student.username);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto(`/assignments/${assignment.id}`);
  const question = shortQuestions()[0]!;
  await page.locator(`#item-${question.id}`).getByRole("textbox").fill("Written through instance A.");
  await expect(page.getByText(/All changes saved/)).toBeVisible();
  const servedByB = balancer.served[B]!;

  // The same browser, its session cookie and all, now served by B only.
  await pin(context, B);
  await page.reload();
  await expect(page.locator(`#item-${question.id}`).getByRole("textbox")).toHaveValue("Written through instance A.");
  expect(balancer.served[B]!).toBeGreaterThan(servedByB);
  await context.close();
});

test("a debate post made through one instance reaches a student connected to the other, live", async ({ browser }) => {
  const { instructor, cls, assignment, student: writer } = await seedLessonForStudent("Poster On A");
  const reader = await seedUser("student", "Reader On B");
  await enroll(reader.id, cls.id);
  const db = testDb();
  const debate = lessonOne().debates[0]!;
  const started = await startDebate(db, instructor.id, assignment.id, debate.id);
  if (started.status !== "started") throw new Error(started.status);
  const sessionId = started.session.id;
  for (const s of [writer, reader]) await joinDebate(db, s.id, sessionId);
  await formDebateGroups(db, instructor.id, sessionId, { groups: 1, mode: "mixed", opposite: false });
  await advanceDebate(db, instructor.id, sessionId);

  const onB = await (await contextOn(browser, B)).newPage();
  await signIn(onB, reader.username);
  await expect(onB).toHaveURL(/\/dashboard$/);
  await onB.goto(`/debates/${sessionId}`);
  await expect(onB.locator("#compose")).toBeVisible();

  const onA = await (await contextOn(browser, A)).newPage();
  await signIn(onA, writer.username);
  await expect(onA).toHaveURL(/\/dashboard$/);
  await onA.goto(`/debates/${sessionId}`);
  const body = "Posted through instance A, read on instance B.";
  await onA.locator("#compose").getByLabel("Your argument").fill(body);
  await onA.locator("#compose").getByRole("button", { name: "Post to the debate" }).click();
  await expect(onA.locator("#compose [role=status]")).toHaveText("Posted as #1.");

  // No reload on B: the post arrives over B's event stream, from A's NOTIFY.
  await expect(onB.locator("ol.feed > li").filter({ hasText: body })).toBeVisible();

  // The instructor removes the reader through A: the stream B holds open for them ends.
  const host = await (await contextOn(browser, A)).newPage();
  await signIn(host, instructor.username);
  await expect(host).toHaveURL(/\/teach$/);
  await host.goto(`/teach/classes/${cls.id}`);
  await host.getByRole("row").filter({ hasText: reader.username }).getByRole("button", { name: "Remove" }).click();
  await expect(host.getByText("Removed from the class")).toBeVisible();
  await expect(onB.locator("[data-state=closed]")).toContainText("Disconnected: this page no longer has access");
  for (const page of [onA, onB, host]) await page.context().close();
});

test("sign-in limits count failures on both instances together", async ({ browser }) => {
  const student = await seedUser("student", "Guessed At");
  const context = await contextOn(browser);
  const page = await context.newPage();
  // Ten wrong passwords for one account from one address lock it here (LOGIN_LIMITS.pair), five through each.
  for (let i = 0; i < 10; i++) {
    await pin(context, i % 2 === 0 ? A : B);
    await signIn(page, student.username, `wrong guess ${i}`);
    await expect(page.locator("main [role=alert]")).toContainText(/do not match|Too many/);
  }
  for (const instance of [A, B]) {
    await pin(context, instance);
    await signIn(page, student.username);
    await expect(page.locator("main [role=alert]")).toContainText("Too many wrong passwords");
    await expect(page).toHaveURL(/\/signin/);
  }
  await context.close();
});

test("killing an instance mid-lesson loses no acknowledged answer, and the other keeps serving", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Survives A Crash");
  const [first, second] = shortQuestions();
  const context = await contextOn(browser, A);
  const page = await context.newPage();
  await signIn(page, student.username);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto(`/assignments/${assignment.id}`);
  await page.locator(`#item-${first!.id}`).getByRole("textbox").fill("Acknowledged by A just before it died.");
  await expect(page.getByText(/All changes saved/)).toBeVisible();

  await instances[A]!.kill();
  // The balancer now finds A refusing and sends everything to B, with no stickiness to undo.
  await context.setExtraHTTPHeaders({});
  await page.locator(`#item-${second!.id}`).getByRole("textbox").fill("Saved by B after A was gone.");
  await expect(page.getByText(/All changes saved/)).toBeVisible();
  await page.reload();
  await expect(page.locator(`#item-${first!.id}`).getByRole("textbox")).toHaveValue("Acknowledged by A just before it died.");
  await expect(page.locator(`#item-${second!.id}`).getByRole("textbox")).toHaveValue("Saved by B after A was gone.");

  const db = testDb();
  const { attempts, responses } = db.t;
  const stored = await db.all(
    db.q
      .select({ itemId: responses.itemId, answer: responses.answer })
      .from(responses)
      .innerJoin(attempts, eq(attempts.id, responses.attemptId))
      .where(and(eq(attempts.studentId, student.id), eq(attempts.assignmentId, assignment.id)))
      .orderBy(responses.id),
  );
  expect(stored.map((r) => r.itemId)).toEqual([first!.id, second!.id]);
  expect((await fetch(`${instances[B]!.url}/api/health`)).status).toBe(200);
  await context.close();
});
