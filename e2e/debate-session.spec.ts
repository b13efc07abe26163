import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { advanceDebate, eventsSince, formDebateGroups, joinDebate, listGroups, recordPoll, startDebate } from "@/db/queries/debates";
import { createPost } from "@/db/queries/debate-posts";
import { excerptHeading } from "@/lib/content/display";
import { formatJoinCode } from "@/lib/join-code";
import { enroll, expect, lessonOne, pageAs, seedAssignment, seedClass, seedUser, test, testDb } from "./fixtures";

const db = testDb();
const { debatePosts } = db.t;

const lesson = lessonOne();
const debate = lesson.debates[0]!;
const cited = lesson.excerpts[1]!.sentences[0]!;

const feed = (page: Page) => page.locator("ol.feed > li");
const numbersIn = (page: Page) => page.locator("ol.feed > li .post-number").allTextContents();

/**
 * Posts as a student would, expecting it to become post #`number`. Someone who posts again within seconds
 * is told how long to wait, with their text kept: like a student, the helper waits that long and posts again.
 */
async function post(page: Page, number: number, body: string, options: { kind?: "Claim" | "Rebuttal" | "Question"; cite?: string[] } = {}) {
  const form = page.locator("#compose");
  if (options.kind) await form.getByRole("radio", { name: new RegExp(`^${options.kind}`) }).check();
  await form.getByLabel("Your argument").fill(body);
  if (options.cite) {
    await form.getByText("Cite evidence from the text").click();
    for (const sentence of options.cite) await citeIn(form, sentence);
  }
  const outcome = form.locator("[role=status], [role=alert]").first();
  await form.getByRole("button", { name: "Post to the debate" }).click();
  await expect(outcome).toHaveText(new RegExp(`^Posted as #${number}\\.$|wait \\d+ seconds? and post again`));
  const wait = /wait (\d+) second/.exec((await outcome.textContent()) ?? "");
  if (wait) {
    // As a student would: the text is kept, so post again until the server takes it (a refused post stores
    // nothing and does not move the limit, so trying again early costs nothing).
    await expect(form.getByLabel("Your argument")).toHaveValue(body);
    await expect(async () => {
      await form.getByRole("button", { name: "Post to the debate" }).click();
      await expect(form.getByRole("status")).toHaveText(`Posted as #${number}.`, { timeout: 1_000 });
    }).toPass({ intervals: [1_000], timeout: (Number(wait[1]) + 15) * 1000 });
  }
  await expect(form.getByLabel("Your argument")).toHaveValue("");
  await expect(form.getByLabel("Your argument")).toBeFocused();
}

/** Opens the sentence's paragraph in the evidence picker (each is a disclosure of its own) and ticks it. */
async function citeIn(form: Locator, sentence: string) {
  const paragraph = form.locator("details.cite-excerpt").filter({ hasText: sentence });
  await paragraph.locator("summary").click();
  await paragraph.getByRole("checkbox", { name: sentence }).check();
}

const secondsLeft = async (page: Page) => {
  const [, m, s] = /(\d+):(\d\d)/.exec((await page.getByRole("timer").textContent()) ?? "")!;
  return Number(m) * 60 + Number(s);
};

/** Reads the session's event stream from the page as a browser resuming with Last-Event-ID would, up to event `until`. */
async function readStream(page: Page, sessionId: number, lastEventId: number, until: number) {
  const text = await page.evaluate(
    async ({ sessionId, lastEventId, until }) => {
      const controller = new AbortController();
      const response = await fetch(`/api/debates/${sessionId}/events`, { headers: { "Last-Event-ID": String(lastEventId) }, signal: controller.signal });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      // Up to the first id at or after `until` (a student may not be sent that very event), or 10 s of silence (under the 15 s heartbeat).
      const reached = () => [...text.matchAll(/^id: (\d+)$/gm)].some((m) => Number(m[1]) >= until);
      while (!reached()) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
        if (!chunk || chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      controller.abort();
      return text;
    },
    { sessionId, lastEventId, until },
  );
  return { text, ids: [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])) };
}

async function axe(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.map((v) => `${page.url()}: ${v.id} ${v.nodes[0]?.target}`)).toEqual([]);
}

test("a full live debate: four students in two groups argue three rounds with cited evidence, votes, moderation, a timer, a dropped connection, and a post-poll that shows the shift", async ({ browser }) => {
  test.setTimeout(240_000);
  const instructor = await seedUser("instructor", "Debate Chair");
  const cls = await seedClass(instructor, "Full debate");
  const assignment = await seedAssignment(instructor, cls.id);
  const names = ["Ana Forsyth", "Ben Foley", "Cleo Agnew", "Dev Anand"];
  const users = await Promise.all(names.map((n) => seedUser("student", n)));
  for (const u of users) await enroll(u.id, cls.id);

  const host = await pageAs(browser, instructor);
  await host.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await host.getByLabel("Debate prompt", { exact: true }).selectOption(debate.id);
  await host.getByRole("button", { name: "Start a live debate" }).click();
  await expect(host).toHaveURL(/\/teach\/debates\/\d+$/);
  const sessionId = Number(/debates\/(\d+)/.exec(host.url())![1]);

  // Dev's page records every post event its EventSources receive, and lets the test cut the connection.
  const [ana, ben, cleo, dev] = (await Promise.all(users.map((u) => pageAs(browser, u)))) as [Page, Page, Page, Page];
  await dev.context().addInitScript(() => {
    const w = window as unknown as { __sources: EventSource[]; __posts: { source: number; id: number }[]; EventSource: typeof EventSource };
    const Native = window.EventSource;
    w.__sources = [];
    w.__posts = [];
    w.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        const source = w.__sources.push(this) - 1;
        this.addEventListener("post", (e) => w.__posts.push({ source, id: Number((e as MessageEvent).lastEventId) }));
      }
    };
  });

  // Lobby and pre-poll: Ana and Ben lean for, Cleo and Dev against.
  const stances = ["Strongly for", "Somewhat for", "Strongly against", "Somewhat against"];
  for (const [i, page] of [ana, ben, cleo, dev].entries()) {
    await page.goto(`/debates/${sessionId}`);
    await page.getByRole("button", { name: "Join" }).click();
    await page.getByRole("radio", { name: stances[i] }).check();
    await page.getByRole("radio", { name: "Fairly sure" }).check();
    await page.getByRole("button", { name: "Record my stance" }).click();
    await expect(page.getByText("Your stance is recorded")).toBeVisible();
  }
  await expect(host.getByText("Lobby: 4 joined · 4 pre-polled")).toBeVisible();

  // The projector, opened in the lobby, shows how to join and follows the session from there on.
  const projector = await host.context().newPage();
  await projector.goto(`/teach/debates/${sessionId}/projector`);
  await expect(projector.getByRole("heading", { name: debate.motion })).toBeVisible();
  // Written as every other page writes it ("ABC-234"), easier to read off a wall.
  await expect(projector.locator(".join-code")).toHaveText(formatJoinCode(cls.joinCode));
  expect(formatJoinCode(cls.joinCode)).toMatch(/^\w{3}-\w{3}$/);
  await expect(projector.getByRole("img", { name: new RegExp(`QR code for http://localhost:\\d+/debates/${sessionId}$`) })).toBeVisible();
  await expect(projector.getByText("4 joined · 4 stances recorded")).toBeVisible();

  // Groups: random, two groups (what the form suggests for four); the host then adjusts them by hand so the for-leaners argue for.
  await expect(host.getByText("For the 4 who joined: 2 groups of 2. Groups of 2–6 argue best.")).toBeVisible();
  await expect(host.getByLabel("Number of groups")).toHaveValue("2");
  await host.locator("section", { has: host.getByRole("heading", { name: "Form groups" }) }).screenshot({ path: test.info().outputPath("form-groups.png") });
  await host.getByLabel("How").selectOption("random");
  await host.getByRole("button", { name: "Form groups" }).click();
  await expect(host.getByRole("heading", { name: "Groups", exact: true })).toBeVisible();
  const groups = await listGroups(db, sessionId);
  const forGroup = groups.find((g) => g.side === "for")!;
  const againstGroup = groups.find((g) => g.side === "against")!;
  // A group may never be emptied, so each move takes someone from a group that keeps another member.
  for (;;) {
    const now = await listGroups(db, sessionId);
    const misplaced = users.findIndex((user, i) => {
      const current = now.find((g) => g.members.some((m) => m.studentId === user.id))!;
      return current.id !== (i < 2 ? forGroup : againstGroup).id && current.members.length > 1;
    });
    if (misplaced < 0) break;
    const want = misplaced < 2 ? forGroup : againstGroup;
    const name = names[misplaced]!;
    await host.getByLabel(`Move ${name} to`).selectOption(String(want.id));
    await host.getByLabel(`Move ${name} to`).locator("xpath=ancestor::form").getByRole("button", { name: "Move" }).click();
    await expect(host.locator(`.group-box.side-${want.side}`).getByText(name, { exact: true })).toBeVisible();
  }
  expect((await listGroups(db, sessionId)).map((g) => g.members.map((m) => m.name).sort())).toEqual(
    groups.map((g) => (g.side === "for" ? names.slice(0, 2) : names.slice(2)).sort()),
  );
  await expect(ana.getByText(/arguing for:/)).toBeVisible();
  await expect(dev.getByText(/arguing against:/)).toBeVisible();

  // Opening round with a five-minute timer, shown to everyone.
  await host.getByLabel("Timer for the opening round").selectOption("5");
  await host.getByRole("button", { name: "Start the opening round" }).click();
  for (const page of [ana, ben, cleo, dev]) {
    await expect(page.getByRole("heading", { name: "Opening round" })).toBeVisible();
    await expect(page.getByRole("timer")).toHaveText(/[45]:\d\d left/);
  }

  const claim = "Incremental steps build the trust that a grand bargain needs.";
  await post(ana, 1, claim, { cite: [cited.text] });
  for (const page of [ben, cleo, dev, host]) {
    const item = feed(page).filter({ hasText: claim });
    await expect(item).toHaveCount(1);
    await expect(item.locator("blockquote")).toContainText(cited.text);
    await expect(item.getByRole("link", { name: excerptHeading(lesson, lesson.excerpts[1]!.id) })).toHaveAttribute("href", `#s-${cited.id}`);
  }
  const counter = "Without full denuclearization up front, every step rewards delay.";
  await post(cleo, 2, counter);
  await expect(feed(ana).filter({ hasText: counter })).toHaveCount(1);

  // The timer: extended by a minute, then paused, on every screen.
  const before = await secondsLeft(dev);
  await host.getByRole("button", { name: "Add 1 minute" }).click();
  await expect.poll(() => secondsLeft(dev)).toBeGreaterThan(before + 40);
  await host.getByRole("button", { name: "Pause the timer" }).click();
  await expect(dev.getByRole("timer")).toContainText("paused");
  await expect(ana.getByRole("timer")).toContainText("paused");
  await axe(ana);
  await axe(host);
  await axe(projector);

  // Rebuttal round: Dev rebuts Ana's claim from its "Rebut" button; everyone sees the reply.
  await host.getByRole("button", { name: "Move to rebuttals" }).click();
  await expect(dev.getByRole("heading", { name: "Rebuttal round" })).toBeVisible();
  // The new round's usual kind of post is chosen for everyone, without a reload.
  await expect(ana.locator("#compose").getByRole("radio", { name: /^Rebuttal/ })).toBeChecked();
  // A rebuttal of one's own side is refused, and the whole form stays as it was.
  const own = ana.locator("#compose");
  await own.getByLabel("In reply to").selectOption({ label: `#1 (for): ${claim}` });
  await own.getByLabel("Your argument").fill("Answering myself.");
  await own.getByRole("button", { name: "Post to the debate" }).click();
  await expect(own.getByRole("alert")).toContainText("A rebuttal answers the other side");
  await expect(own.getByLabel("In reply to")).toHaveValue(/^\d+$/);
  await expect(own.getByLabel("In reply to").locator("option:checked")).toHaveText(`#1 (for): ${claim}`);
  await expect(own.getByLabel("Your argument")).toHaveValue("Answering myself.");
  await expect(own.getByRole("radio", { name: /^Rebuttal/ })).toBeChecked();
  await own.getByLabel("Your argument").fill("");
  await expect(dev.getByRole("timer")).toHaveCount(0);
  await feed(dev).filter({ hasText: claim }).getByRole("link", { name: "Rebut #1" }).click();
  await expect(dev.locator("#compose").getByRole("radio", { name: /^Rebuttal/ })).toBeChecked();
  await expect(dev.locator("#compose").getByLabel("In reply to")).toHaveValue(/\d+/);
  await expect(dev.locator("#compose").getByLabel("Your argument")).toBeFocused();
  const rebuttal = "Trust did not stop the 2019 talks from collapsing in Hanoi.";
  await dev.keyboard.type(rebuttal);
  await dev.locator("#compose").getByRole("button", { name: "Post to the debate" }).click();
  await expect(dev.locator("#compose").getByRole("status")).toHaveText("Posted as #3.");
  for (const page of [ana, ben, host]) await expect(feed(page).filter({ hasText: rebuttal }).getByText("Rebutting #1")).toBeVisible();

  // A question the host hides: it vanishes for students at once, and stays (marked) for the host.
  const question = "Is anyone else hungry?";
  await post(ben, 4, question, { kind: "Question" });
  await expect(feed(cleo).filter({ hasText: question })).toHaveCount(1);
  await host.getByRole("button", { name: "Hide #4" }).click();
  for (const page of [ana, cleo, dev]) await expect(feed(page).filter({ hasText: question })).toHaveCount(0);
  await expect(feed(host).filter({ hasText: question }).getByText("hidden from students")).toBeVisible();

  // Votes: Ben backs Dev's rebuttal; no one can vote for their own group.
  await feed(ben).filter({ hasText: rebuttal }).getByRole("button", { name: "Vote for #3" }).click();
  await expect(feed(ben).filter({ hasText: rebuttal }).getByRole("button", { name: "Vote for #3", pressed: true })).toBeVisible();
  for (const page of [ana, cleo, host]) await expect(feed(page).filter({ hasText: rebuttal }).getByText("1 vote")).toBeVisible();
  await expect(feed(ana).filter({ hasText: claim }).getByRole("button", { name: /Vote/ })).toHaveCount(0);
  await expect(feed(ana).filter({ hasText: claim }).getByText("Your post")).toBeVisible();
  await expect(feed(ben).filter({ hasText: claim }).getByText("Your group")).toBeVisible();
  await expect(ben.getByText("You have 2 votes of 3 left")).toBeVisible();

  // The projector moved on with the rounds and shows the newest posts, live.
  await expect(projector.getByText("Live debate · rebuttal round")).toBeVisible();
  await expect(feed(projector).filter({ hasText: rebuttal })).toHaveCount(1);
  await expect(feed(projector).filter({ hasText: question })).toHaveCount(0);

  // Dev's connection drops while the others keep posting; nothing reaches Dev until it comes back.
  await expect(dev.getByText("● Live")).toBeVisible();
  const isEvents = (url: URL) => url.pathname.endsWith("/events");
  await dev.route(isEvents, (route) => route.abort());
  const dropped = await dev.evaluate(() => {
    const open = (window as unknown as { __sources: EventSource[] }).__sources.filter((s) => s.readyState === EventSource.OPEN);
    for (const source of open) {
      source.close();
      source.dispatchEvent(new Event("error"));
    }
    return open.length;
  });
  expect(dropped).toBe(1);
  await expect(dev.getByText("Reconnecting…")).toBeVisible();
  const missed = ["Sanctions relief for verifiable steps worked before.", "CVID as a first step asks for surrender, not a deal.", "Step-by-step deals have been broken again and again."];
  await post(ana, 5, missed[0]!, { kind: "Claim" });
  await post(cleo, 6, missed[1]!, { kind: "Claim" });
  await post(ben, 7, missed[2]!, { kind: "Claim" });
  await expect(feed(projector).filter({ hasText: missed[2]! })).toHaveCount(1);
  expect(await numbersIn(dev)).toEqual(["#1", "#2", "#3"]);

  await dev.unroute(isEvents);
  await expect(dev.getByText("● Live")).toBeVisible({ timeout: 20_000 });
  await expect(feed(dev)).toHaveCount(6);
  expect(await numbersIn(dev)).toEqual(["#1", "#2", "#3", "#5", "#6", "#7"]);
  for (const text of missed) await expect(feed(dev).filter({ hasText: text })).toHaveCount(1);
  // On the wire: every post event once, in order, the three missed ones on the new connection.
  const received = await dev.evaluate(() => (window as unknown as { __posts: { source: number; id: number }[] }).__posts);
  const ids = received.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  expect(ids).toHaveLength(7);
  const lastSource = Math.max(...received.map((r) => r.source));
  expect(received.filter((r) => r.source === lastSource)).toHaveLength(3);

  // Anonymous aliases: students' screens switch from names to aliases live; the host sees both.
  await host.getByRole("button", { name: "Switch to anonymous aliases" }).click();
  await expect(feed(ana).filter({ hasText: counter }).getByText("Cleo Agnew")).toHaveCount(0);
  await expect(feed(ana).filter({ hasText: counter }).locator("strong")).toHaveText(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  await expect(feed(host).filter({ hasText: counter }).locator("strong")).toHaveText(/^[A-Z][a-z]+ [A-Z][a-z]+ \(Cleo Agnew\)$/);
  await expect(projector.getByText("Cleo Agnew")).toHaveCount(0);
  // Not even in the page's data: no student's browser holds another student's name.
  const html = await (await ana.request.get(`/debates/${sessionId}`)).text();
  for (const name of names.slice(1)) expect(html).not.toContain(name);
  expect(html).not.toContain(question);

  // A browser resuming with Last-Event-ID gets exactly the events after it; a student's full replay
  // holds neither the hidden post nor who joined or polled.
  const stored = await eventsSince(db, sessionId, 0);
  const afterPost5 = stored.find((e) => e.type === "post" && (e.data as { post: { number: number } }).post.number === 5)!.id;
  const resumed = await readStream(dev, sessionId, afterPost5, stored.at(-1)!.id);
  expect(resumed.ids).toEqual(stored.filter((e) => e.id > afterPost5).map((e) => e.id));
  const full = await readStream(dev, sessionId, 0, stored.at(-1)!.id);
  expect(full.text).not.toContain(question);
  expect(full.text).not.toMatch(/"studentId"|"name"/);
  expect(full.ids).toEqual(stored.filter((e) => !(e.type === "post" && (e.data as { post: { body: string } }).post.body === question)).map((e) => e.id));

  // Closing round, then the post-poll.
  await host.getByRole("button", { name: "Move to closing statements" }).click();
  await expect(dev.getByRole("heading", { name: "Closing round" })).toBeVisible();
  await post(dev, 8, "Hanoi shows that all-or-nothing ends with nothing.", { kind: "Claim" });
  await host.getByRole("button", { name: "Open the post-poll" }).click();
  const after = ["Undecided", "Somewhat for", "Somewhat against", "Somewhat against"];
  for (const [i, page] of [ana, ben, cleo, dev].entries()) {
    await expect(page.getByRole("heading", { name: "After the debate: where do you stand now?" })).toBeVisible();
    await page.getByRole("radio", { name: after[i] }).check();
    await page.getByRole("radio", { name: "Sure", exact: true }).check();
    await page.getByRole("button", { name: "Record my stance" }).click();
    await expect(page.getByText("Your stance is recorded")).toBeVisible();
  }

  // Results: the shift (chart and numbers), participation, top arguments per side.
  await expect(host.getByText("4 post-polled")).toBeVisible();
  await expect(host.getByText("2 of 4 students changed their stance.")).toBeVisible();
  await expect(host.getByText(/Average stance 3\.0 before → 2\.8 after/)).toBeVisible();
  // Everyone went from "Fairly sure" to "Sure".
  await expect(host.getByText(/Average confidence 3\.0 before → 4\.0 after \(1 = not sure at all, 5 = completely sure\)/)).toBeVisible();
  const shiftRow = host.locator(".shift-chart tr", { has: host.getByRole("rowheader", { name: "Strongly for" }) });
  await expect(shiftRow).toContainText("1 → 0");
  const forHeat = host.locator(".heatmap.heat-for");
  await expect(forHeat.locator(".heat")).toHaveText([cited.text]);
  await expect(forHeat.locator(".heat-count")).toHaveText(["1 post"]);
  await expect(host.locator(".heatmap.heat-against .heat")).toHaveCount(0);
  const anaRow = host.getByRole("row", { name: /Ana Forsyth/ });
  await expect(anaRow.getByRole("cell")).toHaveText(["5 strongly for", "3 undecided", "-2", "2", "0", "1", "0"]);
  await expect(host.locator("section[aria-labelledby=top-heading] .side-against")).toContainText(rebuttal);
  await axe(host);

  await host.getByRole("button", { name: "End the debate" }).click();
  await expect(ana.getByText("This debate has ended.")).toBeVisible();
  await expect(ana.getByText("2 of 4 students changed their stance.")).toBeVisible();
  await expect(ana.getByText("You moved from strongly for to undecided. You wrote 2 posts and gave 0 votes.")).toBeVisible();
  await expect(ana.getByRole("heading", { name: "Participation" })).toHaveCount(0);
  await expect(projector.getByText("2 of 4 students changed their stance.")).toBeVisible();
  await axe(projector);
  await axe(ana);

  // Afterwards the host finds the session from the assignment, with its transcript and results.
  await host.goto(`/teach/classes/${cls.id}/assignments/${assignment.id}`);
  await expect(host.locator(".sessions li")).toContainText("4 students · 8 posts · ended");
  await host.locator(".sessions").getByRole("link", { name: debate.motion }).click();
  await expect(host.getByRole("heading", { name: "Transcript" })).toBeVisible();
  await expect(feed(host)).toHaveCount(8);
  await expect(host.getByText("2 of 4 students changed their stance.")).toBeVisible();

  // The record: every post (the hidden one marked) in the exports.
  const csv = await (await host.request.get(`/teach/debates/${sessionId}/export/transcript.csv`)).text();
  expect(csv).toContain(question);
  expect(csv.split("\r\n").filter((line) => line.endsWith(",yes"))).toHaveLength(1);
  const json = await (await host.request.get(`/teach/debates/${sessionId}/export/transcript.json`)).json();
  expect(json.posts).toHaveLength(8);
  expect(json.posts[0]).toMatchObject({ number: 1, kind: "claim", text: claim, citations: [{ excerpt: excerptHeading(lesson, lesson.excerpts[1]!.id), sentenceIds: [cited.id] }] });
  expect(json.rounds.map((r: { phase: string }) => r.phase)).toEqual(["lobby", "opening", "rebuttal", "closing", "postpoll", "ended"]);
  expect(json.votes).toHaveLength(1);
  expect(await db.all(db.q.select().from(debatePosts).where(eq(debatePosts.sessionId, sessionId)))).toHaveLength(8);
});

test("without JavaScript the session page shows the current state and takes posts and votes through plain forms; refusals say why and keep the text", async ({ browser }) => {
  const instructor = await seedUser("instructor");
  const cls = await seedClass(instructor, "No script");
  const assignment = await seedAssignment(instructor, cls.id);
  const [mia, noah] = [await seedUser("student", "Mia Noscript"), await seedUser("student", "Noah Other")];
  await enroll(mia.id, cls.id);
  await enroll(noah.id, cls.id);
  const started = await startDebate(db, instructor.id, assignment.id, debate.id);
  if (started.status !== "started") throw new Error(started.status);
  const sessionId = started.session.id;
  for (const [user, stance] of [[mia, 5], [noah, 1]] as const) {
    await joinDebate(db, user.id, sessionId);
    await recordPoll(db, user.id, sessionId, "pre", stance, 3);
  }
  await formDebateGroups(db, instructor.id, sessionId, { groups: 2, mode: "mixed", opposite: false });
  await advanceDebate(db, instructor.id, sessionId, 4);
  const groups = await listGroups(db, sessionId);
  const noahGroup = groups.find((g) => g.members.some((m) => m.studentId === noah.id))!;
  const miaGroup = groups.find((g) => g.members.some((m) => m.studentId === mia.id))!;
  const other = await createPost(db, noah.id, sessionId, { groupId: noahGroup.id, kind: "claim", replyToId: null, body: "Noah's opening claim.", sentenceIds: [] });
  if (other.status !== "posted") throw new Error(other.status);
  // Mia has been busy: five posts in the last 15 seconds, so one more fills her minute's allowance (for the
  // 45 s and more this test has before the first of them is a minute old).
  for (const ago of [15, 12, 9, 6, 3])
    await createPost(db, mia.id, sessionId, { groupId: miaGroup.id, kind: "claim", replyToId: null, body: `Earlier point ${ago}.`, sentenceIds: [] }, Date.now() - ago * 1000);

  const page = await pageAs(browser, mia, { javaScriptEnabled: false });
  await page.goto(`/debates/${sessionId}`);
  await expect(page.getByRole("heading", { name: "Opening round" })).toBeVisible();
  await expect(page.getByRole("timer")).toHaveText(/[34]:\d\d left/);
  await expect(page.getByText(`You are in ${miaGroup.name}, arguing`)).toBeVisible();
  await expect(feed(page).filter({ hasText: "Noah's opening claim." })).toHaveCount(1);

  const form = page.locator("#compose");
  await form.getByLabel("Your argument").fill("My first point, with evidence.");
  await form.getByText("Cite evidence from the text").click();
  await citeIn(form, cited.text);
  await form.getByRole("button", { name: "Post to the debate" }).click();
  await expect(page.locator("#compose").getByRole("status")).toHaveText("Posted as #7.");
  await expect(feed(page).filter({ hasText: "My first point, with evidence." }).locator("blockquote")).toContainText(cited.text);

  // A seventh post within a minute: refused, nothing stored, and the text is still there.
  await page.locator("#compose").getByLabel("Your argument").fill("A second point typed very fast.");
  await page.locator("#compose").getByRole("button", { name: "Post to the debate" }).click();
  await expect(page.locator("#compose [role=alert]")).toContainText("You are posting faster than anyone can read");
  await expect(page.locator("#compose").getByLabel("Your argument")).toHaveValue("A second point typed very fast.");
  expect(await db.all(db.q.select().from(debatePosts).where(eq(debatePosts.sessionId, sessionId)))).toHaveLength(7);

  // A rebuttal must answer the other side.
  await page.locator("#compose").getByRole("radio", { name: /^Rebuttal/ }).check();
  await page.locator("#compose").getByLabel("In reply to").selectOption({ label: `#7 (${miaGroup.side}): My first point, with evidence.` });
  await page.locator("#compose").getByRole("button", { name: "Post to the debate" }).click();
  await expect(page.locator("#compose [role=alert]")).toContainText("A rebuttal answers the other side, not your own");
  await expect(page.locator("#compose").getByLabel("Your argument")).toHaveValue("A second point typed very fast.");

  // A vote, through its own little form.
  await feed(page).filter({ hasText: "Noah's opening claim." }).getByRole("button", { name: "Vote for #1" }).click();
  await expect(feed(page).filter({ hasText: "Noah's opening claim." }).getByText("1 vote")).toBeVisible();
  await expect(page.getByText("You have 2 votes of 3 left")).toBeVisible();
});
