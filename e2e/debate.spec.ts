import AxeBuilder from "@axe-core/playwright";
import { eq } from "drizzle-orm";
import { createPost } from "@/db/queries/debate-posts";
import { advanceDebate, formDebateGroups, joinDebate, listGroups, recordPoll, startDebate } from "@/db/queries/debates";
import { excerptHeading } from "@/lib/content/display";
import { alertIn, enroll, expect, lessonOne, pageAs, seedAssignment, seedClass, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { debatePolls } = db.t;

const lesson = lessonOne();
const debate = lesson.debates[0]!;

test("an instructor starts a live debate; students see it appear, join, and record their stance while the lobby updates live", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Debate Host");
  const cls = await seedClass(instructor, "Debate class");
  const assignment = await seedAssignment(instructor, cls.id);
  const [ana, ben] = [await seedUser("student", "Ana Debater"), await seedUser("student", "Ben Debater")];
  await enroll(ana.id, cls.id);
  await enroll(ben.id, cls.id);
  const anaPage = await pageAs(browser, ana);
  const benPage = await pageAs(browser, ben);
  await expect(anaPage.getByText("● Live")).toBeVisible();

  const host = await pageAs(browser, instructor);
  await host.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await host.getByLabel("Debate prompt", { exact: true }).selectOption(debate.id);
  await host.getByRole("button", { name: "Start a live debate" }).click();
  await expect(host.getByRole("heading", { name: debate.motion, level: 1 })).toBeVisible();
  await expect(host.getByText("Lobby: 0 joined")).toBeVisible();
  await expect(host.getByText("● Live")).toBeVisible();

  // The students' pages, open all along, show the debate without a reload.
  await expect(anaPage.getByRole("heading", { name: debate.motion })).toBeVisible();
  await anaPage.getByRole("link", { name: "Join the debate" }).click();
  await anaPage.getByRole("button", { name: "Join" }).click();
  await expect(host.getByText("Lobby: 1 joined · 0 pre-polled")).toBeVisible();
  await expect(host.getByText("Ana Debater")).toBeVisible();

  // The pre-poll comes before anything else, and is required.
  await anaPage.getByRole("button", { name: "Record my stance" }).click();
  await expect(anaPage.getByText("Join the debate first")).toHaveCount(0);
  await anaPage.getByLabel("Somewhat for").check();
  await anaPage.getByLabel("Fairly sure").check();
  await anaPage.getByRole("button", { name: "Record my stance" }).click();
  await expect(anaPage.getByRole("status").filter({ hasText: "Your stance is recorded" })).toBeVisible();
  await expect(host.getByText("Lobby: 1 joined · 1 pre-polled")).toBeVisible();
  expect(await db.all(db.q.select().from(debatePolls).where(eq(debatePolls.studentId, ana.id)))).toMatchObject([{ phase: "pre", stance: 4, confidence: 3 }]);

  await expect(benPage.getByRole("heading", { name: debate.motion })).toBeVisible();
  await benPage.getByRole("link", { name: "Join the debate" }).click();
  await benPage.getByRole("button", { name: "Join" }).click();
  await expect(host.getByText("Lobby: 2 joined · 1 pre-polled")).toBeVisible();
  for (const page of [host, anaPage, benPage]) {
    // A live update re-renders the page from the server, its <title> included: axe looks once it is back.
    await expect(page).toHaveTitle(/\S/);
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(violations.map((v) => `${page.url()}: ${v.id}`)).toEqual([]);
  }

  // Groups: Ana leans "for", so with the opposite-side option she argues against; both pages update live.
  await host.getByRole("button", { name: "Start the opening round" }).click();
  await expect(alertIn(host)).toHaveText("Form the groups first.");
  await host.getByLabel("Students argue the side opposite to their own stance").check();
  await host.getByRole("button", { name: "Form groups" }).click();
  await expect(host.getByRole("heading", { name: "Groups", exact: true })).toBeVisible();
  await expect(anaPage.getByText(/You are in Group [AB], arguing against/)).toBeVisible();
  await expect(benPage.getByText(/You are in Group [AB], arguing (for|against)/)).toBeVisible();

  await host.getByRole("button", { name: "Start the opening round" }).click();
  await expect(anaPage.getByRole("heading", { name: "Opening round" })).toBeVisible();
  await expect(benPage.getByRole("heading", { name: "Opening round" })).toBeVisible();

  // A late joiner is placed in a group.
  const cy = await seedUser("student", "Cy Latecomer");
  await enroll(cy.id, cls.id);
  const cyPage = await pageAs(browser, cy);
  await cyPage.getByRole("link", { name: "Join the debate" }).click();
  await cyPage.getByRole("button", { name: "Join" }).click();
  await expect(cyPage.getByText(/You are in Group [AB]/)).toBeVisible();

  // Ending it takes it off the students' pages, live.
  await host.getByRole("button", { name: "End session now" }).click();
  await expect(host.getByText("This debate session has ended.")).toBeVisible();
  await anaPage.goto("/dashboard");
  await expect(anaPage.getByRole("heading", { name: debate.motion })).toHaveCount(0);
});

test("a second debate in the same class is refused while one runs; outsiders reach nothing", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "One at a time");
  const assignment = await seedAssignment(instructor, cls.id);
  const host = await pageAs(browser, instructor);
  await host.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await host.getByRole("button", { name: "Start a live debate" }).click();
  await expect(host).toHaveURL(/\/teach\/debates\/\d+$/);
  const url = host.url();
  const sessionId = /debates\/(\d+)/.exec(url)![1];
  await host.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await host.getByRole("button", { name: "Start a live debate" }).click();
  await expect(host.getByText("A debate is already running in this class")).toBeVisible();
  await expect(host).toHaveURL(new RegExp(`/teach/debates/${sessionId}\\?running=1$`));

  const outsider = await pageAs(browser, await seedUser("student"));
  expect((await outsider.goto(`/debates/${sessionId}`))!.status()).toBe(404);
  expect((await outsider.request.get(`/api/debates/${sessionId}/events`)).status()).toBe(404);
  const stranger = await pageAs(browser, await seedUser("instructor"));
  for (const path of ["", "/projector", "/export/transcript.csv", "/export/transcript.json"])
    expect((await stranger.request.get(`/teach/debates/${sessionId}${path}`)).status(), path).toBe(404);
  expect((await stranger.request.get(`/api/debates/${sessionId}/events`)).status()).toBe(404);
  expect((await stranger.goto(`/teach/debates/${sessionId}`))!.status()).toBe(404);
  await expect(alertIn(stranger)).toHaveCount(0);
  // Even a student of the class reaches none of the instructor's pages or exports.
  const member = await seedUser("student");
  await enroll(member.id, cls.id);
  const memberPage = await pageAs(browser, member);
  for (const path of ["", "/projector", "/export/transcript.csv", "/export/transcript.json"])
    expect((await memberPage.request.get(`/teach/debates/${sessionId}${path}`)).status(), path).toBe(404);
  expect((await memberPage.goto(`/debates/${sessionId}`))!.status()).toBe(200);
});

test("the projector fits a 1366×768 screen without scrolling, in the lobby and during a round, with posts in the same order as everywhere", async ({ browser }) => {
  const instructor = await seedUser("instructor", "Projector Host");
  const cls = await seedClass(instructor, "Projector class");
  const assignment = await seedAssignment(instructor, cls.id);
  const students = [];
  for (const name of ["Pia One", "Quin Two", "Rae Three", "Sol Four"]) {
    const student = await seedUser("student", name);
    await enroll(student.id, cls.id);
    students.push(student);
  }
  const started = await startDebate(testDb(), instructor.id, assignment.id, debate.id);
  if (started.status !== "started") throw new Error(started.status);
  const sessionId = started.session.id;
  for (const [i, s] of students.entries()) {
    await joinDebate(testDb(), s.id, sessionId);
    await recordPoll(testDb(), s.id, sessionId, "pre", i < 2 ? 4 : 2, 2);
  }

  const host = await pageAs(browser, instructor);
  await host.setViewportSize({ width: 1366, height: 768 });
  const fits = () => host.evaluate(() => ({ scroll: document.documentElement.scrollHeight, height: window.innerHeight }));
  await host.goto(`/teach/debates/${sessionId}/projector`);
  await expect(host.getByRole("heading", { name: "Join the debate" })).toBeVisible();
  await expect(host.locator(".join-code")).toBeInViewport();
  await expect(host.getByText("4 joined · 4 stances recorded")).toBeInViewport();
  await host.screenshot({ path: "test-results/screens/projector-lobby.png" });
  const lobby = await fits();
  expect(lobby.scroll).toBeLessThanOrEqual(lobby.height);

  // A busy round: eight long posts citing the text.
  await formDebateGroups(testDb(), instructor.id, sessionId, { groups: 2, mode: "mixed", opposite: false });
  await advanceDebate(testDb(), instructor.id, sessionId);
  const groups = await listGroups(testDb(), sessionId);
  const sentences = lesson.excerpts[1]!.sentences;
  // A minute apart, as in a real round (a student posting twice within seconds is slowed down).
  const start = Date.now() - 10 * 60_000;
  for (let n = 0; n < 8; n++) {
    const s = students[n % 4]!;
    const group = groups.find((g) => g.members.some((m) => m.studentId === s.id))!;
    const body = `Post ${n + 1}: ${"the text shows that trust has to come before any grand bargain can hold, ".repeat(3)}and that is our case.`;
    const posted = await createPost(testDb(), s.id, sessionId, { groupId: group.id, kind: "claim", replyToId: null, body, sentenceIds: [sentences[n % sentences.length]!.id] }, start + n * 60_000);
    expect(posted.status).toBe("posted");
  }
  await host.reload();
  await expect(host.getByText("Live debate · opening round")).toBeVisible();
  const numbers = await host.locator(".feed .post-number").allTextContents();
  // The newest few, oldest first — the order of the debate page and the transcript.
  expect(numbers).toEqual(["#3", "#4", "#5", "#6", "#7", "#8"]);
  await expect(host.locator(".feed .post").last()).toBeInViewport();
  await expect(host.locator(".feed .post").last().locator("blockquote footer")).toHaveText(excerptHeading(lesson, lesson.excerpts[1]!.id));
  await host.screenshot({ path: "test-results/screens/projector-round.png" });
  const round = await fits();
  expect(round.scroll).toBeLessThanOrEqual(round.height);
  const results = await new AxeBuilder({ page: host }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`)).toEqual([]);
});
