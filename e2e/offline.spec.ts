import { and, eq } from "drizzle-orm";
import { debateInOpening, enroll, expect, lessonOne, pageAs, seedAssignment, seedClass, seedLessonForStudent, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { attempts, debatePosts, responses } = db.t;
const lesson = lessonOne();
const shortQuestion = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;

/*
 * Flaky school Wi-Fi: a form sent while the connection is down waits, with the page as it was, and goes
 * through once the connection is back (next.config.js's experimental.useOffline). Without that, the send
 * threw to the error page, and what was typed went with the form.
 */

test("a lesson submitted while offline keeps the page, says so, and is submitted once the connection is back", async ({ browser }) => {
  const { assignment, student } = await seedLessonForStudent("Offline Reader");
  const page = await pageAs(browser, student);
  await page.goto(`/assignments/${assignment.id}`);
  const answer = page.locator(`#item-${shortQuestion.id}`).getByRole("textbox");
  await answer.fill("Typed before the Wi-Fi dropped.");
  await expect(page.getByText(/All changes saved/)).toBeVisible();

  await page.context().setOffline(true);
  await answer.fill("Typed before the Wi-Fi dropped, and finished while it was down.");
  await page.getByRole("button", { name: "Submit lesson" }).click();
  await expect(page.getByText("You are offline.")).toBeVisible();
  // Waiting, as a slow server's answer would: still the lesson, with what was typed, not the error page.
  await expect(page.getByRole("button", { name: "Working…" })).toBeVisible();
  await expect(page.getByText("Something went wrong")).toHaveCount(0);
  await expect(answer).toHaveValue("Typed before the Wi-Fi dropped, and finished while it was down.");
  await page.screenshot({ path: test.info().outputPath("offline-lesson.png") });

  await page.context().setOffline(false);
  await expect(page.getByText("You are offline.")).toHaveCount(0);
  // The submit went through: most questions are unanswered, so the server asks first, as it always does.
  await page.getByRole("button", { name: "Submit anyway" }).click();
  await expect(page.getByText("Your answers are submitted")).toBeVisible();
  const [attempt] = await db.all(db.q.select().from(attempts).where(and(eq(attempts.studentId, student.id), eq(attempts.assignmentId, assignment.id))));
  expect(attempt!.status).toBe("submitted");
  const [saved] = await db.all(db.q.select().from(responses).where(and(eq(responses.attemptId, attempt!.id), eq(responses.itemId, shortQuestion.id))));
  expect(saved!.answer).toEqual({ text: "Typed before the Wi-Fi dropped, and finished while it was down." });
});

test("a debate post sent while offline keeps its text and is posted once, when the connection is back", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Offline Host");
  const cls = await seedClass(instructor, "Offline debate class");
  const assignment = await seedAssignment(instructor, cls.id);
  const [ana, ben] = [await seedUser("student", "Ana Offline"), await seedUser("student", "Ben Offline")];
  for (const s of [ana, ben]) await enroll(s.id, cls.id);
  const sessionId = await debateInOpening(instructor, assignment.id, [ana, ben]);

  const page = await pageAs(browser, ana);
  await page.goto(`/debates/${sessionId}`);
  // The page is running (its feed connected) before the connection goes, as a student's would be.
  await expect(page.getByText("● Live")).toBeVisible();
  const form = page.locator("#compose");
  const body = "Sanctions relief for steps is how the 2018 summit was meant to work.";
  await page.context().setOffline(true);
  await form.getByLabel("Your argument").fill(body);
  await form.getByRole("button", { name: "Post to the debate" }).click();
  await expect(page.getByText("You are offline.")).toBeVisible();
  await expect(form.getByRole("button", { name: "Posting…" })).toBeVisible();
  await expect(page.getByText("Something went wrong")).toHaveCount(0);
  await expect(form.getByLabel("Your argument")).toHaveValue(body);
  expect(await db.all(db.q.select().from(debatePosts).where(eq(debatePosts.sessionId, sessionId)))).toHaveLength(0);

  await page.context().setOffline(false);
  await expect(form.getByRole("status")).toHaveText(/^Posted as #1\.$/);
  await expect(page.locator("ol.feed > li").filter({ hasText: body })).toHaveCount(1);
  const posts = await db.all(db.q.select().from(debatePosts).where(eq(debatePosts.sessionId, sessionId)));
  expect(posts.map((p) => p.body)).toEqual([body]);
});

test("a debate post whose answer is lost on the way back is sent again, and stored once", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Lossy Host");
  const cls = await seedClass(instructor, "Lossy debate class");
  const assignment = await seedAssignment(instructor, cls.id);
  const [ana, ben] = [await seedUser("student", "Ana Lossy"), await seedUser("student", "Ben Lossy")];
  for (const s of [ana, ben]) await enroll(s.id, cls.id);
  const sessionId = await debateInOpening(instructor, assignment.id, [ana, ben]);

  const page = await pageAs(browser, ana);
  await page.goto(`/debates/${sessionId}`);
  await expect(page.getByText("● Live")).toBeVisible();
  // The first post reaches the server, which stores it; its answer never comes back (the Wi-Fi drops).
  let sends = 0;
  await page.route(`**/debates/${sessionId}`, async (route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"]) return route.continue();
    if (++sends > 1) return route.continue();
    await route.fetch();
    await route.abort("internetdisconnected");
  });
  const form = page.locator("#compose");
  const body = "The 2018 summit shows that talks need steps both sides can check.";
  await form.getByLabel("Your argument").fill(body);
  await form.getByRole("button", { name: "Post to the debate" }).click();
  await expect(form.getByRole("status")).toHaveText(/^Posted as #1\.$/);
  expect(sends).toBeGreaterThanOrEqual(2);
  const posts = await db.all(db.q.select().from(debatePosts).where(eq(debatePosts.sessionId, sessionId)));
  expect(posts.map((p) => p.body)).toEqual([body]);
  await expect(page.locator("ol.feed > li").filter({ hasText: body })).toHaveCount(1);

  // The next post is a new one (its own id), stored as #2 (a minute later, as in a real round: quicker is a burst).
  await page.unroute(`**/debates/${sessionId}`);
  await db.run(db.q.update(debatePosts).set({ createdAt: Date.now() - 60_000 }).where(eq(debatePosts.sessionId, sessionId)));
  await form.getByLabel("Your argument").fill("And a second, different point about verification.");
  await form.getByRole("button", { name: "Post to the debate" }).click();
  await expect(form.getByRole("status")).toHaveText(/^Posted as #2\.$/);
  expect(await db.all(db.q.select().from(debatePosts).where(eq(debatePosts.sessionId, sessionId)))).toHaveLength(2);
});
