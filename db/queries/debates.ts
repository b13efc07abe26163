import { and, asc, desc, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Database } from "../database";
import { aliasFor } from "@/lib/debate/aliases";
import { formGroups, groupForLateJoiner, oppositeSide, type GroupOptions } from "@/lib/debate/groups";
import { isRound } from "@/lib/debate/rules";
import { timerView } from "@/lib/debate/timer";
import type { DebateSession } from "../schema";
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
export async function appendEvent(db: Database, sessionId: number, type: string, data: unknown): Promise<DebateEventOut> {
  const { debateEvents, debateSessions } = db.t;
  const { seq } = (await db.get(
    db.q
      .update(debateSessions)
      .set({ lastEventSeq: sql`${debateSessions.lastEventSeq} + 1` })
      .where(eq(debateSessions.id, sessionId))
      .returning({ seq: debateSessions.lastEventSeq }),
  ))!;
  await db.run(db.q.insert(debateEvents).values({ sessionId, seq, type, data }));
  return { id: seq, type, data };
}

/**
 * Locks the session's row until the transaction ends (a row lock on PostgreSQL; SQLite's one writer needs
 * none), before a change whose checks read what other changes of the session write (a vote limit, the next
 * post number, a group that must not be emptied, the phase or timer it moves on from). Every such change
 * takes this lock in appendEvent anyway; taking it first makes their reads and writes take turns, as on SQLite.
 */
export async function lockSession(tx: Database, sessionId: number): Promise<void> {
  const { debateSessions } = tx.t;
  await tx.get(tx.forUpdate(tx.q.select({ id: debateSessions.id }).from(debateSessions).where(eq(debateSessions.id, sessionId))));
}

/** The session's events after number `afterId` (its `seq`, the SSE id), in order. */
export async function eventsSince(db: Database, sessionId: number, afterId: number): Promise<DebateEventOut[]> {
  const { debateEvents } = db.t;
  return db.all(
    db.q
      .select({ id: debateEvents.seq, type: debateEvents.type, data: debateEvents.data })
      .from(debateEvents)
      .where(and(eq(debateEvents.sessionId, sessionId), gt(debateEvents.seq, afterId)))
      .orderBy(asc(debateEvents.seq)),
  );
}

export type StartResult = { status: "started"; session: DebateSession; event: DebateEventOut } | { status: "not-found" } | { status: "already-running"; sessionId: number };

/** Starts a session on a debate prompt of an assignment the instructor owns; one live session per class. */
export function startDebate(db: Database, instructorId: number, assignmentId: number, debateId: string): Promise<StartResult> {
  return db.transaction(async (tx): Promise<StartResult> => {
    const { assignments, classes, debateSessions } = tx.t;
    const owned = await tx.get(
      tx.q
        .select({ classId: assignments.classId })
        .from(assignments)
        .innerJoin(classes, eq(classes.id, assignments.classId))
        // An archived (unassigned) assignment starts no new session: its students no longer see it.
        .where(and(eq(assignments.id, assignmentId), teachesOpen(instructorId), isNull(assignments.archivedAt))),
    );
    const item = owned && (await lessonIndexFor(tx, assignmentId))?.byId.get(debateId);
    if (!owned || item?.kind !== "debate") return { status: "not-found" };
    // One live session per class: the class's row is locked (a row lock on PostgreSQL) before looking for a
    // running session, so two starts at once make one session and the other finds it. The lock re-reads the
    // class as committed: archived in the meantime, it starts nothing (archiving ends the live sessions it finds).
    const open = await tx.get(tx.forUpdate(tx.q.select({ id: classes.id }).from(classes).where(and(eq(classes.id, owned.classId), isNull(classes.archivedAt)))));
    if (!open) return { status: "not-found" };
    // The same for the assignment (unassign locks it too): unassigned in the meantime, it starts nothing, as
    // unassigning ends the live sessions it finds.
    const assigned = await tx.get(tx.forUpdate(tx.q.select({ id: assignments.id }).from(assignments).where(and(eq(assignments.id, assignmentId), isNull(assignments.archivedAt)))));
    if (!assigned) return { status: "not-found" };
    const running = await tx.get(
      tx.q
        .select({ id: debateSessions.id })
        .from(debateSessions)
        .where(and(eq(debateSessions.classId, owned.classId), ne(debateSessions.phase, "ended"))),
    );
    if (running) return { status: "already-running", sessionId: running.id };
    const session = (await tx.get(tx.q.insert(debateSessions).values({ assignmentId, classId: owned.classId, debateId, createdBy: instructorId }).returning()))!;
    const event = await appendEvent(tx, session.id, "phase", { phase: "lobby" });
    return { status: "started", session, event };
  });
}

export async function getDebateForInstructor(db: Database, instructorId: number, sessionId: number): Promise<DebateSession | undefined> {
  const { classes, debateSessions } = db.t;
  const row = await db.get(
    db.q
      .select({ session: debateSessions })
      .from(debateSessions)
      .innerJoin(classes, eq(classes.id, debateSessions.classId))
      .where(and(eq(debateSessions.id, sessionId), teaches(instructorId))),
  );
  return row?.session;
}

/**
 * A session as a student may see it: an active student of its class, on a lesson still assigned (an
 * unassigned lesson is gone for its students, debates and all, as its lesson page is; restoring it brings
 * them back). A session of an archived class stays readable: archiving ended it, as its lessons turn read-only.
 */
export async function getDebateForStudent(db: Database, studentId: number, sessionId: number): Promise<DebateSession | undefined> {
  const { assignments, debateSessions, enrollments } = db.t;
  const row = await db.get(
    db.q
      .select({ session: debateSessions })
      .from(debateSessions)
      .innerJoin(enrollments, and(eq(enrollments.classId, debateSessions.classId), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
      .innerJoin(assignments, and(eq(assignments.id, debateSessions.assignmentId), isNull(assignments.archivedAt)))
      .where(eq(debateSessions.id, sessionId)),
  );
  return row?.session;
}

/*
 * The re-checks of an open stream, run every few seconds and before each event for every viewer, so they
 * are prepared statements: the same rules as getDebateForStudent / getDebateForInstructor above
 * (db/queries/debates.test.ts checks that they agree).
 */
const followAsStudent = (db: Database) => {
  const { assignments, debateSessions, enrollments } = db.t;
  return db.q
    .select({ id: debateSessions.id })
    .from(debateSessions)
    .innerJoin(enrollments, and(eq(enrollments.classId, debateSessions.classId), eq(enrollments.studentId, sql.placeholder("userId")), eq(enrollments.status, "active")))
    .innerJoin(assignments, and(eq(assignments.id, debateSessions.assignmentId), isNull(assignments.archivedAt)))
    .where(eq(debateSessions.id, sql.placeholder("sessionId")));
};
const followAsInstructor = (db: Database) => {
  const { classes, debateSessions } = db.t;
  return db.q
    .select({ id: debateSessions.id })
    .from(debateSessions)
    .innerJoin(classes, eq(classes.id, debateSessions.classId))
    .where(and(eq(debateSessions.id, sql.placeholder("sessionId")), teaches(sql.placeholder("userId"))));
};
const activeClasses = (db: Database) => {
  const { enrollments } = db.t;
  return db.q
    .select({ id: enrollments.classId })
    .from(enrollments)
    .where(and(eq(enrollments.studentId, sql.placeholder("userId")), eq(enrollments.status, "active")));
};

/** Whether the user may still follow the session: an active student of its class, or the instructor who owns it. */
export async function mayFollowDebate(db: Database, role: "student" | "instructor", userId: number, sessionId: number): Promise<boolean> {
  const statement = role === "student" ? db.prepared("debates.followAsStudent", followAsStudent) : db.prepared("debates.followAsInstructor", followAsInstructor);
  return (await statement.get({ userId, sessionId })) !== undefined;
}

/** The classes a student is an active member of, by id (for the dashboard stream's re-check). */
export async function activeClassIds(db: Database, studentId: number): Promise<Set<number>> {
  return new Set((await db.prepared("debates.activeClasses", activeClasses).all({ userId: studentId })).map((r) => r.id));
}

export type LiveDebate = { id: number; classId: number; className: string; motion: string };

/** Sessions still running in the student's classes (for the dashboard). */
export async function listLiveDebatesForStudent(db: Database, studentId: number): Promise<LiveDebate[]> {
  const { classes, debateSessions, enrollments } = db.t;
  const rows = await db.all(
    db.q
      .select({ id: debateSessions.id, classId: debateSessions.classId, className: classes.name, assignmentId: debateSessions.assignmentId, debateId: debateSessions.debateId })
      .from(debateSessions)
      .innerJoin(classes, eq(classes.id, debateSessions.classId))
      .innerJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
      .where(ne(debateSessions.phase, "ended"))
      .orderBy(desc(debateSessions.id)),
  );
  const live: LiveDebate[] = [];
  for (const { assignmentId, debateId, ...row } of rows) {
    const item = (await lessonIndexFor(db, assignmentId))?.byId.get(debateId);
    live.push({ ...row, motion: item?.kind === "debate" ? item.debate.motion : "" });
  }
  return live;
}

/**
 * Ends every session still running that matches `which` (a class archived, an assignment unassigned), each
 * with its "ended" event; the caller announces them once committed. Conditional: a debate its instructor
 * ended a moment ago is not ended (and announced) twice.
 */
export async function endRunningSessions(tx: Database, which: SQL, now: number): Promise<{ endedDebates: DebateEventOut[]; endedSessionIds: number[] }> {
  const { debateSessions } = tx.t;
  const live = await tx.all(tx.q.select({ id: debateSessions.id }).from(debateSessions).where(and(which, ne(debateSessions.phase, "ended"))).orderBy(asc(debateSessions.id)));
  const endedDebates: DebateEventOut[] = [];
  const endedSessionIds: number[] = [];
  for (const { id } of live) {
    const ended = await tx.run(
      tx.q
        .update(debateSessions)
        .set({ phase: "ended", endedAt: now, timerEndsAt: null, timerRemainingMs: null })
        .where(and(eq(debateSessions.id, id), ne(debateSessions.phase, "ended"))),
    );
    if (ended === 0) continue;
    endedDebates.push(await appendEvent(tx, id, "phase", { phase: "ended" }));
    endedSessionIds.push(id);
  }
  return { endedDebates, endedSessionIds };
}

export type PastDebate = LiveDebate & { endedAt: number; joined: boolean };

/**
 * Debates that have ended in the student's classes, the latest `limit` first (for the dashboard): their
 * results and transcript stay readable to the class. Not those of an archived class or an unassigned lesson,
 * which students' dashboards no longer list.
 */
export async function listPastDebatesForStudent(db: Database, studentId: number, limit = 10): Promise<PastDebate[]> {
  const { assignments, classes, debateParticipants, debateSessions, enrollments } = db.t;
  const rows = await db.all(
    db.q
      .select({
        id: debateSessions.id,
        classId: debateSessions.classId,
        className: classes.name,
        assignmentId: debateSessions.assignmentId,
        debateId: debateSessions.debateId,
        endedAt: debateSessions.endedAt,
        participant: debateParticipants.studentId,
      })
      .from(debateSessions)
      .innerJoin(classes, and(eq(classes.id, debateSessions.classId), isNull(classes.archivedAt)))
      .innerJoin(assignments, and(eq(assignments.id, debateSessions.assignmentId), isNull(assignments.archivedAt)))
      .innerJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
      .leftJoin(debateParticipants, and(eq(debateParticipants.sessionId, debateSessions.id), eq(debateParticipants.studentId, studentId)))
      .where(eq(debateSessions.phase, "ended"))
      .orderBy(desc(debateSessions.endedAt), desc(debateSessions.id))
      .limit(limit),
  );
  const past: PastDebate[] = [];
  for (const { assignmentId, debateId, endedAt, participant, ...row } of rows) {
    const item = (await lessonIndexFor(db, assignmentId))?.byId.get(debateId);
    past.push({ ...row, motion: item?.kind === "debate" ? item.debate.motion : "", endedAt: endedAt ?? 0, joined: participant !== null });
  }
  return past;
}

/** Which live debates a dashboard shows, as its live feed compares them (app/api/live). */
export const liveDebatesKey = (debates: Pick<LiveDebate, "id">[]) => debates.map((d) => d.id).join(",");

export type JoinResult = { status: "joined" | "already-joined"; event?: DebateEventOut } | { status: "not-found" | "ended" };

/** Joins a student to a session of their class; joining twice changes nothing. */
export function joinDebate(db: Database, studentId: number, sessionId: number): Promise<JoinResult> {
  return db.transaction(async (tx): Promise<JoinResult> => {
    const { debateParticipants } = tx.t;
    // The session's row lock first (see lockSession): late joiners at once are placed one after the other, each in the smallest group.
    await lockSession(tx, sessionId);
    const session = await getDebateForStudent(tx, studentId, sessionId);
    if (!session) return { status: "not-found" };
    if (session.phase === "ended") return { status: "ended" };
    // The primary key decides: of two joins at once, one inserts and the other finds nothing to insert.
    const inserted = await tx.get(tx.q.insert(debateParticipants).values({ sessionId, studentId }).onConflictDoNothing().returning({ id: debateParticipants.studentId }));
    if (!inserted) return { status: "already-joined" };
    await placeLateJoiner(tx, sessionId, studentId, session.oppositeSides);
    // No name in the event: with aliases on, students must not be able to tie ids to names.
    return { status: "joined", event: await appendEvent(tx, sessionId, "joined", { studentId }) };
  });
}

/** `moved`: the "groups" event of a late joiner sent to the side they must argue (see moveToOppositeSide). */
export type PollResult = { status: "saved"; event: DebateEventOut; moved?: DebateEventOut } | { status: "not-joined" | "closed" };

/**
 * A stance (1–5) and confidence (1–5): the pre-poll before the rounds begin, the post-poll after closing.
 * A student may change it until the phase moves on. Other students learn only that someone voted.
 */
export function recordPoll(db: Database, studentId: number, sessionId: number, phase: "pre" | "post", stance: number, confidence: number): Promise<PollResult> {
  return db.transaction(async (tx): Promise<PollResult> => {
    const { debateParticipants, debatePolls } = tx.t;
    // The session row locked first (as every change to a session does), so the phase checked below is the
    // committed one until this poll is stored: a stance is never filed under a phase that has moved on.
    await lockSession(tx, sessionId);
    const session = await getDebateForStudent(tx, studentId, sessionId);
    const joined =
      session &&
      (await tx.get(
        tx.q
          .select({ id: debateParticipants.studentId })
          .from(debateParticipants)
          .where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.studentId, studentId))),
      ));
    if (!session || !joined) return { status: "not-joined" };
    const open = phase === "pre" ? session.phase === "lobby" : session.phase === "postpoll";
    if (!open) return { status: "closed" };
    const first =
      phase === "pre" &&
      !(await tx.get(
        tx.q
          .select({ id: debatePolls.studentId })
          .from(debatePolls)
          .where(and(eq(debatePolls.sessionId, sessionId), eq(debatePolls.studentId, studentId), eq(debatePolls.phase, "pre"))),
      ));
    await tx.run(
      tx.q
        .insert(debatePolls)
        .values({ sessionId, studentId, phase, stance, confidence })
        .onConflictDoUpdate({ target: [debatePolls.sessionId, debatePolls.studentId, debatePolls.phase], set: { stance, confidence, createdAt: Date.now() } }),
    );
    // Placed in a group before they had a stance (they joined after the groups were formed, or had not polled):
    // with "argue the side you disagree with", their first stance sends them to that side, if they are not on it.
    const moved = first && session.oppositeSides && (await moveToOppositeSide(tx, sessionId, studentId, stance));
    const event = await appendEvent(tx, sessionId, "poll", { studentId, phase });
    // As when the instructor moves someone: every page showing the groups updates.
    return moved ? { status: "saved", event, moved: await appendEvent(tx, sessionId, "groups", { moved: studentId }) } : { status: "saved", event };
  });
}

export type Participant = { studentId: number; name: string; alias: string; groupId: number | null; prePoll: boolean; postPoll: boolean };

// A boolean on PostgreSQL, 0 or 1 on SQLite.
const polled = ({ debateParticipants, debatePolls }: Database["t"], phase: "pre" | "post") =>
  sql<boolean | number>`exists (select 1 from ${debatePolls} p
    where p.session_id = ${debateParticipants.sessionId} and p.student_id = ${debateParticipants.studentId} and p.phase = ${phase})`;

/** Who joined, in the order they joined (which also fixes each one's anonymous alias). */
export async function listParticipants(db: Database, sessionId: number): Promise<Participant[]> {
  const { debateParticipants, users } = db.t;
  const rows = await db.all(
    db.q
      .select({
        studentId: debateParticipants.studentId,
        name: users.displayName,
        groupId: debateParticipants.groupId,
        prePoll: polled(db.t, "pre"),
        postPoll: polled(db.t, "post"),
      })
      .from(debateParticipants)
      .innerJoin(users, eq(users.id, debateParticipants.studentId))
      .where(eq(debateParticipants.sessionId, sessionId))
      // Join order: the time of joining, and the student's id between two joins of the same millisecond.
      .orderBy(asc(debateParticipants.joinedAt), asc(debateParticipants.studentId)),
  );
  return rows.map((p, i) => ({ ...p, alias: aliasFor(i), prePoll: !!p.prePoll, postPoll: !!p.postPoll }));
}

/** Every poll of the session, for its results. */
export async function listPolls(db: Database, sessionId: number) {
  const { debatePolls } = db.t;
  return db.all(
    db.q
      .select({ studentId: debatePolls.studentId, phase: debatePolls.phase, stance: debatePolls.stance, confidence: debatePolls.confidence, createdAt: debatePolls.createdAt })
      .from(debatePolls)
      .where(eq(debatePolls.sessionId, sessionId))
      .orderBy(asc(debatePolls.createdAt), asc(debatePolls.studentId), asc(debatePolls.phase)),
  );
}

export async function myPoll(db: Database, studentId: number, sessionId: number, phase: "pre" | "post") {
  const { debatePolls } = db.t;
  return db.get(
    db.q
      .select({ stance: debatePolls.stance, confidence: debatePolls.confidence })
      .from(debatePolls)
      .where(and(eq(debatePolls.sessionId, sessionId), eq(debatePolls.studentId, studentId), eq(debatePolls.phase, phase))),
  );
}

/** Ends a session (the instructor's); students see it disappear. */
export function endDebate(db: Database, instructorId: number, sessionId: number): Promise<DebateEventOut | undefined> {
  return db.transaction(async (tx) => {
    const { debateSessions } = tx.t;
    const session = await getDebateForInstructor(tx, instructorId, sessionId);
    if (!session || session.phase === "ended") return undefined;
    // A conditional update: of two ends at once, only the one that still finds it running ends it (and says so).
    const ended = await tx.run(
      tx.q
        .update(debateSessions)
        .set({ phase: "ended", endedAt: Date.now(), timerEndsAt: null, timerRemainingMs: null })
        .where(and(eq(debateSessions.id, sessionId), ne(debateSessions.phase, "ended"))),
    );
    if (ended === 0) return undefined;
    return appendEvent(tx, sessionId, "phase", { phase: "ended" });
  });
}

export type GroupView = { id: number; name: string; side: "for" | "against"; members: { studentId: number; name: string }[] };

export async function listGroups(db: Database, sessionId: number): Promise<GroupView[]> {
  const { debateGroups, debateParticipants, users } = db.t;
  const groups = await db.all(db.q.select().from(debateGroups).where(eq(debateGroups.sessionId, sessionId)).orderBy(asc(debateGroups.id)));
  const members = await db.all(
    db.q
      .select({ groupId: debateParticipants.groupId, studentId: debateParticipants.studentId, name: users.displayName })
      .from(debateParticipants)
      .innerJoin(users, eq(users.id, debateParticipants.studentId))
      .where(eq(debateParticipants.sessionId, sessionId))
      .orderBy(asc(users.displayName), asc(debateParticipants.studentId)),
  );
  return groups.map((g) => ({ id: g.id, name: g.name, side: g.side, members: members.filter((m) => m.groupId === g.id).map(({ studentId, name }) => ({ studentId, name })) }));
}

export type FormGroupsResult =
  | { status: "formed"; event: DebateEventOut; ownSide: number }
  | { status: "not-found" | "too-late" | "too-few" }
  | { status: "fewer-students-than-groups"; groups: number; students: number };

/** Forms (or re-forms) the groups in the lobby, from the students who joined and their pre-poll stances. */
export function formDebateGroups(db: Database, instructorId: number, sessionId: number, options: Omit<GroupOptions, "random">): Promise<FormGroupsResult> {
  return db.transaction(async (tx): Promise<FormGroupsResult> => {
    const { debateGroups, debateParticipants, debatePolls, debateSessions } = tx.t;
    // The session's row lock first (see lockSession): the phase checked here is the one the groups are formed in.
    await lockSession(tx, sessionId);
    const session = await getDebateForInstructor(tx, instructorId, sessionId);
    if (!session) return { status: "not-found" };
    if (session.phase !== "lobby") return { status: "too-late" };
    const people = await tx.all(
      tx.q
        .select({ id: debateParticipants.studentId, stance: debatePolls.stance })
        .from(debateParticipants)
        .leftJoin(debatePolls, and(eq(debatePolls.sessionId, sessionId), eq(debatePolls.studentId, debateParticipants.studentId), eq(debatePolls.phase, "pre")))
        .where(eq(debateParticipants.sessionId, sessionId))
        // In join order (as listParticipants), so the same students and options form the same groups on either database.
        .orderBy(asc(debateParticipants.joinedAt), asc(debateParticipants.studentId)),
    );
    if (people.length < 2) return { status: "too-few" };
    const formed = formGroups(people, options);
    // Nothing changes: the groups formed before (if any) stay until the instructor chooses fewer groups.
    if (formed.status === "too-few") return { status: "fewer-students-than-groups", groups: formed.groups, students: formed.students };
    const { groups } = formed;
    await tx.run(tx.q.update(debateParticipants).set({ groupId: null }).where(eq(debateParticipants.sessionId, sessionId)));
    await tx.run(tx.q.delete(debateGroups).where(eq(debateGroups.sessionId, sessionId)));
    for (const g of groups) {
      const row = (await tx.get(tx.q.insert(debateGroups).values({ sessionId, name: g.name, side: g.side }).returning({ id: debateGroups.id })))!;
      for (const studentId of g.members)
        await tx.run(
          tx.q
            .update(debateParticipants)
            .set({ groupId: row.id })
            .where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.studentId, studentId))),
        );
    }
    await tx.run(tx.q.update(debateSessions).set({ oppositeSides: options.opposite }).where(eq(debateSessions.id, sessionId)));
    return { status: "formed", event: await appendEvent(tx, sessionId, "groups", { count: groups.length }), ownSide: formed.ownSide };
  });
}

/** A student who joins after the groups were formed goes to the smallest group (of the side they must argue). */
async function placeLateJoiner(db: Database, sessionId: number, studentId: number, opposite: boolean): Promise<void> {
  const { debateParticipants, debatePolls } = db.t;
  const groups = await listGroups(db, sessionId);
  if (groups.length === 0) return;
  const poll = await db.get(
    db.q
      .select({ stance: debatePolls.stance })
      .from(debatePolls)
      .where(and(eq(debatePolls.sessionId, sessionId), eq(debatePolls.studentId, studentId), eq(debatePolls.phase, "pre"))),
  );
  const target = groupForLateJoiner(
    groups.map((g) => ({ name: String(g.id), side: g.side, members: g.members.filter((m) => m.studentId !== studentId).map((m) => m.studentId) })),
    poll?.stance ?? null,
    opposite,
  );
  await db.run(
    db.q
      .update(debateParticipants)
      .set({ groupId: Number(target.name) })
      .where(and(eq(debateParticipants.sessionId, sessionId), eq(debateParticipants.studentId, studentId))),
  );
}

/** Whether the student was moved. */
async function moveToOppositeSide(tx: Database, sessionId: number, studentId: number, stance: number): Promise<boolean> {
  const side = oppositeSide(stance);
  const groups = await listGroups(tx, sessionId);
  const current = groups.find((g) => g.members.some((m) => m.studentId === studentId));
  // Not when it would leave their group empty: every group argues.
  if (!side || !current || current.side === side || current.members.length < 2) return false;
  await placeLateJoiner(tx, sessionId, studentId, true);
  return true;
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
  db: Database,
  instructorId: number,
  sessionId: number,
  timerMinutes: number | null = null,
  now = Date.now(),
  /** The phase the instructor's page showed: a click from a stale page or a second tab must not skip one. */
  from?: DebateSession["phase"],
): Promise<AdvanceResult> {
  return db.transaction(async (tx): Promise<AdvanceResult> => {
    const { debateSessions } = tx.t;
    // The session's row lock first (see lockSession): two clicks at once move it on once, from the phase read here.
    await lockSession(tx, sessionId);
    const session = await getDebateForInstructor(tx, instructorId, sessionId);
    if (!session) return { status: "not-found" };
    if (session.phase === "ended") return { status: "ended" };
    if (from !== undefined && from !== session.phase) return { status: "moved-on", phase: session.phase };
    if (session.phase === "lobby") {
      const groups = await listGroups(tx, sessionId);
      if (groups.length === 0) return { status: "no-groups" };
      // A group with no one in it leaves a side unargued (groups formed before this check, or emptied since).
      const empty = groups.find((g) => g.members.length === 0);
      if (empty) return { status: "empty-group", groupName: empty.name };
    }
    const phase = NEXT_PHASE[session.phase];
    const timer = { timerEndsAt: timerMinutes && isRound(phase) ? now + timerMinutes * 60_000 : null, timerRemainingMs: null };
    await tx.run(
      tx.q
        .update(debateSessions)
        .set({ phase, ...timer, ...(phase === "ended" ? { endedAt: now } : {}) })
        .where(eq(debateSessions.id, sessionId)),
    );
    return { status: "advanced", phase, event: await appendEvent(tx, sessionId, "phase", { phase, timer: timerView(timer) }) };
  });
}

export type DebateSummary = { id: number; debateId: string; phase: DebateSession["phase"]; createdAt: number; endedAt: number | null; participants: number; posts: number };

/** The sessions run on an assignment (newest first), for the instructor who owns its class. */
export async function listDebatesForAssignment(db: Database, instructorId: number, assignmentId: number): Promise<DebateSummary[]> {
  const { classes, debateParticipants, debatePosts, debateSessions } = db.t;
  return db.all(
    db.q
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
      .orderBy(desc(debateSessions.id)),
  );
}

/** The session's debate prompt and its lesson, from the assignment's snapshot. */
export async function debatePrompt(db: Database, session: Pick<DebateSession, "assignmentId" | "debateId">) {
  const index = await lessonIndexFor(db, session.assignmentId);
  const item = index?.byId.get(session.debateId);
  return index && item?.kind === "debate" ? { index, lesson: index.lesson, debate: item.debate } : undefined;
}
