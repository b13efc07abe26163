import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { DEBATE_LIMITS } from "@/lib/debate/rules";
import { transcriptJson, transcriptRows } from "@/lib/debate/transcript";
import { excerptTexts } from "@/lib/debate/excerpts";
import { excerptHeading } from "@/lib/content/display";
import { authorKeys } from "@/lib/debate/author-key";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import { createAssignment } from "./assignments";
import { createClass, joinClassByCode } from "./classes";
import { castVote, changeTimer, createPost, hiddenPostIds, listPosts, moveToGroup, myVotes, setAnonymous, setPostHidden, type NewPost } from "./debate-posts";
import { debateResults, debateSnapshot, debateTranscript } from "./debate-view";
import { advanceDebate, eventsSince, formDebateGroups, getDebateForInstructor, joinDebate, listGroups, recordPoll, startDebate, type GroupView } from "./debates";
import type { PublicUser } from "./users";

let t: TestDatabase;
const lesson = loadLessons().lessons[0] as Lesson;
const excerpt = lesson.excerpts[1]!;
let owner: PublicUser;
let otherTeacher: PublicUser;
let assignmentId: number;
let students: PublicUser[];
let outsider: PublicUser;
let bystander: PublicUser;
let id: number;
let groups: GroupView[];
let forA: number, forB: number, againstA: number, againstB: number;
beforeAll(async () => {
  t = await openTestDatabase();
  owner = await makeUser(t.db, "instructor");
  otherTeacher = await makeUser(t.db, "instructor");
  const cls = await createClass(t.db, owner.id, "Debates");
  assignmentId = (await createAssignment(t.db, owner.id, { classId: cls.id, lesson, dueAt: null }))!.id;
  students = [];
  for (let i = 0; i < 4; i++) students.push(await makeUser(t.db, "student"));
  for (const s of students) await joinClassByCode(t.db, s.id, cls.joinCode);
  outsider = await makeUser(t.db, "student");
  const otherClass = await createClass(t.db, otherTeacher.id, "Elsewhere");
  await joinClassByCode(t.db, outsider.id, otherClass.joinCode);
  bystander = await makeUser(t.db, "student");
  await joinClassByCode(t.db, bystander.id, cls.joinCode);

  const started = await startDebate(t.db, owner.id, assignmentId, lesson.debates[0]!.id);
  if (started.status !== "started") throw new Error("not started");
  id = started.session.id;
  for (const [i, s] of students.entries()) {
    await joinDebate(t.db, s.id, id);
    await recordPoll(t.db, s.id, id, "pre", i < 2 ? 5 : 1, 3);
  }
  await formDebateGroups(t.db, owner.id, id, { groups: 2, mode: "mixed", opposite: false });
  groups = await listGroups(t.db, id);
  [forA, forB] = groups.find((g) => g.side === "for")!.members.map((m) => m.studentId) as [number, number];
  [againstA, againstB] = groups.find((g) => g.side === "against")!.members.map((m) => m.studentId) as [number, number];
});
afterAll(() => t.close());
const groupOf = (studentId: number) => groups.find((g) => g.members.some((m) => m.studentId === studentId))!;
const postCount = async () => (await t.db.all(t.db.q.select().from(t.db.t.debatePosts))).length;

let clock = 1_000_000_000_000;
const post = (studentId: number, input: Partial<NewPost> = {}, now = (clock += 10_000)) =>
  createPost(t.db, studentId, id, { groupId: groupOf(studentId).id, kind: "claim", replyToId: null, body: "The text says so.", sentenceIds: [], ...input }, now);

describe("posting in a live debate", () => {
  it("is refused outside an open round, nothing stored", async () => {
    expect(await post(forA)).toEqual({ status: "closed" });
    expect(await postCount()).toBe(0);
    await advanceDebate(t.db, owner.id, id, 5, clock);
  });

  it("stores a claim with its cited sentences grouped by excerpt and logs a post event", async () => {
    const picked = [excerpt.sentences[2]!.id, excerpt.sentences[0]!.id];
    const result = await post(forA, { body: "  Hanoi failed because both sides wanted everything.  ", sentenceIds: picked });
    if (result.status !== "posted") throw new Error(result.status);
    expect(result.post).toMatchObject({ number: 1, side: "for", kind: "claim", phase: "opening", body: "Hanoi failed because both sides wanted everything." });
    expect(result.post.citations).toEqual([{ excerptId: excerpt.id, sentenceIds: [excerpt.sentences[0]!.id, excerpt.sentences[2]!.id] }]);
    expect(await eventsSince(t.db, id, result.event.id - 1)).toEqual([{ id: result.event.id, type: "post", data: { post: result.post } }]);
  });

  it("refuses, with nothing stored: outsiders, non-joined classmates, the wrong group, empty, overlong, bad citations, bad replies", async () => {
    const before = await postCount();
    expect(await createPost(t.db, outsider.id, id, { groupId: groups[0]!.id, kind: "claim", replyToId: null, body: "hi", sentenceIds: [] })).toEqual({ status: "not-joined" });
    expect(await createPost(t.db, bystander.id, id, { groupId: groups[0]!.id, kind: "claim", replyToId: null, body: "hi", sentenceIds: [] })).toEqual({ status: "not-joined" });
    expect(await post(forB, { groupId: groupOf(againstA).id })).toEqual({ status: "wrong-group", groupName: groupOf(forB).name });
    expect(await post(forB, { body: "   " })).toEqual({ status: "empty" });
    expect(await post(forB, { body: "x".repeat(DEBATE_LIMITS.bodyMax + 1) })).toEqual({ status: "too-long" });
    expect(await post(forB, { sentenceIds: ["no-such-sentence"] })).toEqual({ status: "bad-citation" });
    expect(await post(forB, { sentenceIds: excerpt.sentences.slice(0, DEBATE_LIMITS.citationsMax + 1).map((s) => s.id) })).toEqual({ status: "too-many-citations" });
    const first = (await listPosts(t.db, id, { includeHidden: true }))[0]!;
    expect(await post(forB, { kind: "rebuttal" })).toEqual({ status: "needs-reply" });
    expect(await post(forB, { kind: "rebuttal", replyToId: first.id })).toEqual({ status: "own-side-reply" });
    expect(await post(forB, { kind: "rebuttal", replyToId: 999_999 })).toEqual({ status: "bad-reply" });
    expect(await postCount()).toBe(before);
  });

  it("accepts a rebuttal to the other side and a question, and limits bursts", async () => {
    const first = (await listPosts(t.db, id, { includeHidden: true }))[0]!;
    await advanceDebate(t.db, owner.id, id, null, clock);
    const rebuttal = await post(againstA, { kind: "rebuttal", replyToId: first.id, sentenceIds: [excerpt.sentences[1]!.id] });
    expect(rebuttal).toMatchObject({ status: "posted", post: { number: 2, kind: "rebuttal", side: "against", phase: "rebuttal", replyToId: first.id } });
    const now = (clock += 60_000);
    expect(await post(againstB, { kind: "question", replyToId: first.id }, now)).toMatchObject({ status: "posted" });
    expect(await post(againstB, {}, now + 1_000)).toEqual({ status: "rate-limited", waitSeconds: 2 });
    expect(await post(againstB, {}, now + 3_000)).toMatchObject({ status: "posted" });
  });
});

describe("votes and moderation", () => {
  it("allows a few votes for other groups' visible posts only", async () => {
    const posts = await listPosts(t.db, id, { includeHidden: true });
    const forPost = posts.find((p) => p.side === "for")!;
    const againstPosts = posts.filter((p) => p.side === "against");
    expect(await castVote(t.db, forB, id, forPost.id, true)).toEqual({ status: "own-group" });
    expect(await castVote(t.db, outsider.id, id, againstPosts[0]!.id, true)).toEqual({ status: "not-joined" });
    expect(await castVote(t.db, forB, id, 999_999, true)).toEqual({ status: "not-found" });
    for (const p of againstPosts) expect(await castVote(t.db, forB, id, p.id, true)).toMatchObject({ status: "voted" });
    expect(await castVote(t.db, forB, id, againstPosts[0]!.id, true)).toEqual({ status: "already-voted" });
    const fourth = await post(againstA);
    if (fourth.status !== "posted") throw new Error(fourth.status);
    expect(await castVote(t.db, forB, id, fourth.post.id, true)).toEqual({ status: "no-votes-left" });
    expect(await castVote(t.db, forB, id, againstPosts[0]!.id, false)).toMatchObject({ status: "unvoted", votesLeft: 1 });
    expect(await castVote(t.db, forB, id, fourth.post.id, true)).toMatchObject({ status: "voted", votesLeft: 0 });
    expect(await castVote(t.db, againstA, id, forPost.id, true)).toMatchObject({ status: "voted", event: { type: "vote", data: { postId: forPost.id, votes: 1 } } });
    const { debateVotes } = t.db.t;
    expect(await t.db.all(t.db.q.select().from(debateVotes).where(eq(debateVotes.voterId, forB)))).toHaveLength(3);
  });

  it("hides a post from students (snapshot and replay) while keeping it for the instructor and the record", async () => {
    const target = (await listPosts(t.db, id, { includeHidden: false })).find((p) => p.side === "against")!;
    expect(await setPostHidden(t.db, otherTeacher.id, id, target.id, true)).toBeUndefined();
    expect((await hiddenPostIds(t.db, id)).size).toBe(0);
    const event = await setPostHidden(t.db, owner.id, id, target.id, true);
    expect(event).toMatchObject({ type: "hide", data: { postId: target.id } });
    expect(await setPostHidden(t.db, owner.id, id, target.id, true)).toBeUndefined();
    expect(await hiddenPostIds(t.db, id)).toEqual(new Set([target.id]));
    const session = (await getDebateForInstructor(t.db, owner.id, id))!;
    expect((await debateSnapshot(t.db, session, { kind: "student", studentId: forA })).snapshot.posts.map((p) => p.id)).not.toContain(target.id);
    expect((await debateSnapshot(t.db, session, { kind: "instructor" })).snapshot.posts.find((p) => p.id === target.id)).toMatchObject({ hidden: true });
    // Neither a rebuttal nor a vote can reach a hidden post.
    expect(await post(forA, { kind: "rebuttal", replyToId: target.id })).toEqual({ status: "bad-reply" });
    expect(await castVote(t.db, forA, id, target.id, true)).toEqual({ status: "not-found" });
  });

  it("switches names to aliases for students only; the instructor sees both", async () => {
    expect(await setAnonymous(t.db, otherTeacher.id, id, true)).toBeUndefined();
    expect(await setAnonymous(t.db, owner.id, id, true)).toMatchObject({ type: "aliases" });
    const session = (await getDebateForInstructor(t.db, owner.id, id))!;
    const studentLabels = Object.values((await debateSnapshot(t.db, session, { kind: "student", studentId: forA })).snapshot.labels);
    expect(studentLabels.every((l) => !/student/i.test(l))).toBe(true);
    expect(Object.values((await debateSnapshot(t.db, session, { kind: "instructor" })).snapshot.labels)[0]).toMatch(/^\w+ \w+ \(student\d+\)$/);
  });

  it("gives no browser a user id: posts and labels use the session's opaque author keys, different in every session", async () => {
    const session = (await getDebateForInstructor(t.db, owner.id, id))!;
    const { snapshot } = await debateSnapshot(t.db, session, { kind: "student", studentId: forA });
    const json = JSON.stringify(snapshot);
    expect(json).not.toMatch(/"(authorId|studentId|userId|voterId)"/);
    expect(snapshot.posts.length).toBeGreaterThan(0);
    // Every author key has a label, and nothing in the snapshot is another student's id or name.
    for (const p of snapshot.posts) expect(snapshot.labels[p.author]).toBeTruthy();
    const others = (await t.db.all(t.db.q.select().from(t.db.t.users))).filter((u) => students.some((s) => s.id === u.id) && u.id !== forA);
    for (const u of others) {
      expect(json).not.toContain(u.displayName);
      expect(json).not.toContain(u.username);
      expect(Object.keys(snapshot.labels)).not.toContain(String(u.id));
      expect(snapshot.posts.map((p) => p.author)).not.toContain(u.id);
    }
    // The student's own key tells their own posts; the instructor's screens use the same keys.
    const mine = snapshot.posts.filter((p) => p.author === snapshot.me!.key);
    expect(mine.length).toBe((await listPosts(t.db, id, { includeHidden: false })).filter((p) => p.authorId === forA).length);
    expect(Object.keys((await debateSnapshot(t.db, session, { kind: "instructor" })).snapshot.labels).sort()).toEqual(Object.keys(snapshot.labels).sort());
    // Another session of the same class keys the same students differently.
    expect(authorKeys(id + 1)(forA)).not.toBe(snapshot.me!.key);
    const results = await debateResults(t.db, session, { kind: "student", studentId: forA });
    expect(JSON.stringify(results.top)).not.toMatch(/"authorId"/);
  });

  it("lets only the instructor move students, run the timer and change rounds or groups", async () => {
    for (const who of [forA, otherTeacher.id]) {
      expect(await advanceDebate(t.db, who, id)).toEqual({ status: "not-found" });
      expect(await formDebateGroups(t.db, who, id, { groups: 2, mode: "random", opposite: false })).toEqual({ status: "not-found" });
      expect(await moveToGroup(t.db, who, id, forA, groupOf(againstA).id)).toEqual({ status: "not-found" });
      expect(await setPostHidden(t.db, who, id, (await listPosts(t.db, id, { includeHidden: true }))[0]!.id, true)).toBeUndefined();
    }
    expect(await moveToGroup(t.db, otherTeacher.id, id, forA, groupOf(againstA).id)).toEqual({ status: "not-found" });
    expect(await changeTimer(t.db, otherTeacher.id, id, { kind: "pause" })).toEqual({ status: "not-found" });
    expect(await changeTimer(t.db, owner.id, id, { kind: "extend", minutes: 1 })).toEqual({ status: "no-change" });
    expect(await changeTimer(t.db, owner.id, id, { kind: "set", minutes: 2 }, clock)).toMatchObject({ status: "changed", event: { type: "timer", data: { timer: { status: "running", endsAt: clock + 120_000 } } } });
    expect(await changeTimer(t.db, owner.id, id, { kind: "extend", minutes: 1 }, clock)).toMatchObject({ event: { data: { timer: { endsAt: clock + 180_000 } } } });
  });
});

describe("results and transcript", () => {
  it("computes the shift, participation, top arguments and heat map, and exports every post", async () => {
    await advanceDebate(t.db, owner.id, id); // closing
    await advanceDebate(t.db, owner.id, id); // post-poll
    expect(await post(forA)).toEqual({ status: "closed" });
    await recordPoll(t.db, forA, id, "post", 4, 4);
    await recordPoll(t.db, againstA, id, "post", 3, 2);
    const session = (await getDebateForInstructor(t.db, owner.id, id))!;
    const results = await debateResults(t.db, session, { kind: "instructor" });
    expect(results.shift.n).toBe(2);
    expect(results.shift.changedMind).toBe(2);
    const forARow = results.participation.find((p) => p.studentId === forA)!;
    expect(forARow).toMatchObject({ posts: 1, rebuttals: 0, citations: 2, votes: 0, after: 4 });
    expect(results.participation.find((p) => p.studentId === forB)).toMatchObject({ posts: 0, votes: 3 });
    expect(results.top.for.map((p) => p.votes)).toEqual([1]);
    expect(results.heat.counts.get(excerpt.sentences[0]!.id)).toEqual({ for: 1, against: 0 });

    const transcript = await debateTranscript(t.db, session);
    const rows = transcriptRows(transcript, excerptTexts(lesson));
    const name = excerptHeading(lesson, excerpt.id); // "Excerpt 2 · …", as the pages name it
    expect(name).toMatch(/^Excerpt 2( · |$)/);
    expect(rows[0]![11]).toBe(`${name}: “${excerpt.sentences[0]!.text}”\n${name}: “${excerpt.sentences[2]!.text}”`);
    expect(rows).toHaveLength(transcript.posts.length);
    expect(rows.filter((r) => r[13] === "yes")).toHaveLength(1);
    expect(rows[1]![4]).toBe(1); // the rebuttal replies to #1
    const json = transcriptJson(transcript, { motion: "m", sides: { for: "f", against: "a" }, className: "c", lessonTitle: "l", excerpts: excerptTexts(lesson) });
    expect(json.posts[0]!.citations).toEqual([{ excerpt: name, excerptId: excerpt.id, sentenceIds: [excerpt.sentences[0]!.id, excerpt.sentences[2]!.id] }]);
    expect(json.rounds.map((r) => r.phase)).toEqual(["lobby", "opening", "rebuttal", "closing", "postpoll"]);
    expect(json.polls).toHaveLength(6);
    expect(json.votes).toHaveLength(4);
  });
});

describe("edge cases of votes, moves and hidden posts", () => {
  it("gives back a vote whose post was hidden, refuses votes for one's own post after a move, and shows hidden posts again with their content", async () => {
    expect(await advanceDebate(t.db, owner.id, id)).toMatchObject({ phase: "ended" });
    const second = await startDebate(t.db, owner.id, assignmentId, lesson.debates[1]!.id);
    if (second.status !== "started") throw new Error(second.status);
    const sid = second.session.id;
    for (const s of students) await joinDebate(t.db, s.id, sid);
    await formDebateGroups(t.db, owner.id, sid, { groups: 2, mode: "random", opposite: false });
    await advanceDebate(t.db, owner.id, sid);
    const g = await listGroups(t.db, sid);
    const [a, b] = g[0]!.members.map((m) => m.studentId) as [number, number];
    const [c] = g[1]!.members.map((m) => m.studentId) as [number];
    const say = async (who: number, group: number, at: number) => {
      const r = await createPost(t.db, who, sid, { groupId: group, kind: "claim", replyToId: null, body: `Post by ${who}`, sentenceIds: [] }, at);
      if (r.status !== "posted") throw new Error(r.status);
      return r.post;
    };
    const cPosts = [await say(c, g[1]!.id, 1), await say(c, g[1]!.id, 10_000), await say(c, g[1]!.id, 20_000), await say(c, g[1]!.id, 30_000)];
    for (const p of cPosts.slice(0, 3)) expect((await castVote(t.db, a, sid, p.id, true)).status).toBe("voted");
    expect(await castVote(t.db, a, sid, cPosts[3]!.id, true)).toEqual({ status: "no-votes-left" });
    await setPostHidden(t.db, owner.id, sid, cPosts[0]!.id, true);
    expect(await castVote(t.db, a, sid, cPosts[3]!.id, true)).toMatchObject({ status: "voted", votesLeft: 0 });
    const shown = await setPostHidden(t.db, owner.id, sid, cPosts[0]!.id, false);
    // Shown again, the post starts from no votes: the returned one stays returned, so no one is over the limit.
    expect(shown).toMatchObject({ type: "unhide", data: { postId: cPosts[0]!.id, post: { id: cPosts[0]!.id, body: `Post by ${c}`, hidden: false, votes: 0 } } });
    expect((await myVotes(t.db, a, sid)).sort()).toEqual([cPosts[1]!.id, cPosts[2]!.id, cPosts[3]!.id].sort());
    expect(await castVote(t.db, a, sid, cPosts[0]!.id, true)).toEqual({ status: "no-votes-left" });
    expect(await castVote(t.db, a, sid, cPosts[3]!.id, false)).toMatchObject({ status: "unvoted", votesLeft: 1 });
    expect(await castVote(t.db, a, sid, cPosts[0]!.id, true)).toMatchObject({ status: "voted", votesLeft: 0, event: { data: { votes: 1 } } });
    const { debateVotes } = t.db.t;
    expect(await t.db.all(t.db.q.select().from(debateVotes).where(eq(debateVotes.postId, cPosts[0]!.id)))).toMatchObject([{ voterId: a, returnedAt: null }]);

    // b votes for one of c's posts, then is moved into c's group: the vote can still be taken back.
    expect((await castVote(t.db, b, sid, cPosts[1]!.id, true)).status).toBe("voted");
    const bPost = await say(b, g[0]!.id, 40_000);
    expect((await moveToGroup(t.db, owner.id, sid, b, g[1]!.id)).status).toBe("moved");
    // a is now alone in the first group, which must not be emptied.
    expect(await moveToGroup(t.db, owner.id, sid, a, g[1]!.id)).toEqual({ status: "would-empty" });
    expect(await castVote(t.db, b, sid, bPost.id, true)).toEqual({ status: "own-group" });
    expect(await castVote(t.db, b, sid, cPosts[0]!.id, true)).toEqual({ status: "own-group" });
    expect(await castVote(t.db, b, sid, cPosts[1]!.id, false)).toMatchObject({ status: "unvoted" });
    // A page from before the move posts for the old group: refused, naming the new one.
    expect(await createPost(t.db, b, sid, { groupId: g[0]!.id, kind: "claim", replyToId: null, body: "x", sentenceIds: [] }, 50_000)).toEqual({ status: "wrong-group", groupName: g[1]!.name });
  });
});

describe("when a round's time is up", () => {
  it("refuses posts by the server's clock, storing nothing, until the instructor adds time or stops the timer", async () => {
    const teacher = await makeUser(t.db, "instructor");
    const room = await createClass(t.db, teacher.id, "Timed");
    const assignment = (await createAssignment(t.db, teacher.id, { classId: room.id, lesson, dueAt: null }))!.id;
    const pair = [await makeUser(t.db, "student"), await makeUser(t.db, "student")];
    for (const s of pair) await joinClassByCode(t.db, s.id, room.joinCode);
    const begun = await startDebate(t.db, teacher.id, assignment, lesson.debates[0]!.id);
    if (begun.status !== "started") throw new Error("not started");
    const session = begun.session.id;
    for (const s of pair) await joinDebate(t.db, s.id, session);
    await formDebateGroups(t.db, teacher.id, session, { groups: 2, mode: "random", opposite: false });
    const start = 2_000_000_000_000;
    await advanceDebate(t.db, teacher.id, session, 1, start);
    const [ana] = pair;
    const group = (await listGroups(t.db, session)).find((g) => g.members.some((m) => m.studentId === ana!.id))!.id;
    const say = (now: number) => createPost(t.db, ana!.id, session, { groupId: group, kind: "claim", replyToId: null, body: "In time?", sentenceIds: [] }, now);
    const stored = async () => (await listPosts(t.db, session, { includeHidden: true })).length;

    // A form's post, in time; the same form sent again after the time ran out (the first answer was lost on
    // the way back) finds it: stored once, and not refused as late.
    const sayOnce = (now: number, clientId = "form-in-time-0001") =>
      createPost(t.db, ana!.id, session, { groupId: group, kind: "claim", replyToId: null, body: "In time?", sentenceIds: [], clientId }, now);
    expect((await sayOnce(start + 59_000)).status).toBe("posted");
    expect(await say(start + 60_000)).toEqual({ status: "time-up" });
    expect(await sayOnce(start + 61_000)).toEqual({ status: "already-posted", number: 1 });
    expect(await sayOnce(start + 61_000, "another-form-0002")).toEqual({ status: "time-up" });
    expect(await say(start + 300_000)).toEqual({ status: "time-up" });
    expect(await stored()).toBe(1);
    // +1 minute, given after the time ran out, is a minute from then.
    expect((await changeTimer(t.db, teacher.id, session, { kind: "extend", minutes: 1 }, start + 300_000)).status).toBe("changed");
    expect((await say(start + 310_000)).status).toBe("posted");
    expect(await say(start + 360_000)).toEqual({ status: "time-up" });
    // Stopping the timer reopens posting with no limit.
    expect((await changeTimer(t.db, teacher.id, session, { kind: "clear" }, start + 400_000)).status).toBe("changed");
    expect((await say(start + 9_000_000)).status).toBe("posted");
    expect(await stored()).toBe(3);
  });
});

describe("changes of one session at once", () => {
  it("keep the vote limit and number posts 1, 2, 3… (on PostgreSQL they take turns on the session's row lock)", async () => {
    const teacher = await makeUser(t.db, "instructor");
    const room = await createClass(t.db, teacher.id, "At once");
    const assignment = (await createAssignment(t.db, teacher.id, { classId: room.id, lesson, dueAt: null }))!.id;
    const people: PublicUser[] = [];
    for (let i = 0; i < 4; i++) people.push(await makeUser(t.db, "student"));
    for (const s of people) await joinClassByCode(t.db, s.id, room.joinCode);
    const begun = await startDebate(t.db, teacher.id, assignment, lesson.debates[0]!.id);
    if (begun.status !== "started") throw new Error("not started");
    const session = begun.session.id;
    for (const s of people) await joinDebate(t.db, s.id, session);
    await formDebateGroups(t.db, teacher.id, session, { groups: 2, mode: "random", opposite: false });
    await advanceDebate(t.db, teacher.id, session);
    const [mine, theirs] = await listGroups(t.db, session);
    const voter = mine!.members[0]!.studentId;
    // The two authors of the other group post at the same time, three posts each (far enough apart for the burst limit).
    const results = await Promise.all(
      theirs!.members.map(async (m) => {
        const statuses = [];
        for (const n of [1, 2, 3]) {
          const result = await createPost(t.db, m.studentId, session, { groupId: theirs!.id, kind: "claim", replyToId: null, body: `Post ${n}`, sentenceIds: [] }, n * 60_000);
          statuses.push(result.status);
        }
        return statuses;
      }),
    );
    expect(results.flat()).toEqual(Array(6).fill("posted"));
    const posts = await listPosts(t.db, session, { includeHidden: true });
    expect(posts.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const votes = await Promise.all(posts.map((p) => castVote(t.db, voter, session, p.id, true)));
    expect(votes.filter((v) => v.status === "voted")).toHaveLength(DEBATE_LIMITS.votes);
    expect(votes.filter((v) => v.status === "no-votes-left")).toHaveLength(posts.length - DEBATE_LIMITS.votes);
    expect(await myVotes(t.db, voter, session)).toHaveLength(DEBATE_LIMITS.votes);
  });
});
