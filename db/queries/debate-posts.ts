import { and, asc, count, desc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../database";
import { checkPostRate, DEBATE_LIMITS, isRound, postingState, type PostKind } from "@/lib/debate/rules";
import { applyTimerChange, timerView, type TimerChange } from "@/lib/debate/timer";
import { lessonIndexFor } from "./attempts";
import { appendEvent, getDebateForInstructor, getDebateForStudent, lockSession, type DebateEventOut } from "./debates";

/*
 * Posts, votes, moderation and timers of a live debate. Each function checks who is asking against the
 * data (the class's instructor, or a student in the session and in the right group), refuses with a
 * status that names the rule, and appends one event per change in the same transaction.
 */

export type Citation = { excerptId: string; sentenceIds: string[] };

export type PostView = {
  id: number;
  number: number;
  authorId: number;
  groupId: number;
  side: "for" | "against";
  kind: PostKind;
  replyToId: number | null;
  body: string;
  citations: Citation[];
  phase: "opening" | "rebuttal" | "closing";
  createdAt: number;
  hidden: boolean;
  votes: number;
};

function postColumns({ debatePosts, debateVotes }: Database["t"]) {
  return {
    id: debatePosts.id,
    number: debatePosts.number,
    authorId: debatePosts.authorId,
    groupId: debatePosts.groupId,
    side: debatePosts.side,
    kind: debatePosts.kind,
    replyToId: debatePosts.replyToId,
    body: debatePosts.body,
    citations: debatePosts.citations,
    phase: debatePosts.phase,
    createdAt: debatePosts.createdAt,
    hiddenAt: debatePosts.hiddenAt,
    votes: sql<number>`(select count(*) from ${debateVotes} v where v.post_id = ${debatePosts.id} and v.returned_at is null)`.mapWith(Number),
  };
}

/** The session's posts in order; students never receive hidden ones. */
export async function listPosts(db: Database, sessionId: number, options: { includeHidden: boolean }): Promise<PostView[]> {
  const { debatePosts } = db.t;
  const rows = await db.all(
    db.q
      .select(postColumns(db.t))
      .from(debatePosts)
      .where(and(eq(debatePosts.sessionId, sessionId), options.includeHidden ? undefined : isNull(debatePosts.hiddenAt)))
      .orderBy(asc(debatePosts.number)),
  );
  return rows.map(({ hiddenAt, ...p }) => ({ ...p, hidden: hiddenAt !== null }));
}

async function postView(db: Database, postId: number): Promise<PostView | undefined> {
  const { debatePosts } = db.t;
  const row = await db.get(db.q.select(postColumns(db.t)).from(debatePosts).where(eq(debatePosts.id, postId)));
  if (!row) return undefined;
  const { hiddenAt, ...p } = row;
  return { ...p, hidden: hiddenAt !== null };
}

export async function hiddenPostIds(db: Database, sessionId: number): Promise<Set<number>> {
  const { debatePosts } = db.t;
  const rows = await db.all(
    db.q
      .select({ id: debatePosts.id })
      .from(debatePosts)
      .where(and(eq(debatePosts.sessionId, sessionId), isNotNull(debatePosts.hiddenAt))),
  );
  return new Set(rows.map((r) => r.id));
}

/** The student's group in the session, if they joined and were placed. */
function membership(db: Database, sessionId: number, studentId: number) {
  const { debateGroups, debateParticipants } = db.t;
  return db.get(
    db.q
      .select({ groupId: debateParticipants.groupId, side: debateGroups.side })
      .from(debateParticipants)
      .leftJoin(debateGroups, eq(debateGroups.id, debateParticipants.groupId))
      .where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.studentId, studentId))),
  );
}

/** `clientId`: the form's id for this post, so that the same form sent twice (a retry after a lost answer) posts once. */
export type NewPost = { groupId: number; kind: PostKind; replyToId: number | null; body: string; sentenceIds: string[]; clientId?: string | null };

export type PostResult =
  | { status: "posted"; post: PostView; event: DebateEventOut }
  /** This form's post was stored already (the first send's answer was lost): nothing new to announce. */
  | { status: "already-posted"; number: number }
  | { status: "not-joined" | "no-group" | "closed" | "time-up" | "empty" | "too-long" | "too-many-citations" | "bad-citation" | "needs-reply" | "bad-reply" | "own-side-reply" }
  | { status: "wrong-group"; groupName: string }
  | { status: "rate-limited"; waitSeconds: number };

/**
 * A student posts in their group's name during an open round. `groupId` is the group the student's page
 * showed: if the instructor has moved them since, the post is refused rather than argued for the wrong side.
 */
export function createPost(db: Database, studentId: number, sessionId: number, input: NewPost, now = Date.now()): Promise<PostResult> {
  return db.transaction(async (tx): Promise<PostResult> => {
    const { debateGroups, debatePosts } = tx.t;
    // The session's row lock first (see lockSession): the post's number (one more than the session's posts),
    // the author's burst limit and the round it is posted in are read after every earlier change committed.
    await lockSession(tx, sessionId);
    const session = await getDebateForStudent(tx, studentId, sessionId);
    const member = session && (await membership(tx, sessionId, studentId));
    if (!session || !member) return { status: "not-joined" };
    // Before the round's rules: a retry after the round closed still finds the post it sent in time.
    if (input.clientId) {
      const sent = await tx.get(
        tx.q
          .select({ number: debatePosts.number })
          .from(debatePosts)
          .where(and(eq(debatePosts.sessionId, sessionId), eq(debatePosts.authorId, studentId), eq(debatePosts.clientId, input.clientId))),
      );
      if (sent) return { status: "already-posted", number: sent.number };
    }
    if (!member.groupId || !member.side) return { status: "no-group" };
    if (member.groupId !== input.groupId) {
      const group = await tx.get(tx.q.select({ name: debateGroups.name }).from(debateGroups).where(eq(debateGroups.id, member.groupId)));
      return { status: "wrong-group", groupName: group?.name ?? "" };
    }
    if (!isRound(session.phase)) return { status: "closed" };
    // The server's clock decides, not the student's: when the round's time is up, the post is not stored.
    if (postingState(session.phase, timerView(session), now) === "time-up") return { status: "time-up" };
    const body = input.body.trim();
    if (!body) return { status: "empty" };
    if (body.length > DEBATE_LIMITS.bodyMax) return { status: "too-long" };
    const sentenceIds = [...new Set(input.sentenceIds)];
    if (sentenceIds.length > DEBATE_LIMITS.citationsMax) return { status: "too-many-citations" };
    const lesson = (await lessonIndexFor(tx, session.assignmentId))!.lesson;
    const citations: Citation[] = lesson.excerpts
      .map((x) => ({ excerptId: x.id, sentenceIds: x.sentences.filter((s) => sentenceIds.includes(s.id)).map((s) => s.id) }))
      .filter((c) => c.sentenceIds.length > 0);
    if (citations.reduce((n, c) => n + c.sentenceIds.length, 0) !== sentenceIds.length) return { status: "bad-citation" };
    if (input.kind === "rebuttal" && input.replyToId === null) return { status: "needs-reply" };
    if (input.replyToId !== null) {
      const target = await tx.get(
        tx.q
          .select({ side: debatePosts.side, hiddenAt: debatePosts.hiddenAt })
          .from(debatePosts)
          .where(and(eq(debatePosts.id, input.replyToId), eq(debatePosts.sessionId, sessionId))),
      );
      if (!target || target.hiddenAt !== null) return { status: "bad-reply" };
      if (input.kind === "rebuttal" && target.side === member.side) return { status: "own-side-reply" };
    }
    const recent = await tx.all(
      tx.q
        .select({ at: debatePosts.createdAt })
        .from(debatePosts)
        .where(and(eq(debatePosts.sessionId, sessionId), eq(debatePosts.authorId, studentId), gt(debatePosts.createdAt, now - DEBATE_LIMITS.burstWindowMs)))
        .orderBy(desc(debatePosts.createdAt))
        .limit(DEBATE_LIMITS.burstCount),
    );
    const rate = checkPostRate(
      recent.map((r) => r.at),
      now,
    );
    if (!rate.ok) return { status: "rate-limited", waitSeconds: rate.waitSeconds };
    const number = ((await tx.get(tx.q.select({ n: count() }).from(debatePosts).where(eq(debatePosts.sessionId, sessionId))))?.n ?? 0) + 1;
    const row = (await tx.get(
      tx.q
        .insert(debatePosts)
        .values({
          sessionId,
          number,
          authorId: studentId,
          groupId: member.groupId,
          side: member.side,
          kind: input.kind,
          replyToId: input.replyToId,
          body,
          citations,
          phase: session.phase,
          clientId: input.clientId ?? null,
          createdAt: now,
        })
        .returning(),
    ))!;
    const post: PostView = {
      id: row.id,
      number: row.number,
      authorId: row.authorId,
      groupId: row.groupId,
      side: row.side,
      kind: row.kind,
      replyToId: row.replyToId,
      body: row.body,
      citations: row.citations,
      phase: row.phase,
      createdAt: row.createdAt,
      hidden: false,
      votes: 0,
    };
    return { status: "posted", post, event: await appendEvent(tx, sessionId, "post", { post }) };
  });
}

/** The posts a student's votes count for (a vote for a post that was hidden was returned to them). */
export async function myVotes(db: Database, studentId: number, sessionId: number): Promise<number[]> {
  const { debateVotes } = db.t;
  const rows = await db.all(
    db.q
      .select({ postId: debateVotes.postId })
      .from(debateVotes)
      .where(and(eq(debateVotes.sessionId, sessionId), eq(debateVotes.voterId, studentId), isNull(debateVotes.returnedAt)))
      .orderBy(asc(debateVotes.postId)),
  );
  return rows.map((v) => v.postId);
}

export type VoteResult =
  | { status: "voted" | "unvoted"; votesLeft: number; event: DebateEventOut }
  | { status: "not-joined" | "closed" | "not-found" | "own-group" | "no-votes-left" | "already-voted" | "not-voted" };

const VOTING_PHASES = new Set(["opening", "rebuttal", "closing", "postpoll"]);

/** A student gives (or takes back) one of their votes to a visible post of another group. */
export function castVote(db: Database, studentId: number, sessionId: number, postId: number, give: boolean): Promise<VoteResult> {
  return db.transaction(async (tx): Promise<VoteResult> => {
    const { debatePosts, debateVotes } = tx.t;
    // The vote limit is a read (the votes the student has) then a write: the session's row is locked first
    // (lockSession, a row lock on PostgreSQL), so two votes of one student at once take turns and the second
    // counts the first. A hide of the post takes the same lock, so a vote comes before or after it, never inside.
    await lockSession(tx, sessionId);
    const session = await getDebateForStudent(tx, studentId, sessionId);
    const member = session && (await membership(tx, sessionId, studentId));
    if (!session || !member) return { status: "not-joined" };
    if (!VOTING_PHASES.has(session.phase)) return { status: "closed" };
    const post = await tx.get(
      tx.q
        .select({ groupId: debatePosts.groupId, authorId: debatePosts.authorId, hiddenAt: debatePosts.hiddenAt })
        .from(debatePosts)
        .where(and(eq(debatePosts.id, postId), eq(debatePosts.sessionId, sessionId))),
    );
    if (!post || post.hiddenAt !== null) return { status: "not-found" };
    const mine = await myVotes(tx, studentId, sessionId);
    if (give) {
      // Not their own posts, nor their group's, even from a group they were moved out of.
      if (post.groupId === member.groupId || post.authorId === studentId) return { status: "own-group" };
      if (mine.includes(postId)) return { status: "already-voted" };
      if (mine.length >= DEBATE_LIMITS.votes) return { status: "no-votes-left" };
      // A vote returned when the post was hidden is given again.
      await tx.run(
        tx.q
          .insert(debateVotes)
          .values({ sessionId, postId, voterId: studentId })
          .onConflictDoUpdate({ target: [debateVotes.postId, debateVotes.voterId], set: { returnedAt: null, createdAt: Date.now() } }),
      );
    } else {
      // Taking a vote back is always allowed (also after a move into the post's group).
      if (!mine.includes(postId)) return { status: "not-voted" };
      await tx.run(tx.q.delete(debateVotes).where(and(eq(debateVotes.postId, postId), eq(debateVotes.voterId, studentId))));
    }
    const votes = (await tx.get(tx.q.select({ n: count() }).from(debateVotes).where(and(eq(debateVotes.postId, postId), isNull(debateVotes.returnedAt)))))?.n ?? 0;
    return {
      status: give ? "voted" : "unvoted",
      votesLeft: Math.max(0, DEBATE_LIMITS.votes - mine.length + (give ? -1 : 1)),
      event: await appendEvent(tx, sessionId, "vote", { postId, votes }),
    };
  });
}

/** The instructor hides a post (students stop seeing it, live) or shows it again. Hidden posts stay in the record. */
export function setPostHidden(db: Database, instructorId: number, sessionId: number, postId: number, hidden: boolean): Promise<DebateEventOut | undefined> {
  return db.transaction(async (tx) => {
    const { debatePosts, debateVotes } = tx.t;
    // The session's row lock first (see lockSession): a vote for the post is given before the hide returns it, or refused after.
    await lockSession(tx, sessionId);
    if (!(await getDebateForInstructor(tx, instructorId, sessionId))) return undefined;
    // A conditional update: of two hides (or shows) at once, only the one that changes the post goes on.
    const changed = await tx.run(
      tx.q
        .update(debatePosts)
        .set(hidden ? { hiddenAt: Date.now(), hiddenBy: instructorId } : { hiddenAt: null, hiddenBy: null })
        .where(and(eq(debatePosts.id, postId), eq(debatePosts.sessionId, sessionId), hidden ? isNull(debatePosts.hiddenAt) : isNotNull(debatePosts.hiddenAt))),
    );
    if (!changed) return undefined;
    // Hidden: its votes go back to the voters (they stay on record). Shown again, it starts from none.
    if (hidden)
      await tx.run(
        tx.q
          .update(debateVotes)
          .set({ returnedAt: Date.now() })
          .where(and(eq(debateVotes.postId, postId), isNull(debateVotes.returnedAt))),
      );
    // Shown again: the post travels with the event, for the screens that had dropped it.
    const post = hidden ? undefined : await postView(tx, postId);
    return appendEvent(tx, sessionId, hidden ? "hide" : "unhide", { postId, ...(post && { post }) });
  });
}

/** Switches the session's names to anonymous aliases (or back) for the students' pages. */
export function setAnonymous(db: Database, instructorId: number, sessionId: number, anonymous: boolean): Promise<DebateEventOut | undefined> {
  return db.transaction(async (tx) => {
    const { debateSessions } = tx.t;
    const session = await getDebateForInstructor(tx, instructorId, sessionId);
    if (!session || session.phase === "ended" || session.anonymous === anonymous) return undefined;
    // A conditional update: of two switches at once, only the one that changes the setting announces it.
    const changed = await tx.run(
      tx.q
        .update(debateSessions)
        .set({ anonymous })
        .where(and(eq(debateSessions.id, sessionId), eq(debateSessions.anonymous, !anonymous))),
    );
    if (!changed) return undefined;
    return appendEvent(tx, sessionId, "aliases", { anonymous });
  });
}

export type TimerResult = { status: "changed"; event: DebateEventOut } | { status: "not-found" | "ended" | "no-change" };

/** Sets, pauses, resumes, extends or clears the current round's timer. */
export function changeTimer(db: Database, instructorId: number, sessionId: number, change: TimerChange, now = Date.now()): Promise<TimerResult> {
  return db.transaction(async (tx): Promise<TimerResult> => {
    const { debateSessions } = tx.t;
    // The session's row lock first (see lockSession): the change applies to the timer as the last change left it.
    await lockSession(tx, sessionId);
    const session = await getDebateForInstructor(tx, instructorId, sessionId);
    if (!session) return { status: "not-found" };
    if (session.phase === "ended") return { status: "ended" };
    const next = applyTimerChange(session, change, now);
    if (!next) return { status: "no-change" };
    await tx.run(tx.q.update(debateSessions).set(next).where(eq(debateSessions.id, sessionId)));
    return { status: "changed", event: await appendEvent(tx, sessionId, "timer", { timer: timerView(next), change: change.kind }) };
  });
}

export type MoveResult = { status: "moved"; event: DebateEventOut } | { status: "not-found" | "ended" | "same-group" | "would-empty" };

/** The instructor moves a student into another group of the session (by hand, at any point before the end). */
export function moveToGroup(db: Database, instructorId: number, sessionId: number, studentId: number, groupId: number): Promise<MoveResult> {
  return db.transaction(async (tx): Promise<MoveResult> => {
    const { debateGroups, debateParticipants } = tx.t;
    // The session's row lock first (see lockSession): two moves at once cannot both take the last member of a group.
    await lockSession(tx, sessionId);
    const session = await getDebateForInstructor(tx, instructorId, sessionId);
    if (!session) return { status: "not-found" };
    if (session.phase === "ended") return { status: "ended" };
    const group = await tx.get(
      tx.q
        .select({ id: debateGroups.id })
        .from(debateGroups)
        .where(and(eq(debateGroups.id, groupId), eq(debateGroups.sessionId, sessionId))),
    );
    const member = await membership(tx, sessionId, studentId);
    if (!group || !member) return { status: "not-found" };
    if (member.groupId === groupId) return { status: "same-group" };
    // A group with no one in it leaves its side unargued, and nobody to vote for or rebut.
    if (member.groupId !== null) {
      const left = await tx.get(
        tx.q
          .select({ n: count() })
          .from(debateParticipants)
          .where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.groupId, member.groupId))),
      );
      if ((left?.n ?? 0) <= 1) return { status: "would-empty" };
    }
    await tx.run(
      tx.q
        .update(debateParticipants)
        .set({ groupId })
        .where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.studentId, studentId))),
    );
    return { status: "moved", event: await appendEvent(tx, sessionId, "groups", { moved: studentId }) };
  });
}

/** Votes cast per student in the session (for participation). */
export async function votesByVoter(db: Database, sessionId: number): Promise<{ voterId: number }[]> {
  const { debateVotes } = db.t;
  return db.all(
    db.q
      .select({ voterId: debateVotes.voterId })
      .from(debateVotes)
      .where(and(eq(debateVotes.sessionId, sessionId), isNull(debateVotes.returnedAt))),
  );
}
