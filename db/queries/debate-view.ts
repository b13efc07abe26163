import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../database";
import { citationHeat, participation, stanceShift, topVoted, type Participation, type StanceShift } from "@/lib/debate/results";
import { authorKeys } from "@/lib/debate/author-key";
import { feedPost, type FeedPost } from "@/lib/debate/events";
import { timerView, type TimerView } from "@/lib/debate/timer";
import type { DebateSession } from "../schema";
import { listParticipants, listPolls, type Participant } from "./debates";
import { listPosts, myVotes, votesByVoter } from "./debate-posts";

/*
 * What a page shows of a session, read in one transaction so the posts and the event id they are current
 * to agree: the live client applies only events after `lastEventId`.
 */

export type DebateViewer = { kind: "student"; studentId: number } | { kind: "instructor" };

export type DebateSnapshot = {
  sessionId: number;
  phase: DebateSession["phase"];
  anonymous: boolean;
  timer: TimerView;
  serverNow: number;
  lastEventId: number;
  posts: FeedPost[];
  /**
   * How each author is shown to this viewer (their name, an alias, or for the instructor both), by the
   * session's opaque author key: the snapshot holds no user ids.
   */
  labels: Record<string, string>;
  groups: { id: number; name: string; side: "for" | "against" }[];
  /** The student's own place in the session; `key` is their author key, which tells their own posts. */
  me: { key: string; groupId: number | null; votes: number[] } | null;
};

export function labelFor(p: Participant, anonymous: boolean, viewer: DebateViewer): string {
  if (!anonymous) return p.name;
  return viewer.kind === "instructor" ? `${p.alias} (${p.name})` : p.alias;
}

/**
 * The snapshot goes to the browser as it is, so it holds only what this viewer may see; the participants
 * (names, aliases, poll status) come back beside it, for the server-rendered parts of the page.
 */
export function debateSnapshot(db: Database, given: DebateSession, viewer: DebateViewer): Promise<{ snapshot: DebateSnapshot; participants: Participant[] }> {
  return db.transaction(async (tx) => {
    const { debateGroups, debateSessions } = tx.t;
    // The session row again, read first: its phase, timer and anonymity are then those of its latest event
    // number (the page read it before awaiting other things, and a change may have committed since: the client
    // would skip that change's event as already seen). On PostgreSQL each statement of the transaction sees
    // what had committed when it began, so what is read after it may be newer, never older (the client
    // applies an event twice harmlessly: a post it already has is not added again, a vote count is overwritten).
    const session = (await tx.get(tx.q.select().from(debateSessions).where(eq(debateSessions.id, given.id)))) ?? given;
    const lastEventId = session.lastEventSeq;
    const participants = await listParticipants(tx, session.id);
    const mine = viewer.kind === "student" ? participants.find((p) => p.studentId === viewer.studentId) : undefined;
    const keyOf = authorKeys(session.id);
    const snapshot: DebateSnapshot = {
      sessionId: session.id,
      phase: session.phase,
      anonymous: session.anonymous,
      timer: timerView(session),
      serverNow: Date.now(),
      lastEventId,
      posts: (await listPosts(tx, session.id, { includeHidden: viewer.kind === "instructor" })).map((p) => feedPost(p, keyOf)),
      labels: Object.fromEntries(participants.map((p) => [keyOf(p.studentId), labelFor(p, session.anonymous, viewer)])),
      groups: await tx.all(
        tx.q
          .select({ id: debateGroups.id, name: debateGroups.name, side: debateGroups.side })
          .from(debateGroups)
          .where(eq(debateGroups.sessionId, session.id))
          .orderBy(asc(debateGroups.id)),
      ),
      me: mine && viewer.kind === "student" ? { key: keyOf(mine.studentId), groupId: mine.groupId, votes: await myVotes(tx, viewer.studentId, session.id) } : null,
    };
    return { snapshot, participants };
  });
}

export type DebateResults = {
  shift: StanceShift;
  /** Per student, in join order, with how they are shown. */
  participation: (Participation & { label: string; before: number | null; after: number | null })[];
  /** Keyed like the snapshot's labels. */
  top: Record<"for" | "against", FeedPost[]>;
  heat: ReturnType<typeof citationHeat>;
  /** Server-side only (they carry user ids): never pass these to a client component. */
  posts: Awaited<ReturnType<typeof listPosts>>;
};

/** The results of a session: stance shift, participation, the best arguments per side, and which sentences each side cited. */
export function debateResults(db: Database, session: DebateSession, viewer: DebateViewer): Promise<DebateResults> {
  return db.transaction(async (tx) => {
    const participants = await listParticipants(tx, session.id);
    const polls = await listPolls(tx, session.id);
    const pre = polls.filter((p) => p.phase === "pre");
    const post = polls.filter((p) => p.phase === "post");
    const posts = await listPosts(tx, session.id, { includeHidden: true });
    const rows = participation(
      participants.map((p) => p.studentId),
      posts.map((p) => ({ authorId: p.authorId, kind: p.kind, citations: p.citations.reduce((n, c) => n + c.sentenceIds.length, 0), hidden: p.hidden })),
      await votesByVoter(tx, session.id),
    );
    return {
      shift: stanceShift(pre, post),
      participation: rows.map((row, i) => ({
        ...row,
        label: labelFor(participants[i]!, session.anonymous, viewer),
        before: pre.find((p) => p.studentId === row.studentId)?.stance ?? null,
        after: post.find((p) => p.studentId === row.studentId)?.stance ?? null,
      })),
      top: topVoted(posts.map((p) => feedPost(p, authorKeys(session.id)))),
      heat: citationHeat(posts),
      posts,
    };
  });
}

export type TranscriptData = {
  session: DebateSession;
  participants: (Participant & { username: string })[];
  groups: { id: number; name: string; side: "for" | "against" }[];
  polls: Awaited<ReturnType<typeof listPolls>>;
  posts: Awaited<ReturnType<typeof listPosts>>;
  votes: { postId: number; voterId: number; createdAt: number; returnedAt: number | null }[];
  rounds: { phase: string; at: number }[];
};

/** Everything recorded in a session, for the transcript exports (hidden posts included, marked). */
export function debateTranscript(db: Database, session: DebateSession): Promise<TranscriptData> {
  return db.transaction(async (tx) => {
    const { debateEvents, debateGroups, debateVotes, users } = tx.t;
    const participants = await listParticipants(tx, session.id);
    const usernames = new Map(
      (
        await tx.all(
          tx.q
            .select({ id: users.id, username: users.username })
            .from(users)
            .where(inArray(users.id, participants.map((p) => p.studentId).concat(0))),
        )
      ).map((u) => [u.id, u.username]),
    );
    const rounds = await tx.all(
      tx.q
        .select({ data: debateEvents.data, at: debateEvents.createdAt })
        .from(debateEvents)
        .where(and(eq(debateEvents.sessionId, session.id), eq(debateEvents.type, "phase")))
        .orderBy(asc(debateEvents.seq)),
    );
    return {
      session,
      participants: participants.map((p) => ({ ...p, username: usernames.get(p.studentId) ?? "" })),
      groups: await tx.all(
        tx.q
          .select({ id: debateGroups.id, name: debateGroups.name, side: debateGroups.side })
          .from(debateGroups)
          .where(eq(debateGroups.sessionId, session.id))
          .orderBy(asc(debateGroups.id)),
      ),
      polls: await listPolls(tx, session.id),
      posts: await listPosts(tx, session.id, { includeHidden: true }),
      votes: await tx.all(
        tx.q
          .select({ postId: debateVotes.postId, voterId: debateVotes.voterId, createdAt: debateVotes.createdAt, returnedAt: debateVotes.returnedAt })
          .from(debateVotes)
          .where(eq(debateVotes.sessionId, session.id))
          .orderBy(asc(debateVotes.createdAt), asc(debateVotes.postId), asc(debateVotes.voterId)),
      ),
      rounds: rounds.map((e) => ({ phase: (e.data as { phase: string }).phase, at: e.at })),
    };
  });
}
