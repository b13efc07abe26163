import { createPost } from "@/db/queries/debate-posts";
import { listGroups, startDebate } from "@/db/queries/debates";
import { debateInOpening, enroll, expect, lessonOne, pageAs, seedAssignment, seedClass, seedUser, test, testDb } from "./fixtures";

/*
 * A school network that blocks event streams (or a proxy that holds them until they end): a live page whose
 * stream never opens falls back to re-rendering from the server every 10 s (app/_components/use-poll-until-live.ts),
 * and says so. Without that it showed "Connecting…" for ever and never updated.
 */

const db = testDb();
const debate = lessonOne().debates[0]!;
const POLLING = "Live updates do not get through on this network: the page checks for changes every 10 seconds.";

test("a debate page whose event stream never opens shows other students' posts by polling, and says so", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Fallback Host");
  const cls = await seedClass(instructor, "Fallback class");
  const assignment = await seedAssignment(instructor, cls.id);
  const [ana, ben] = [await seedUser("student", "Ana Fallback"), await seedUser("student", "Ben Fallback")];
  for (const s of [ana, ben]) await enroll(s.id, cls.id);
  const sessionId = await debateInOpening(instructor, assignment.id, [ana, ben]);

  const page = await pageAs(browser, ana);
  await page.route((url) => url.pathname.endsWith("/events"), (route) => route.abort());
  await page.goto(`/debates/${sessionId}`);
  await expect(page.getByText(POLLING)).toBeVisible({ timeout: 20_000 });
  const group = (await listGroups(db, sessionId)).find((g) => g.members.some((m) => m.studentId === ben.id))!;
  const body = "Ben's claim, made while Ana's network blocks the stream.";
  expect((await createPost(db, ben.id, sessionId, { groupId: group.id, kind: "claim", replyToId: null, body, sentenceIds: [] })).status).toBe("posted");
  await expect(page.locator("ol.feed > li").filter({ hasText: body })).toHaveCount(1, { timeout: 25_000 });
});

test("the dashboard whose feed never opens shows a debate that starts, by polling", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Dashboard Fallback Host");
  const cls = await seedClass(instructor, "Dashboard fallback class");
  const assignment = await seedAssignment(instructor, cls.id);
  const student = await seedUser("student", "Cleo Fallback");
  await enroll(student.id, cls.id);
  const page = await pageAs(browser, student);
  await page.route("**/api/live?*", (route) => route.abort());
  await page.goto("/dashboard");
  await expect(page.getByText(POLLING)).toBeVisible({ timeout: 20_000 });
  const started = await startDebate(db, instructor.id, assignment.id, debate.id);
  if (started.status !== "started") throw new Error(started.status);
  await expect(page.getByRole("heading", { name: debate.motion })).toBeVisible({ timeout: 25_000 });
});
