import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { DEBATE_LIMITS } from "@/lib/debate/rules";
import { transcriptJson, transcriptRows } from "@/lib/debate/transcript";
import { excerptTexts } from "@/lib/debate/excerpts";
import { excerptHeading } from "@/lib/content/display";
import { debatePosts, debateVotes, users } from "../schema";
import { authorKeys } from "@/lib/debate/author-key";
import { makeUser, openTestDatabase } from "../test-support";
import { createAssignment } from "./assignments";
import { createClass, joinClassByCode } from "./classes";
import { castVote, changeTimer, createPost, hiddenPostIds, listPosts, moveToGroup, myVotes, setAnonymous, setPostHidden, type NewPost } from "./debate-posts";
import { debateResults, debateSnapshot, debateTranscript } from "./debate-view";
import { advanceDebate, eventsSince, formDebateGroups, getDebateForInstructor, joinDebate, listGroups, recordPoll, startDebate } from "./debates";

const t = openTestDatabase();
afterAll(() => t.close());
const lesson = loadLessons().lessons[0] as Lesson;
const excerpt = lesson.excerpts[1]!;
const owner = makeUser(t.db, "instructor");
const otherTeacher = makeUser(t.db, "instructor");
const cls = createClass(t.db, owner.id, "Debates");
const assignmentId = createAssignment(t.db, owner.id, { classId: cls.id, lesson, dueAt: null })!.id;
const students = [0, 1, 2, 3].map(() => makeUser(t.db, "student"));
for (const s of students) joinClassByCode(t.db, s.id, cls.joinCode);
const outsider = makeUser(t.db, "student");
const otherClass = createClass(t.db, otherTeacher.id, "Elsewhere");
joinClassByCode(t.db, outsider.id, otherClass.joinCode);
const bystander = makeUser(t.db, "student");
joinClassByCode(t.db, bystander.id, cls.joinCode);

const started = startDebate(t.db, owner.id, assignmentId, lesson.debates[0]!.id);
if (started.status !== "started") throw new Error("not started");
const id = started.session.id;
for (const [i, s] of students.entries()) {
  joinDebate(t.db, s.id, id);
  recordPoll(t.db, s.id, id, "pre", i < 2 ? 5 : 1, 3);
}
formDebateGroups(t.db, owner.id, id, { groups: 2, mode: "mixed", opposite: false });
const groups = listGroups(t.db, id);
const groupOf = (studentId: number) => groups.find((g) => g.members.some((m) => m.studentId === studentId))!;
const [forA, forB] = groups.find((g) => g.side === "for")!.members.map((m) => m.studentId) as [number, number];
const [againstA, againstB] = groups.find((g) => g.side === "against")!.members.map((m) => m.studentId) as [number, number];
const postCount = () => t.db.select().from(debatePosts).all().length;

let clock = 1_000_000_000_000;
const post = (studentId: number, input: Partial<NewPost> = {}, now = (clock += 10_000)) =>
  createPost(t.db, studentId, id, { groupId: groupOf(studentId).id, kind: "claim", replyToId: null, body: "The text says so.", sentenceIds: [], ...input }, now);

describe("posting in a live debate", () => {
  it("is refused outside an open round, nothing stored", () => {
    expect(post(forA)).toEqual({ status: "closed" });
    expect(postCount()).toBe(0);
    advanceDebate(t.db, owner.id, id, 5, clock);
  });

  it("stores a claim with its cited sentences grouped by excerpt and logs a post event", () => {
    const picked = [excerpt.sentences[2]!.id, excerpt.sentences[0]!.id];
    const result = post(forA, { body: "  Hanoi failed because both sides wanted everything.  ", sentenceIds: picked });
    if (result.status !== "posted") throw new Error(result.status);
    expect(result.post).toMatchObject({ number: 1, side: "for", kind: "claim", phase: "opening", body: "Hanoi failed because both sides wanted everything." });
    expect(result.post.citations).toEqual([{ excerptId: excerpt.id, sentenceIds: [excerpt.sentences[0]!.id, excerpt.sentences[2]!.id] }]);
    expect(eventsSince(t.db, id, result.event.id - 1)).toEqual([{ id: result.event.id, type: "post", data: { post: result.post } }]);
  });

  it("refuses, with nothing stored: outsiders, non-joined classmates, the wrong group, empty, overlong, bad citations, bad replies", () => {
    const before = postCount();
    expect(createPost(t.db, outsider.id, id, { groupId: groups[0]!.id, kind: "claim", replyToId: null, body: "hi", sentenceIds: [] })).toEqual({ status: "not-joined" });
    expect(createPost(t.db, bystander.id, id, { groupId: groups[0]!.id, kind: "claim", replyToId: null, body: "hi", sentenceIds: [] })).toEqual({ status: "not-joined" });
    expect(post(forB, { groupId: groupOf(againstA).id })).toEqual({ status: "wrong-group", groupName: groupOf(forB).name });
    expect(post(forB, { body: "   " })).toEqual({ status: "empty" });
    expect(post(forB, { body: "x".repeat(DEBATE_LIMITS.bodyMax + 1) })).toEqual({ status: "too-long" });
    expect(post(forB, { sentenceIds: ["no-such-sentence"] })).toEqual({ status: "bad-citation" });
    expect(post(forB, { sentenceIds: excerpt.sentences.slice(0, DEBATE_LIMITS.citationsMax + 1).map((s) => s.id) })).toEqual({ status: "too-many-citations" });
    const first = listPosts(t.db, id, { includeHidden: true })[0]!;
    expect(post(forB, { kind: "rebuttal" })).toEqual({ status: "needs-reply" });
    expect(post(forB, { kind: "rebuttal", replyToId: first.id })).toEqual({ status: "own-side-reply" });
    expect(post(forB, { kind: "rebuttal", replyToId: 999_999 })).toEqual({ status: "bad-reply" });
    expect(postCount()).toBe(before);
  });

  it("accepts a rebuttal to the other side and a question, and limits bursts", () => {
    const first = listPosts(t.db, id, { includeHidden: true })[0]!;
    advanceDebate(t.db, owner.id, id, null, clock);
    const rebuttal = post(againstA, { kind: "rebuttal", replyToId: first.id, sentenceIds: [excerpt.sentences[1]!.id] });
    expect(rebuttal).toMatchObject({ status: "posted", post: { number: 2, kind: "rebuttal", side: "against", phase: "rebuttal", replyToId: first.id } });
    const now = (clock += 60_000);
    expect(post(againstB, { kind: "question", replyToId: first.id }, now)).toMatchObject({ status: "posted" });
    expect(post(againstB, {}, now + 1_000)).toEqual({ status: "rate-limited", waitSeconds: 2 });
    expect(post(againstB, {}, now + 3_000)).toMatchObject({ status: "posted" });
  });
});

describe("votes and moderation", () => {
  it("allows a few votes for other groups' visible posts only", () => {
    const posts = listPosts(t.db, id, { includeHidden: true });
    const forPost = posts.find((p) => p.side === "for")!;
    const againstPosts = posts.filter((p) => p.side === "against");
    expect(castVote(t.db, forB, id, forPost.id, true)).toEqual({ status: "own-group" });
    expect(castVote(t.db, outsider.id, id, againstPosts[0]!.id, true)).toEqual({ status: "not-joined" });
    expect(castVote(t.db, forB, id, 999_999, true)).toEqual({ status: "not-found" });
    for (const p of againstPosts) expect(castVote(t.db, forB, id, p.id, true)).toMatchObject({ status: "voted" });
    expect(castVote(t.db, forB, id, againstPosts[0]!.id, true)).toEqual({ status: "already-voted" });
    const fourth = post(againstA);
    if (fourth.status !== "posted") throw new Error(fourth.status);
    expect(castVote(t.db, forB, id, fourth.post.id, true)).toEqual({ status: "no-votes-left" });
    expect(castVote(t.db, forB, id, againstPosts[0]!.id, false)).toMatchObject({ status: "unvoted", votesLeft: 1 });
    expect(castVote(t.db, forB, id, fourth.post.id, true)).toMatchObject({ status: "voted", votesLeft: 0 });
    expect(castVote(t.db, againstA, id, forPost.id, true)).toMatchObject({ status: "voted", event: { type: "vote", data: { postId: forPost.id, votes: 1 } } });
    expect(t.db.select().from(debateVotes).where(eq(debateVotes.voterId, forB)).all()).toHaveLength(3);
  });

  it("hides a post from students (snapshot and replay) while keeping it for the instructor and the record", () => {
    const target = listPosts(t.db, id, { includeHidden: false }).find((p) => p.side === "against")!;
    expect(setPostHidden(t.db, otherTeacher.id, id, target.id, true)).toBeUndefined();
    expect(hiddenPostIds(t.db, id).size).toBe(0);
    const event = setPostHidden(t.db, owner.id, id, target.id, true);
    expect(event).toMatchObject({ type: "hide", data: { postId: target.id } });
    expect(setPostHidden(t.db, owner.id, id, target.id, true)).toBeUndefined();
    expect(hiddenPostIds(t.db, id)).toEqual(new Set([target.id]));
    const session = getDebateForInstructor(t.db, owner.id, id)!;
    expect(debateSnapshot(t.db, session, { kind: "student", studentId: forA }).snapshot.posts.map((p) => p.id)).not.toContain(target.id);
    expect(debateSnapshot(t.db, session, { kind: "instructor" }).snapshot.posts.find((p) => p.id === target.id)).toMatchObject({ hidden: true });
    // Neither a rebuttal nor a vote can reach a hidden post.
    expect(post(forA, { kind: "rebuttal", replyToId: target.id })).toEqual({ status: "bad-reply" });
    expect(castVote(t.db, forA, id, target.id, true)).toEqual({ status: "not-found" });
  });

  it("switches names to aliases for students only; the instructor sees both", () => {
    expect(setAnonymous(t.db, otherTeacher.id, id, true)).toBeUndefined();
    expect(setAnonymous(t.db, owner.id, id, true)).toMatchObject({ type: "aliases" });
    const session = getDebateForInstructor(t.db, owner.id, id)!;
    const studentLabels = Object.values(debateSnapshot(t.db, session, { kind: "student", studentId: forA }).snapshot.labels);
    expect(studentLabels.every((l) => !/student/i.test(l))).toBe(true);
    expect(Object.values(debateSnapshot(t.db, session, { kind: "instructor" }).snapshot.labels)[0]).toMatch(/^\w+ \w+ \(student\d+\)$/);
  });

  it("gives no browser a user id: posts and labels use the session's opaque author keys, different in every session", () => {
    const session = getDebateForInstructor(t.db, owner.id, id)!;
    const { snapshot } = debateSnapshot(t.db, session, { kind: "student", studentId: forA });
    const json = JSON.stringify(snapshot);
    expect(json).not.toMatch(/"(authorId|studentId|userId|voterId)"/);
    expect(snapshot.posts.length).toBeGreaterThan(0);
    // Every author key has a label, and nothing in the snapshot is another student's id or name.
    for (const p of snapshot.posts) expect(snapshot.labels[p.author]).toBeTruthy();
    const others = t.db.select().from(users).all().filter((u) => students.some((s) => s.id === u.id) && u.id !== forA);
    for (const u of others) {
      expect(json).not.toContain(u.displayName);
      expect(json).not.toContain(u.username);
      expect(Object.keys(snapshot.labels)).not.toContain(String(u.id));
      expect(snapshot.posts.map((p) => p.author)).not.toContain(u.id);
    }
    // The student's own key tells their own posts; the instructor's screens use the same keys.
    const mine = snapshot.posts.filter((p) => p.author === snapshot.me!.key);
    expect(mine.length).toBe(listPosts(t.db, id, { includeHidden: false }).filter((p) => p.authorId === forA).length);
    expect(Object.keys(debateSnapshot(t.db, session, { kind: "instructor" }).snapshot.labels).sort()).toEqual(Object.keys(snapshot.labels).sort());
    // Another session of the same class keys the same students differently.
    expect(authorKeys(id + 1)(forA)).not.toBe(snapshot.me!.key);
    const results = debateResults(t.db, session, { kind: "student", studentId: forA });
    expect(JSON.stringify(results.top)).not.toMatch(/"authorId"/);
  });

  it("lets only the instructor move students, run the timer and change rounds or groups", () => {
    for (const who of [forA, otherTeacher.id]) {
      expect(advanceDebate(t.db, who, id)).toEqual({ status: "not-found" });
      expect(formDebateGroups(t.db, who, id, { groups: 2, mode: "random", opposite: false })).toEqual({ status: "not-found" });
      expect(moveToGroup(t.db, who, id, forA, groupOf(againstA).id)).toEqual({ status: "not-found" });
      expect(setPostHidden(t.db, who, id, listPosts(t.db, id, { includeHidden: true })[0]!.id, true)).toBeUndefined();
    }
    expect(moveToGroup(t.db, otherTeacher.id, id, forA, groupOf(againstA).id)).toEqual({ status: "not-found" });
    expect(changeTimer(t.db, otherTeacher.id, id, { kind: "pause" })).toEqual({ status: "not-found" });
    expect(changeTimer(t.db, owner.id, id, { kind: "extend", minutes: 1 })).toEqual({ status: "no-change" });
    expect(changeTimer(t.db, owner.id, id, { kind: "set", minutes: 2 }, clock)).toMatchObject({ status: "changed", event: { type: "timer", data: { timer: { status: "running", endsAt: clock + 120_000 } } } });
    expect(changeTimer(t.db, owner.id, id, { kind: "extend", minutes: 1 }, clock)).toMatchObject({ event: { data: { timer: { endsAt: clock + 180_000 } } } });
  });
});

describe("results and transcript", () => {
  it("computes the shift, participation, top arguments and heat map, and exports every post", () => {
    advanceDebate(t.db, owner.id, id); // closing
    advanceDebate(t.db, owner.id, id); // post-poll
    expect(post(forA)).toEqual({ status: "closed" });
    recordPoll(t.db, forA, id, "post", 4, 4);
    recordPoll(t.db, againstA, id, "post", 3, 2);
    const session = getDebateForInstructor(t.db, owner.id, id)!;
    const results = debateResults(t.db, session, { kind: "instructor" });
    expect(results.shift.n).toBe(2);
    expect(results.shift.changedMind).toBe(2);
    const forARow = results.participation.find((p) => p.studentId === forA)!;
    expect(forARow).toMatchObject({ posts: 1, rebuttals: 0, citations: 2, votes: 0, after: 4 });
    expect(results.participation.find((p) => p.studentId === forB)).toMatchObject({ posts: 0, votes: 3 });
    expect(results.top.for.map((p) => p.votes)).toEqual([1]);
    expect(results.heat.counts.get(excerpt.sentences[0]!.id)).toEqual({ for: 1, against: 0 });

    const transcript = debateTranscript(t.db, session);
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
  it("gives back a vote whose post was hidden, refuses votes for one's own post after a move, and shows hidden posts again with their content", () => {
    expect(advanceDebate(t.db, owner.id, id)).toMatchObject({ phase: "ended" });
    const second = startDebate(t.db, owner.id, assignmentId, lesson.debates[1]!.id);
    if (second.status !== "started") throw new Error(second.status);
    const sid = second.session.id;
    for (const s of students) joinDebate(t.db, s.id, sid);
    formDebateGroups(t.db, owner.id, sid, { groups: 2, mode: "random", opposite: false });
    advanceDebate(t.db, owner.id, sid);
    const g = listGroups(t.db, sid);
    const [a, b] = g[0]!.members.map((m) => m.studentId) as [number, number];
    const [c] = g[1]!.members.map((m) => m.studentId) as [number];
    const say = (who: number, group: number, at: number) => {
      const r = createPost(t.db, who, sid, { groupId: group, kind: "claim", replyToId: null, body: `Post by ${who}`, sentenceIds: [] }, at);
      if (r.status !== "posted") throw new Error(r.status);
      return r.post;
    };
    const cPosts = [say(c, g[1]!.id, 1), say(c, g[1]!.id, 10_000), say(c, g[1]!.id, 20_000), say(c, g[1]!.id, 30_000)];
    for (const p of cPosts.slice(0, 3)) expect(castVote(t.db, a, sid, p.id, true).status).toBe("voted");
    expect(castVote(t.db, a, sid, cPosts[3]!.id, true)).toEqual({ status: "no-votes-left" });
    setPostHidden(t.db, owner.id, sid, cPosts[0]!.id, true);
    expect(castVote(t.db, a, sid, cPosts[3]!.id, true)).toMatchObject({ status: "voted", votesLeft: 0 });
    const shown = setPostHidden(t.db, owner.id, sid, cPosts[0]!.id, false);
    // Shown again, the post starts from no votes: the returned one stays returned, so no one is over the limit.
    expect(shown).toMatchObject({ type: "unhide", data: { postId: cPosts[0]!.id, post: { id: cPosts[0]!.id, body: `Post by ${c}`, hidden: false, votes: 0 } } });
    expect(myVotes(t.db, a, sid).sort()).toEqual([cPosts[1]!.id, cPosts[2]!.id, cPosts[3]!.id].sort());
    expect(castVote(t.db, a, sid, cPosts[0]!.id, true)).toEqual({ status: "no-votes-left" });
    expect(castVote(t.db, a, sid, cPosts[3]!.id, false)).toMatchObject({ status: "unvoted", votesLeft: 1 });
    expect(castVote(t.db, a, sid, cPosts[0]!.id, true)).toMatchObject({ status: "voted", votesLeft: 0, event: { data: { votes: 1 } } });
    expect(t.db.select().from(debateVotes).where(eq(debateVotes.postId, cPosts[0]!.id)).all()).toMatchObject([{ voterId: a, returnedAt: null }]);

    // b votes for one of c's posts, then is moved into c's group: the vote can still be taken back.
    expect(castVote(t.db, b, sid, cPosts[1]!.id, true).status).toBe("voted");
    const bPost = say(b, g[0]!.id, 40_000);
    expect(moveToGroup(t.db, owner.id, sid, b, g[1]!.id).status).toBe("moved");
    // a is now alone in the first group, which must not be emptied.
    expect(moveToGroup(t.db, owner.id, sid, a, g[1]!.id)).toEqual({ status: "would-empty" });
    expect(castVote(t.db, b, sid, bPost.id, true)).toEqual({ status: "own-group" });
    expect(castVote(t.db, b, sid, cPosts[0]!.id, true)).toEqual({ status: "own-group" });
    expect(castVote(t.db, b, sid, cPosts[1]!.id, false)).toMatchObject({ status: "unvoted" });
    // A page from before the move posts for the old group: refused, naming the new one.
    expect(createPost(t.db, b, sid, { groupId: g[0]!.id, kind: "claim", replyToId: null, body: "x", sentenceIds: [] }, 50_000)).toEqual({ status: "wrong-group", groupName: g[1]!.name });
  });
});

describe("when a round's time is up", () => {
  it("refuses posts by the server's clock, storing nothing, until the instructor adds time or stops the timer", () => {
    const teacher = makeUser(t.db, "instructor");
    const room = createClass(t.db, teacher.id, "Timed");
    const assignment = createAssignment(t.db, teacher.id, { classId: room.id, lesson, dueAt: null })!.id;
    const pair = [makeUser(t.db, "student"), makeUser(t.db, "student")];
    for (const s of pair) joinClassByCode(t.db, s.id, room.joinCode);
    const begun = startDebate(t.db, teacher.id, assignment, lesson.debates[0]!.id);
    if (begun.status !== "started") throw new Error("not started");
    const session = begun.session.id;
    for (const s of pair) joinDebate(t.db, s.id, session);
    formDebateGroups(t.db, teacher.id, session, { groups: 2, mode: "random", opposite: false });
    const start = 2_000_000_000_000;
    advanceDebate(t.db, teacher.id, session, 1, start);
    const [ana] = pair;
    const group = listGroups(t.db, session).find((g) => g.members.some((m) => m.studentId === ana!.id))!.id;
    const say = (now: number) => createPost(t.db, ana!.id, session, { groupId: group, kind: "claim", replyToId: null, body: "In time?", sentenceIds: [] }, now);
    const stored = () => listPosts(t.db, session, { includeHidden: true }).length;

    expect(say(start + 59_000).status).toBe("posted");
    expect(say(start + 60_000)).toEqual({ status: "time-up" });
    expect(say(start + 300_000)).toEqual({ status: "time-up" });
    expect(stored()).toBe(1);
    // +1 minute, given after the time ran out, is a minute from then.
    expect(changeTimer(t.db, teacher.id, session, { kind: "extend", minutes: 1 }, start + 300_000).status).toBe("changed");
    expect(say(start + 310_000).status).toBe("posted");
    expect(say(start + 360_000)).toEqual({ status: "time-up" });
    // Stopping the timer reopens posting with no limit.
    expect(changeTimer(t.db, teacher.id, session, { kind: "clear" }, start + 400_000).status).toBe("changed");
    expect(say(start + 9_000_000).status).toBe("posted");
    expect(stored()).toBe(3);
  });
});
