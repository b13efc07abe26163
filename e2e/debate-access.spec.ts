import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { endDebate, eventsSince, joinDebate, listGroups, recordPoll, startDebate } from "@/db/queries/debates";
import { createPost, setAnonymous } from "@/db/queries/debate-posts";
import type { PublicUser } from "@/db/queries/users";
import { debateInOpening, enroll, expect, lessonOne, pageAs, seedAssignment, seedClass, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { debatePosts, debateSessions } = db.t;

/*
 * Who may follow a live debate, and what they are given: streams end when access ends, anonymous sessions
 * give students no way back to ids or names, groups never leave a side empty, and time up closes posting.
 */

const debate = lessonOne().debates[0]!;

async function postFrom(page: Page, body: string) {
  const form = page.locator("#compose");
  await form.getByLabel("Your argument").fill(body);
  await form.getByRole("button", { name: "Post to the debate" }).click();
  await expect(form.getByRole("status")).toHaveText(/^Posted as #\d+\.$/);
}

/**
 * Opens `url` as a raw stream from inside the page (its cookies) and resolves with everything received once
 * the server ends it. Waits until the stream is open before returning the pending result.
 */
async function rawStream(page: Page, url: string): Promise<{ ended: Promise<{ status: number; text: string }> }> {
  const result = page.evaluate(async (url) => {
    const w = window as unknown as { __raw?: Record<string, string> };
    const response = await fetch(url);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      (w.__raw ??= {})[url] = text;
    }
    return { status: response.status, text };
  }, url);
  await page.waitForFunction((url) => (window as unknown as { __raw?: Record<string, string> }).__raw?.[url]?.includes("event: clock"), url, { polling: 100 });
  // Wrapped: an async function returning the promise itself would wait for it.
  return { ended: result };
}

/** The session's stored events as this page's stream replays them from the start, up to the last one stored. */
async function replayed(page: Page, sessionId: number) {
  const until = (await eventsSince(testDb(), sessionId, 0)).at(-1)!.id;
  return page.evaluate(
    async ({ sessionId, until }) => {
      const controller = new AbortController();
      const response = await fetch(`/api/debates/${sessionId}/events?after=0`, { signal: controller.signal });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      while (![...text.matchAll(/^id: (\d+)$/gm)].some((m) => Number(m[1]) >= until)) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
        if (!chunk || chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      controller.abort();
      return text;
    },
    { sessionId, until },
  );
}

async function rosterButton(host: Page, classId: number, student: PublicUser, name: "Remove" | "Reset password") {
  if (!host.url().endsWith(`/teach/classes/${classId}`)) await host.goto(`/teach/classes/${classId}`);
  await host.getByRole("row").filter({ hasText: student.username }).getByRole("button", { name }).click();
}

test("a student removed from the class, or whose password is reset, stops receiving the debate: open streams end and later posts never arrive", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Access ends");
  const assignment = await seedAssignment(instructor, cls.id);
  const [ana, ben, cleo] = [await seedUser("student", "Ana Leaving"), await seedUser("student", "Ben Staying"), await seedUser("student", "Cleo Reset")];
  for (const s of [ana, ben, cleo]) await enroll(s.id, cls.id);
  const sessionId = await debateInOpening(instructor, assignment.id, [ana, ben, cleo]);

  const [anaPage, benPage, cleoPage] = await Promise.all([ana, ben, cleo].map((u) => pageAs(browser, u)));
  for (const page of [anaPage!, benPage!, cleoPage!]) {
    await page.goto(`/debates/${sessionId}`);
    await expect(page.getByText("● Live")).toBeVisible();
  }
  // Besides the page's own EventSource, Ana holds the debate stream and the dashboard's open by hand.
  const anaDebate = await rawStream(anaPage!, `/api/debates/${sessionId}/events?after=${(await eventsSince(testDb(), sessionId, 0)).at(-1)!.id}`);
  const anaDashboard = await rawStream(anaPage!, "/api/live");

  const host = await pageAs(browser, instructor);
  await rosterButton(host, cls.id, ana, "Remove");
  await expect(host.getByText("Removed from the class")).toBeVisible();
  // Posted right after, before any timed re-check could have run: still never sent to Ana.
  await postFrom(benPage!, "Posted after Ana was removed.");

  const [debateStream, dashboardStream] = await Promise.all([anaDebate.ended, anaDashboard.ended]);
  expect(debateStream.text).toContain("event: revoked");
  expect(debateStream.text).not.toContain("Posted after Ana was removed.");
  expect(debateStream.text).not.toMatch(/^event: post$/m);
  expect(dashboardStream.text).toContain("event: revoked");
  await expect(anaPage!.locator("[data-state=closed]")).toContainText("Disconnected: this page no longer has access");
  await expect(anaPage!.locator("main")).not.toContainText("Posted after Ana was removed.");
  // Ben, still in the class, is live and got it.
  await expect(benPage!.getByText("● Live")).toBeVisible();
  await expect(benPage!.locator("ol.feed")).toContainText("Posted after Ana was removed.");
  // A new connection is refused outright.
  expect((await anaPage!.request.get(`/api/debates/${sessionId}/events`)).status()).toBe(404);

  // A password reset ends Cleo's sessions, the open stream included.
  const cleoStream = await rawStream(cleoPage!, `/api/debates/${sessionId}/events?after=0`);
  await rosterButton(host, cls.id, cleo, "Reset password");
  await expect(host.getByText("Temporary password")).toBeVisible();
  expect((await cleoStream.ended).text).toContain("event: revoked");
  await expect(cleoPage!.locator("[data-state=closed]")).toBeVisible();
});

test("in an anonymous session no page, payload or event gives a student another student's id or name; another session keys them differently", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const [cls, otherCls] = [await seedClass(instructor, "Anonymous"), await seedClass(instructor, "Named")];
  const [assignment, otherAssignment] = [await seedAssignment(instructor, cls.id), await seedAssignment(instructor, otherCls.id)];
  const [ana, ben] = [await seedUser("student", "Ana Watcher"), await seedUser("student", "Benedikt Zyx")];
  for (const s of [ana, ben]) for (const c of [cls, otherCls]) await enroll(s.id, c.id);
  const sessions = [await debateInOpening(instructor, assignment.id, [ana, ben]), await debateInOpening(instructor, otherAssignment.id, [ana, ben])] as const;
  await setAnonymous(db, instructor.id, sessions[0], true);
  for (const sessionId of sessions) {
    const group = (await listGroups(db, sessionId)).find((g) => g.members.some((m) => m.studentId === ben.id))!;
    const made = await createPost(db, ben.id, sessionId, { groupId: group.id, kind: "claim", replyToId: null, body: `Ben's claim in ${sessionId}.`, sentenceIds: [] });
    if (made.status !== "posted") throw new Error(made.status);
  }

  const page = await pageAs(browser, ana);
  const seen: string[] = [];
  const keys: string[][] = [];
  for (const sessionId of sessions) {
    await page.goto(`/debates/${sessionId}`);
    await expect(page.locator("ol.feed")).toContainText(`Ben's claim in ${sessionId}.`);
    // The HTML with the page's data for the browser (the RSC payload) inlined, unescaped, and the stream.
    const html = (await (await page.request.get(`/debates/${sessionId}`)).text()).replaceAll("\\", "");
    const events = await replayed(page, sessionId);
    expect(events).toContain(`Ben's claim in ${sessionId}.`);
    for (const text of [html, events]) {
      expect(text).not.toMatch(/"(authorId|studentId|userId|voterId|moved)"/);
      expect(text).not.toMatch(new RegExp(`"author"\\s*:\\s*"?${ben.id}\\b`));
    }
    keys.push([...new Set([...html.matchAll(/"author":"([^"]+)"/g)].map((m) => m[1]!))]);
    seen.push(html + events);
  }
  // Anonymous: neither Ben's name nor his username anywhere; named: his name is on his post, as it should be.
  expect(seen[0]).not.toContain(ben.displayName);
  expect(seen[0]).not.toContain(ben.username);
  expect(seen[1]).toContain(ben.displayName);
  // The same student's posts carry unrelated keys in the two sessions, so the alias cannot be matched to the name.
  expect(keys[0]).toHaveLength(1);
  expect(keys[1]).toHaveLength(1);
  expect(keys[0]![0]).not.toBe(keys[1]![0]);
});

test("the dashboard misses no debate that starts or ends while its live feed is connecting or reconnecting", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Late feed");
  const assignment = await seedAssignment(instructor, cls.id);
  const student = await seedUser("student", "Feed Watcher");
  await enroll(student.id, cls.id);
  const page = await pageAs(browser, student);
  // The dashboard signing in landed on connects before the route is in place, so its feed is not counted.
  await expect(page.getByText("● Live")).toBeVisible();
  // Each connection of the dashboard's feed waits at `gate` until the test opens it. The second one then
  // drops without a word, as when an instance goes away; EventSource connects again by itself.
  const connections: string[] = [];
  const gates: (() => void)[] = [];
  let gate = Promise.resolve();
  const closeGate = () => {
    gate = new Promise<void>((open) => gates.push(open));
  };
  const openGate = () => gates.shift()!();
  closeGate();
  await page.route("**/api/live?*", async (route) => {
    const n = connections.push(new URL(route.request().url()).search);
    await gate;
    if (n === 2) await route.fulfill({ status: 200, contentType: "text/event-stream", body: "retry: 200\n\n" });
    else await route.continue();
  });
  await page.reload();
  await expect(page.getByText("Connecting…")).toBeVisible();
  // A debate starts after the page was rendered, before its feed is connected: no event is published to it.
  const started = await startDebate(db, instructor.id, assignment.id, debate.id);
  if (started.status !== "started") throw new Error(started.status);
  closeGate();
  openGate();
  // The feed says at once that the page is out of date; the page renders again with the debate.
  await expect(page.getByRole("heading", { name: debate.motion })).toBeVisible();
  await expect.poll(() => connections).toEqual(["?shown=", `?shown=${started.session.id}`]);

  // The debate ends while the feed is down; when it reconnects, the page is told.
  await endDebate(db, instructor.id, started.session.id);
  openGate();
  await expect(page.getByRole("heading", { name: debate.motion })).toHaveCount(0);
  expect(connections.slice(0, 3)).toEqual(["?shown=", `?shown=${started.session.id}`, `?shown=${started.session.id}`]);
  await expect(page.getByText("● Live")).toBeVisible();
});

test("a debate that has ended stays on the class's dashboards: its results and transcript, for those who took part and those who missed it", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Past debates");
  const assignment = await seedAssignment(instructor, cls.id);
  const [rae, tom, sol] = [await seedUser("student", "Rae Present"), await seedUser("student", "Tom Present"), await seedUser("student", "Sol Absent")];
  for (const s of [rae, tom, sol]) await enroll(s.id, cls.id);
  const outsider = await seedUser("student", "Other Class");
  await enroll(outsider.id, (await seedClass(instructor, "Another class")).id);
  const sessionId = await debateInOpening(instructor, assignment.id, [rae, tom]);
  await endDebate(db, instructor.id, sessionId);

  for (const [student, part] of [
    [rae, "You took part"],
    [sol, "You were not in it"],
  ] as const) {
    const page = await pageAs(browser, student);
    const past = page.locator("section", { has: page.getByRole("heading", { name: "Past debates" }) });
    await expect(past.getByRole("listitem")).toHaveCount(1);
    await expect(past.getByRole("listitem")).toContainText(`${cls.name} · ended`);
    await expect(past.getByRole("listitem")).toContainText(part);
    await expect(page.getByText(/Live debate now/)).toHaveCount(0);
    await page.screenshot({ path: `test-results/screens/dashboard-past-debates-${student.id}.png`, fullPage: true });
    await past.getByRole("link", { name: debate.motion }).click();
    await expect(page).toHaveURL(new RegExp(`/debates/${sessionId}$`));
    await expect(page.getByText("This debate has ended. Here is what came of it.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Transcript" })).toBeVisible();
  }
  const other = await pageAs(browser, outsider);
  await expect(other.getByRole("heading", { name: "My classes" })).toBeVisible();
  await expect(other.getByRole("heading", { name: "Past debates" })).toHaveCount(0);
});

test("groups never leave a side empty: everyone on one stance with 'argue the opposite side' still gives both sides someone, and more groups than students are refused with why", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "One stance");
  const assignment = await seedAssignment(instructor, cls.id);
  const students = await Promise.all([1, 2, 3, 4].map((n) => seedUser("student", `Same Stance ${n}`)));
  for (const s of students) await enroll(s.id, cls.id);
  const started = await startDebate(db, instructor.id, assignment.id, debate.id);
  if (started.status !== "started") throw new Error(started.status);
  const sessionId = started.session.id;
  for (const s of students) {
    await joinDebate(db, s.id, sessionId);
    await recordPoll(db, s.id, sessionId, "pre", 5, 4);
  }

  const host = await pageAs(browser, instructor);
  await host.goto(`/teach/debates/${sessionId}`);
  await host.getByLabel("Number of groups").selectOption("5");
  await host.getByLabel("How").selectOption("random");
  await host.getByLabel("Students argue the side opposite to their own stance").check();
  await host.getByRole("button", { name: "Form groups" }).click();
  await expect(host.locator("main [role=alert]")).toContainText("5 groups need at least 5 students, and 4 students have joined");
  // The refused form keeps every choice it was sent.
  await expect(host.getByLabel("Number of groups")).toHaveValue("5");
  await expect(host.getByLabel("How")).toHaveValue("random");
  await expect(host.getByLabel("Students argue the side opposite to their own stance")).toBeChecked();
  await host.getByRole("button", { name: "Start the opening round" }).click();
  await expect(host.locator("main [role=alert]").filter({ hasText: "Form the groups first." })).toBeVisible();

  await host.getByLabel("Number of groups").selectOption("2");
  await host.getByLabel("How").selectOption("mixed");
  await host.getByRole("button", { name: "Form groups" }).click();
  await expect(host.getByText("so 1 student who leans least strongly argues their own side")).toBeVisible();
  for (const side of ["for", "against"]) await expect(host.locator(`.group-box.side-${side} li`).first()).toBeVisible();
  expect((await listGroups(db, sessionId)).map((g) => g.members.length)).toEqual([1, 3]);
  await host.getByRole("button", { name: "Start the opening round" }).click();
  await expect(host.getByRole("heading", { name: "Opening round" })).toBeVisible();
});

test("when the round's time is up, posting closes: the server refuses and stores nothing, students see why, and +1 minute reopens it", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "Timed round");
  const assignment = await seedAssignment(instructor, cls.id);
  const [mia, noah] = [await seedUser("student", "Mia Timed"), await seedUser("student", "Noah Timed")];
  for (const s of [mia, noah]) await enroll(s.id, cls.id);
  const sessionId = await debateInOpening(instructor, assignment.id, [mia, noah], 1);
  // The minute has passed (by the server's clock, which the database holds the end time for).
  await db.run(db.q.update(debateSessions).set({ timerEndsAt: Date.now() - 5_000 }).where(eq(debateSessions.id, sessionId)));
  const stored = async () => (await db.all(db.q.select().from(debatePosts).where(eq(debatePosts.sessionId, sessionId)))).length;

  const noahPage = await pageAs(browser, noah);
  await noahPage.goto(`/debates/${sessionId}`);
  await expect(noahPage.getByRole("timer")).toHaveText("Time is up for this round");
  await expect(noahPage.locator("#compose").getByRole("status")).toContainText("Time is up for this round: posting is closed");

  // Without JavaScript nothing stops the form: the server refuses, says why, and keeps the text.
  const miaPage = await pageAs(browser, mia, { javaScriptEnabled: false });
  await miaPage.goto(`/debates/${sessionId}`);
  await miaPage.locator("#compose").getByLabel("Your argument").fill("One more point after the bell.");
  await miaPage.locator("#compose").getByRole("button", { name: "Post to the debate" }).click();
  await expect(miaPage.locator("#compose [role=alert]")).toContainText("Time is up for this round: posting is closed. Your post was not sent");
  await expect(miaPage.locator("#compose").getByLabel("Your argument")).toHaveValue("One more point after the bell.");
  expect(await stored()).toBe(0);

  const host = await pageAs(browser, instructor);
  await host.goto(`/teach/debates/${sessionId}`);
  await expect(host.getByRole("timer")).toHaveText("Time is up for this round");
  await host.getByRole("button", { name: "Add 1 minute" }).click();
  // Noah's open page follows live: a minute on the clock, and the form open again.
  await expect(noahPage.getByRole("timer")).toHaveText(/^(1:00|0:[0-5]\d) left$/);
  await expect(noahPage.locator("#compose").getByText("Time is up for this round")).toHaveCount(0);
  await postFrom(noahPage, "Made it within the extra minute.");
  await miaPage.locator("#compose").getByRole("button", { name: "Post to the debate" }).click();
  await expect(miaPage.locator("#compose").getByRole("status")).toHaveText(/^Posted as #2\.$/);
  expect(await stored()).toBe(2);
});
