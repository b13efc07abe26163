import { and, asc, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db, Queryable } from "../open";
import { aliasFor } from "@/lib/debate/aliases";
import { formGroups, groupForLateJoiner, type GroupOptions } from "@/lib/debate/groups";
import { isRound } from "@/lib/debate/rules";
import { timerView } from "@/lib/debate/timer";
import { assignments, classes, debateEvents, debateGroups, debateParticipants, debatePolls, debatePosts, debateSessions, enrollments, users, type DebateSession } from "../schema";
import { teaches, teachesOpen } from "./teaching";
import { lessonIndexFor } from "./attempts";

/*
 * Live debate sessions. Access is data, as everywhere: the instructor who owns the class, or an active
 * student of it. Every change appends an event (its number in the session is the SSE event id); callers publish the returned
 * events to the live channel after the transaction commits.
 */

export type DebateEventOut = { id: number; type: string; data: unknown };

/**
 * Appends an event to the session, numbered after its latest (debate_sessions.last_event_seq, bumped here:
 * on PostgreSQL the update holds the session's row lock until the caller's transaction commits, so events
 * commit in number order). Call it inside the transaction of the change the event announces.
 */
export function appendEvent(db: Queryable, sessionId: number, type: string, data: unknown): DebateEventOut {
  const { seq } = db
    .update(debateSessions)
    .set({ lastEventSeq: sql`${debateSessions.lastEventSeq} + 1` })
    .where(eq(debateSessions.id, sessionId))
    .returning({ seq: debateSessions.lastEventSeq })
    .get()!;
  db.insert(debateEvents).values({ sessionId, seq, type, data }).run();
  return { id: seq, type, data };
}

/** The session's events after number `afterId` (its `seq`, the SSE id), in order. */
export function eventsSince(db: Queryable, sessionId: number, afterId: number): DebateEventOut[] {
  return db
    .select({ id: debateEvents.seq, type: debateEvents.type, data: debateEvents.data })
    .from(debateEvents)
    .where(and(eq(debateEvents.sessionId, sessionId), gt(debateEvents.seq, afterId)))
    .orderBy(asc(debateEvents.seq))
    .all();
}

export type StartResult = { status: "started"; session: DebateSession; event: DebateEventOut } | { status: "not-found" } | { status: "already-running"; sessionId: number };

/** Starts a session on a debate prompt of an assignment the instructor owns; one live session per class. */
export function startDebate(db: Queryable, instructorId: number, assignmentId: number, debateId: string): StartResult {
  return db.transaction(
    (tx) => {
      const owned = tx
        .select({ classId: assignments.classId })
        .from(assignments)
        .innerJoin(classes, eq(classes.id, assignments.classId))
        // An archived (unassigned) assignment starts no new session: its students no longer see it.
        .where(and(eq(assignments.id, assignmentId), teachesOpen(instructorId), isNull(assignments.archivedAt)))
        .get();
      const item = owned && lessonIndexFor(tx, assignmentId)?.byId.get(debateId);
      if (!owned || item?.kind !== "debate") return { status: "not-found" as const };
      const running = tx
        .select({ id: debateSessions.id })
        .from(debateSessions)
        .where(and(eq(debateSessions.classId, owned.classId), ne(debateSessions.phase, "ended")))
        .get();
      if (running) return { status: "already-running" as const, sessionId: running.id };
      const session = tx.insert(debateSessions).values({ assignmentId, classId: owned.classId, debateId, createdBy: instructorId }).returning().get();
      const event = appendEvent(tx, session.id, "phase", { phase: "lobby" });
      return { status: "started" as const, session, event };
    },
    { behavior: "immediate" },
  );
}

export function getDebateForInstructor(db: Queryable, instructorId: number, sessionId: number): DebateSession | undefined {
  return db
    .select({ session: debateSessions })
    .from(debateSessions)
    .innerJoin(classes, eq(classes.id, debateSessions.classId))
    .where(and(eq(debateSessions.id, sessionId), teaches(instructorId)))
    .get()?.session;
}

export function getDebateForStudent(db: Queryable, studentId: number, sessionId: number): DebateSession | undefined {
  return db
    .select({ session: debateSessions })
    .from(debateSessions)
    .innerJoin(enrollments, and(eq(enrollments.classId, debateSessions.classId), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .where(eq(debateSessions.id, sessionId))
    .get()?.session;
}

/*
 * The re-checks of an open stream, run every few seconds and before each event for every viewer, so they
 * are prepared once per connection: the same rules as getDebateForStudent / getDebateForInstructor above
 * (db/queries/debates.test.ts checks that they agree).
 */
const accessStatements = new WeakMap<Db, ReturnType<typeof prepareAccess>>();
function prepareAccess(db: Db) {
  const session = eq(debateSessions.id, sql.placeholder("sessionId"));
  return {
    student: db
      .select({ id: debateSessions.id })
      .from(debateSessions)
      .innerJoin(enrollments, and(eq(enrollments.classId, debateSessions.classId), eq(enrollments.studentId, sql.placeholder("userId")), eq(enrollments.status, "active")))
      .where(session)
      .prepare(),
    instructor: db
      .select({ id: debateSessions.id })
      .from(debateSessions)
      .innerJoin(classes, eq(classes.id, debateSessions.classId))
      .where(and(session, teaches(sql.placeholder("userId"))))
      .prepare(),
    classes: db
      .select({ id: enrollments.classId })
      .from(enrollments)
      .where(and(eq(enrollments.studentId, sql.placeholder("userId")), eq(enrollments.status, "active")))
      .prepare(),
  };
}
function accessStatementsFor(db: Db) {
  let statements = accessStatements.get(db);
  if (!statements) accessStatements.set(db, (statements = prepareAccess(db)));
  return statements;
}

/** Whether the user may still follow the session: an active student of its class, or the instructor who owns it. */
export function mayFollowDebate(db: Db, role: "student" | "instructor", userId: number, sessionId: number): boolean {
  return accessStatementsFor(db)[role].get({ userId, sessionId }) !== undefined;
}

/** The classes a student is an active member of, by id (for the dashboard stream's re-check). */
export function activeClassIds(db: Db, studentId: number): Set<number> {
  return new Set(accessStatementsFor(db).classes.all({ userId: studentId }).map((r) => r.id));
}

export type LiveDebate = { id: number; classId: number; className: string; motion: string };

/** Sessions still running in the student's classes (for the dashboard). */
export function listLiveDebatesForStudent(db: Queryable, studentId: number): LiveDebate[] {
  return db
    .select({ id: debateSessions.id, classId: debateSessions.classId, className: classes.name, assignmentId: debateSessions.assignmentId, debateId: debateSessions.debateId })
    .from(debateSessions)
    .innerJoin(classes, eq(classes.id, debateSessions.classId))
    .innerJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .where(ne(debateSessions.phase, "ended"))
    .orderBy(desc(debateSessions.id))
    .all()
    .map(({ assignmentId, debateId, ...row }) => {
      const item = lessonIndexFor(db, assignmentId)?.byId.get(debateId);
      return { ...row, motion: item?.kind === "debate" ? item.debate.motion : "" };
    });
}

/** Joins a student to a session of their class; joining twice changes nothing. */
export function joinDebate(db: Queryable, studentId: number, sessionId: number): { status: "joined" | "already-joined"; event?: DebateEventOut } | { status: "not-found" | "ended" } {
  return db.transaction((tx) => {
    const session = getDebateForStudent(tx, studentId, sessionId);
    if (!session) return { status: "not-found" as const };
    if (session.phase === "ended") return { status: "ended" as const };
    const inserted = tx.insert(debateParticipants).values({ sessionId, studentId }).onConflictDoNothing().returning({ id: debateParticipants.studentId }).get();
    if (!inserted) return { status: "already-joined" as const };
    placeLateJoiner(tx, sessionId, studentId, session.oppositeSides);
    // No name in the event: with aliases on, students must not be able to tie ids to names.
    return { status: "joined" as const, event: appendEvent(tx, sessionId, "joined", { studentId }) };
  });
}

export type PollResult = { status: "saved"; event: DebateEventOut } | { status: "not-joined" | "closed" };

/**
 * A stance (1–5) and confidence (1–5): the pre-poll before the rounds begin, the post-poll after closing.
 * A student may change it until the phase moves on. Other students learn only that someone voted.
 */
export function recordPoll(db: Queryable, studentId: number, sessionId: number, phase: "pre" | "post", stance: number, confidence: number): PollResult {
  return db.transaction((tx) => {
    const session = getDebateForStudent(tx, studentId, sessionId);
    const joined =
      session &&
      tx
        .select({ id: debateParticipants.studentId })
        .from(debateParticipants)
        .where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.studentId, studentId)))
        .get();
    if (!session || !joined) return { status: "not-joined" as const };
    const open = phase === "pre" ? session.phase === "lobby" : session.phase === "postpoll";
    if (!open) return { status: "closed" as const };
    tx.insert(debatePolls)
      .values({ sessionId, studentId, phase, stance, confidence })
      .onConflictDoUpdate({ target: [debatePolls.sessionId, debatePolls.studentId, debatePolls.phase], set: { stance, confidence, createdAt: sql`(unixepoch('subsec') * 1000)` } })
      .run();
    return { status: "saved" as const, event: appendEvent(tx, sessionId, "poll", { studentId, phase }) };
  });
}

export type Participant = { studentId: number; name: string; alias: string; groupId: number | null; prePoll: boolean; postPoll: boolean };

const polled = (phase: "pre" | "post") =>
  sql<number>`exists (select 1 from ${debatePolls} p where p.session_id = ${debateParticipants.sessionId} and p.student_id = ${debateParticipants.studentId} and p.phase = ${phase})`;

/** Who joined, in the order they joined (which also fixes each one's anonymous alias). */
export function listParticipants(db: Queryable, sessionId: number): Participant[] {
  return db
    .select({
      studentId: debateParticipants.studentId,
      name: users.displayName,
      groupId: debateParticipants.groupId,
      prePoll: polled("pre"),
      postPoll: polled("post"),
    })
    .from(debateParticipants)
    .innerJoin(users, eq(users.id, debateParticipants.studentId))
    .where(eq(debateParticipants.sessionId, sessionId))
    .orderBy(sql`${debateParticipants}.rowid`)
    .all()
    .map((p, i) => ({ ...p, alias: aliasFor(i), prePoll: !!p.prePoll, postPoll: !!p.postPoll }));
}

/** Every poll of the session, for its results. */
export function listPolls(db: Queryable, sessionId: number) {
  return db
    .select({ studentId: debatePolls.studentId, phase: debatePolls.phase, stance: debatePolls.stance, confidence: debatePolls.confidence, createdAt: debatePolls.createdAt })
    .from(debatePolls)
    .where(eq(debatePolls.sessionId, sessionId))
    .orderBy(asc(debatePolls.createdAt))
    .all();
}

export function myPoll(db: Queryable, studentId: number, sessionId: number, phase: "pre" | "post") {
  return db
    .select({ stance: debatePolls.stance, confidence: debatePolls.confidence })
    .from(debatePolls)
    .where(and(eq(debatePolls.sessionId, sessionId), eq(debatePolls.studentId, studentId), eq(debatePolls.phase, phase)))
    .get();
}

/** Ends a session (the instructor's); students see it disappear. */
export function endDebate(db: Queryable, instructorId: number, sessionId: number): DebateEventOut | undefined {
  return db.transaction((tx) => {
    const session = getDebateForInstructor(tx, instructorId, sessionId);
    if (!session || session.phase === "ended") return undefined;
    tx.update(debateSessions).set({ phase: "ended", endedAt: Date.now(), timerEndsAt: null, timerRemainingMs: null }).where(eq(debateSessions.id, sessionId)).run();
    return appendEvent(tx, sessionId, "phase", { phase: "ended" });
  });
}

export type GroupView = { id: number; name: string; side: "for" | "against"; members: { studentId: number; name: string }[] };

export function listGroups(db: Queryable, sessionId: number): GroupView[] {
  const groups = db.select().from(debateGroups).where(eq(debateGroups.sessionId, sessionId)).orderBy(asc(debateGroups.id)).all();
  const members = db
    .select({ groupId: debateParticipants.groupId, studentId: debateParticipants.studentId, name: users.displayName })
    .from(debateParticipants)
    .innerJoin(users, eq(users.id, debateParticipants.studentId))
    .where(eq(debateParticipants.sessionId, sessionId))
    .orderBy(asc(users.displayName))
    .all();
  return groups.map((g) => ({ id: g.id, name: g.name, side: g.side, members: members.filter((m) => m.groupId === g.id).map(({ studentId, name }) => ({ studentId, name })) }));
}

export type FormGroupsResult =
  | { status: "formed"; event: DebateEventOut; ownSide: number }
  | { status: "not-found" | "too-late" | "too-few" }
  | { status: "fewer-students-than-groups"; groups: number; students: number };

/** Forms (or re-forms) the groups in the lobby, from the students who joined and their pre-poll stances. */
export function formDebateGroups(db: Queryable, instructorId: number, sessionId: number, options: Omit<GroupOptions, "random">): FormGroupsResult {
  return db.transaction(
    (tx) => {
      const session = getDebateForInstructor(tx, instructorId, sessionId);
      if (!session) return { status: "not-found" as const };
      if (session.phase !== "lobby") return { status: "too-late" as const };
      const people = tx
        .select({ id: debateParticipants.studentId, stance: debatePolls.stance })
        .from(debateParticipants)
        .leftJoin(debatePolls, and(eq(debatePolls.sessionId, sessionId), eq(debatePolls.studentId, debateParticipants.studentId), eq(debatePolls.phase, "pre")))
        .where(eq(debateParticipants.sessionId, sessionId))
        .all();
      if (people.length < 2) return { status: "too-few" as const };
      const formed = formGroups(people, options);
      // Nothing changes: the groups formed before (if any) stay until the instructor chooses fewer groups.
      if (formed.status === "too-few") return { status: "fewer-students-than-groups" as const, groups: formed.groups, students: formed.students };
      const { groups } = formed;
      tx.update(debateParticipants).set({ groupId: null }).where(eq(debateParticipants.sessionId, sessionId)).run();
      tx.delete(debateGroups).where(eq(debateGroups.sessionId, sessionId)).run();
      for (const g of groups) {
        const row = tx.insert(debateGroups).values({ sessionId, name: g.name, side: g.side }).returning({ id: debateGroups.id }).get();
        for (const studentId of g.members)
          tx.update(debateParticipants).set({ groupId: row.id }).where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.studentId, studentId))).run();
      }
      tx.update(debateSessions).set({ oppositeSides: options.opposite }).where(eq(debateSessions.id, sessionId)).run();
      return { status: "formed" as const, event: appendEvent(tx, sessionId, "groups", { count: groups.length }), ownSide: formed.ownSide };
    },
    { behavior: "immediate" },
  );
}

/** A student who joins after the groups were formed goes to the smallest group (of the side they must argue). */
function placeLateJoiner(db: Queryable, sessionId: number, studentId: number, opposite: boolean): void {
  const groups = listGroups(db, sessionId);
  if (groups.length === 0) return;
  const stance = db
    .select({ stance: debatePolls.stance })
    .from(debatePolls)
    .where(and(eq(debatePolls.sessionId, sessionId), eq(debatePolls.studentId, studentId), eq(debatePolls.phase, "pre")))
    .get()?.stance;
  const target = groupForLateJoiner(
    groups.map((g) => ({ name: String(g.id), side: g.side, members: g.members.filter((m) => m.studentId !== studentId).map((m) => m.studentId) })),
    stance ?? null,
    opposite,
  );
  db.update(debateParticipants).set({ groupId: Number(target.name) }).where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.studentId, studentId))).run();
}

const NEXT_PHASE = { lobby: "opening", opening: "rebuttal", rebuttal: "closing", closing: "postpoll", postpoll: "ended", ended: "ended" } as const;

export type AdvanceResult =
  | { status: "advanced"; phase: DebateSession["phase"]; event: DebateEventOut }
  | { status: "not-found" | "no-groups" | "ended" }
  | { status: "empty-group"; groupName: string }
  | { status: "moved-on"; phase: DebateSession["phase"] };

/**
 * The instructor moves the session on: lobby → opening → rebuttal → closing → post-poll → ended. A round
 * may start with a timer of `timerMinutes`; any earlier timer stops.
 */
export function advanceDebate(
  db: Queryable,
  instructorId: number,
  sessionId: number,
  timerMinutes: number | null = null,
  now = Date.now(),
  /** The phase the instructor's page showed: a click from a stale page or a second tab must not skip one. */
  from?: DebateSession["phase"],
): AdvanceResult {
  return db.transaction(
    (tx) => {
      const session = getDebateForInstructor(tx, instructorId, sessionId);
      if (!session) return { status: "not-found" as const };
      if (session.phase === "ended") return { status: "ended" as const };
      if (from !== undefined && from !== session.phase) return { status: "moved-on" as const, phase: session.phase };
      if (session.phase === "lobby") {
        const groups = listGroups(tx, sessionId);
        if (groups.length === 0) return { status: "no-groups" as const };
        // A group with no one in it leaves a side unargued (groups formed before this check, or emptied since).
        const empty = groups.find((g) => g.members.length === 0);
        if (empty) return { status: "empty-group" as const, groupName: empty.name };
      }
      const phase = NEXT_PHASE[session.phase];
      const timer = { timerEndsAt: timerMinutes && isRound(phase) ? now + timerMinutes * 60_000 : null, timerRemainingMs: null };
      tx.update(debateSessions)
        .set({ phase, ...timer, ...(phase === "ended" ? { endedAt: now } : {}) })
        .where(eq(debateSessions.id, sessionId))
        .run();
      return { status: "advanced" as const, phase, event: appendEvent(tx, sessionId, "phase", { phase, timer: timerView(timer) }) };
    },
    { behavior: "immediate" },
  );
}

export type DebateSummary = { id: number; debateId: string; phase: DebateSession["phase"]; createdAt: number; endedAt: number | null; participants: number; posts: number };

/** The sessions run on an assignment (newest first), for the instructor who owns its class. */
export function listDebatesForAssignment(db: Queryable, instructorId: number, assignmentId: number): DebateSummary[] {
  return db
    .select({
      id: debateSessions.id,
      debateId: debateSessions.debateId,
      phase: debateSessions.phase,
      createdAt: debateSessions.createdAt,
      endedAt: debateSessions.endedAt,
      participants: sql<number>`(select count(*) from ${debateParticipants} p where p.session_id = ${debateSessions.id})`.mapWith(Number),
      posts: sql<number>`(select count(*) from ${debatePosts} p where p.session_id = ${debateSessions.id})`.mapWith(Number),
    })
    .from(debateSessions)
    .innerJoin(classes, eq(classes.id, debateSessions.classId))
    .where(and(eq(debateSessions.assignmentId, assignmentId), teaches(instructorId)))
    .orderBy(desc(debateSessions.id))
    .all();
}

/** The session's debate prompt and its lesson, from the assignment's snapshot. */
export function debatePrompt(db: Queryable, session: Pick<DebateSession, "assignmentId" | "debateId">) {
  const index = lessonIndexFor(db, session.assignmentId);
  const item = index?.byId.get(session.debateId);
  return index && item?.kind === "debate" ? { index, lesson: index.lesson, debate: item.debate } : undefined;
}
