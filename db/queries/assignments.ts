import { and, asc, count, desc, eq, isNull, lte, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Lesson } from "@/lib/content/schema";
import type { Database } from "../database";
import { effectiveDueAt, isLate } from "@/lib/write-window";
import type { Assignment, Attempt } from "../schema";
import { endRunningSessions, type DebateEventOut } from "./debates";
import { teaches, teachesOpen } from "./teaching";

/** An assignment row with its snapshot typed: the lesson exactly as it was when assigned. */
export type AssignmentWithLesson = Omit<Assignment, "lessonSnapshot"> & { lesson: Lesson };

function withLesson(row: Assignment): AssignmentWithLesson {
  const { lessonSnapshot, ...rest } = row;
  return { ...rest, lesson: lessonSnapshot as Lesson };
}

/**
 * A response still waiting for a grade: `needs_grading` as the partial index responses_to_grade_idx says it on
 * each database (a boolean on PostgreSQL, 0/1 on SQLite), written out so the planner can use that index.
 */
function needsGrading(db: Database, column: SQL | AnyColumn): SQL {
  return db.dialect === "postgres" ? sql`${column}` : sql`${column} = 1`;
}

/** Assigns a lesson to a class the instructor owns; returns undefined (and stores nothing) otherwise. */
export function createAssignment(
  db: Database,
  instructorId: number,
  input: {
    classId: number;
    lesson: Lesson;
    lessonVersionId?: number | null;
    dueAt: number | null;
    feedbackMode?: Assignment["feedbackMode"];
    latePolicy?: Assignment["latePolicy"];
    instructions?: string | null;
  },
): Promise<Assignment | undefined> {
  return db.transaction(async (tx) => {
    const { assignments, classes } = tx.t;
    // The class row is locked (FOR UPDATE) until the assignment is committed: it cannot be archived in between.
    const owned = await tx.get(
      tx.forUpdate(
        tx.q
          .select({ id: classes.id })
          .from(classes)
          .where(and(eq(classes.id, input.classId), teachesOpen(instructorId))),
      ),
    );
    if (!owned) return undefined;
    return tx.get(
      tx.q
        .insert(assignments)
        .values({
          classId: input.classId,
          lessonId: input.lesson.id,
          lessonTitle: input.lesson.title,
          lessonSnapshot: input.lesson,
          lessonVersionId: input.lessonVersionId ?? null,
          dueAt: input.dueAt,
          feedbackMode: input.feedbackMode ?? "immediate",
          latePolicy: input.latePolicy ?? "accept",
          instructions: input.instructions?.trim() || null,
          createdBy: instructorId,
        })
        .returning(),
    );
  });
}

export type AssignmentSummary = Pick<Assignment, "id" | "classId" | "lessonId" | "lessonTitle" | "dueAt" | "latePolicy" | "archivedAt" | "createdAt">;

function summaryColumns({ assignments }: Database["t"]) {
  return {
    id: assignments.id,
    classId: assignments.classId,
    lessonId: assignments.lessonId,
    lessonTitle: assignments.lessonTitle,
    dueAt: assignments.dueAt,
    latePolicy: assignments.latePolicy,
    archivedAt: assignments.archivedAt,
    createdAt: assignments.createdAt,
  };
}

export async function listAssignmentsForClass(db: Database, instructorId: number, classId: number): Promise<AssignmentSummary[]> {
  const { assignments, classes } = db.t;
  return db.all(
    db.q
      .select(summaryColumns(db.t))
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .where(and(eq(assignments.classId, classId), teaches(instructorId)))
      .orderBy(desc(assignments.createdAt), desc(assignments.id)),
  );
}

export async function getAssignmentForInstructor(db: Database, instructorId: number, assignmentId: number): Promise<AssignmentWithLesson | undefined> {
  const { assignments, classes } = db.t;
  const row = await db.get(
    db.q
      .select({ assignment: assignments })
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .where(and(eq(assignments.id, assignmentId), teaches(instructorId))),
  );
  return row && withLesson(row.assignment);
}

export type AssignmentStatus = "not-started" | "in-progress" | "returned" | "submitted";
export type StudentAssignment = AssignmentSummary & {
  className: string;
  feedbackShown: boolean;
  status: AssignmentStatus;
  score: Attempt["score"];
  maxScore: Attempt["maxScore"];
  /** Answers of the submitted attempt still waiting for the instructor's grade: until then the score is partial. */
  toGrade: number;
  /** The due date that applies to this student (their extension's, else the assignment's). */
  dueAt: number | null;
  /** Submitted after that due date. */
  late: boolean;
};

/**
 * Assignments of every class the student is an active member of, with their progress: work still to do
 * first, soonest due first (undated after dated), then what is submitted.
 */
export async function listAssignmentsForStudent(db: Database, studentId: number): Promise<StudentAssignment[]> {
  const { assignmentExtensions, assignments, attempts, classes, enrollments, responses } = db.t;
  const ownDueAt = sql`case when ${assignmentExtensions.studentId} is null then ${assignments.dueAt} else ${assignmentExtensions.dueAt} end`;
  const rows = await db.all(
    db.q
      .select({
        ...summaryColumns(db.t),
        className: classes.name,
        feedbackMode: assignments.feedbackMode,
        feedbackReleasedAt: assignments.feedbackReleasedAt,
        attemptStatus: attempts.status,
        returnedAt: attempts.returnedAt,
        submittedAt: attempts.submittedAt,
        extensionStudentId: assignmentExtensions.studentId,
        extensionDueAt: assignmentExtensions.dueAt,
        score: attempts.score,
        maxScore: attempts.maxScore,
        toGrade: sql<number>`(select count(*) from ${responses} where ${responses.attemptId} = ${attempts.id} and ${needsGrading(db, responses.needsGrading)} and ${responses.score} is null)`.mapWith(Number),
      })
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .innerJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
      .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
      .leftJoin(assignmentExtensions, and(eq(assignmentExtensions.assignmentId, assignments.id), eq(assignmentExtensions.studentId, studentId)))
      .where(and(isNull(assignments.archivedAt), isNull(classes.archivedAt)))
      // Not started (no attempt, a null status) sorts with the unsubmitted on both databases; then by the
      // due date that applies to this student (their own, where they have one: effectiveDueAt).
      .orderBy(
        sql`case when ${attempts.status} = 'submitted' then 1 else 0 end`,
        sql`${ownDueAt} is null`,
        asc(ownDueAt),
        desc(assignments.createdAt),
        desc(assignments.id),
      ),
  );
  return rows.map(({ attemptStatus, feedbackMode, feedbackReleasedAt, returnedAt, submittedAt, extensionStudentId, extensionDueAt, ...row }) => {
    const dueAt = effectiveDueAt({ dueAt: row.dueAt, extension: extensionStudentId === null ? null : { dueAt: extensionDueAt } });
    return {
      ...row,
      dueAt,
      late: attemptStatus === "submitted" && isLate(submittedAt, dueAt),
      feedbackShown: feedbackVisible({ feedbackMode, feedbackReleasedAt }),
      status: attemptStatus === "submitted" ? "submitted" : returnedAt !== null ? "returned" : attemptStatus === "in_progress" ? "in-progress" : "not-started",
    };
  });
}

export async function getAssignmentForStudent(db: Database, studentId: number, assignmentId: number): Promise<AssignmentWithLesson | undefined> {
  const { assignments, enrollments } = db.t;
  const row = await db.get(
    db.q
      .select({ assignment: assignments })
      .from(assignments)
      .innerJoin(enrollments, and(eq(enrollments.classId, assignments.classId), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
      .where(and(eq(assignments.id, assignmentId), isNull(assignments.archivedAt))),
  );
  return row && withLesson(row.assignment);
}

export type ReleaseResult = { status: "released"; at: number } | { status: "already-released"; at: number } | { status: "not-found" };

/** Releases held feedback to the students, once; the instructor must own the class. */
export function releaseFeedback(db: Database, instructorId: number, assignmentId: number, now = Date.now()): Promise<ReleaseResult> {
  return db.transaction<ReleaseResult>(async (tx) => {
    const { assignments, classes } = tx.t;
    // Read with row locks (FOR UPDATE; the class first, as everywhere): of two racing releases, the second
    // waits and finds it released.
    const row = await tx.get(
      tx.forUpdate(
        tx.q
          .select({ releasedAt: assignments.feedbackReleasedAt })
          .from(classes)
          .innerJoin(assignments, eq(assignments.classId, classes.id))
          .where(and(eq(assignments.id, assignmentId), teachesOpen(instructorId))),
      ),
    );
    if (!row) return { status: "not-found" };
    if (row.releasedAt) return { status: "already-released", at: row.releasedAt };
    await tx.run(tx.q.update(assignments).set({ feedbackReleasedAt: now }).where(eq(assignments.id, assignmentId)));
    return { status: "released", at: now };
  });
}

/** Whether students see scores, comments and explanations for this assignment now. */
export function feedbackVisible(a: Pick<Assignment, "feedbackMode" | "feedbackReleasedAt">): boolean {
  return a.feedbackMode === "immediate" || a.feedbackReleasedAt !== null;
}

export type AssignmentProgress = {
  id: number;
  classId: number;
  lessonTitle: string;
  dueAt: number | null;
  submitted: number;
  students: number;
  toGrade: number;
  /** How many assignments the class has in all (the home page shows the latest few). */
  inClass: number;
};

/** How many of each class's assignments the instructor's home page lists; the class page has them all. */
export const RECENT_PER_CLASS = 3;

/**
 * The latest `perClass` assignments of each of the instructor's classes, with their progress, in one query.
 * What it reads is bounded by the instructor's assignments (ranked from an index) and, for the few listed,
 * their attempts and what waits for a grade (covering and partial indexes), never every response: the
 * home page costs the same in a database of 5,000 responses or 200,000.
 */
export async function listAssignmentProgress(db: Database, instructorId: number, perClass = RECENT_PER_CLASS): Promise<AssignmentProgress[]> {
  const { assignments, classes } = db.t;
  const ranked = db.q
    .select({
      id: assignments.id,
      classId: assignments.classId,
      lessonTitle: assignments.lessonTitle,
      dueAt: assignments.dueAt,
      createdAt: assignments.createdAt,
      rank: sql<number>`row_number() over (partition by ${assignments.classId} order by ${assignments.createdAt} desc, ${assignments.id} desc)`.mapWith(Number).as("rank"),
      inClass: sql<number>`count(*) over (partition by ${assignments.classId})`.mapWith(Number).as("in_class"),
    })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    // Archived classes are not on the home page, so their assignments are not ranked or counted either.
    .where(and(teaches(instructorId), isNull(classes.archivedAt), isNull(assignments.archivedAt)))
    .as("ranked");
  return db.all(
    db.q
      .select({
        id: ranked.id,
        classId: ranked.classId,
        lessonTitle: ranked.lessonTitle,
        dueAt: ranked.dueAt,
        inClass: ranked.inClass,
        // Plain SQL with its own aliases (ranked.id, ranked.class_id): drizzle names a subquery's columns unqualified.
        submitted: sql<number>`(select count(*) from attempts t join enrollments e on e.student_id = t.student_id and e.class_id = ranked.class_id and e.status = 'active'
        where t.assignment_id = ranked.id and t.status = 'submitted')`.mapWith(Number),
        students: sql<number>`(select count(*) from enrollments e where e.class_id = ranked.class_id and e.status = 'active')`.mapWith(Number),
        // Counted attempt by attempt, each a probe of the partial index by attempt id. Written as a join, PostgreSQL
        // may plan it as a scan of the whole index (every answer still waiting, in every class) hashed against
        // the attempts: 200 ms against 10 ms on the bench's school right after a copy.
        toGrade: sql<number>`(select coalesce(sum((select count(*) from responses r where r.attempt_id = t.id
          and ${needsGrading(db, sql.raw("r.needs_grading"))} and r.score is null)), 0)
        from attempts t where t.assignment_id = ranked.id and t.status = 'submitted')`.mapWith(Number),
      })
      .from(ranked)
      .where(lte(ranked.rank, perClass))
      .orderBy(desc(ranked.createdAt), desc(ranked.id)),
  );
}

// ── Changing an assignment after it was assigned ────────────────────────────────────────────────────────

/**
 * The assignment's id and class, if the instructor teaches its class (and, for a change, the class is not
 * archived). For a change, which runs in a transaction, the assignment and class rows are read with a lock
 * (FOR UPDATE on PostgreSQL) held until it commits: the class cannot be archived, nor the assignment changed
 * by another request, in between; and work referencing the assignment (an attempt, a debate) waits for it.
 */
function taught(db: Database, instructorId: number, assignmentId: number, forChange = false) {
  const { assignments, classes } = db.t;
  const query = db.q
    .select({ id: assignments.id, classId: assignments.classId, archivedAt: assignments.archivedAt })
    // The class first: PostgreSQL locks the rows of a join in this order, the order deleteClass locks them in.
    .from(classes)
    .innerJoin(assignments, eq(assignments.classId, classes.id))
    .where(and(eq(assignments.id, assignmentId), forChange ? teachesOpen(instructorId) : teaches(instructorId)));
  return db.get(forChange ? db.forUpdate(query) : query);
}

export type AssignmentSettings = Pick<Assignment, "dueAt" | "latePolicy" | "feedbackMode" | "instructions">;

/**
 * Changes the due date, late policy, feedback mode and instructions; student work is not touched. Switching
 * to feedback on release holds feedback again until it is released. False when the assignment is not theirs.
 */
export function updateAssignment(db: Database, instructorId: number, assignmentId: number, settings: AssignmentSettings): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { assignments } = tx.t;
    const row = await taught(tx, instructorId, assignmentId, true);
    if (!row) return false;
    const current = (await tx.get(tx.q.select({ feedbackMode: assignments.feedbackMode }).from(assignments).where(eq(assignments.id, assignmentId))))!;
    await tx.run(
      tx.q
        .update(assignments)
        .set({
          dueAt: settings.dueAt,
          latePolicy: settings.latePolicy,
          feedbackMode: settings.feedbackMode,
          instructions: settings.instructions?.trim() || null,
          ...(current.feedbackMode !== settings.feedbackMode && settings.feedbackMode === "on_release" ? { feedbackReleasedAt: null } : {}),
        })
        .where(eq(assignments.id, assignmentId)),
    );
    return true;
  });
}

/** What unassigning would do: student work (attempts, debate sessions) means archive, none means delete. */
export async function unassignImpact(db: Database, instructorId: number, assignmentId: number): Promise<{ attempts: number; sessions: number } | undefined> {
  const { attempts, debateSessions } = db.t;
  if (!(await taught(db, instructorId, assignmentId))) return undefined;
  const n = (q: { n: number } | undefined) => q?.n ?? 0;
  return {
    attempts: n(await db.get(db.q.select({ n: count() }).from(attempts).where(eq(attempts.assignmentId, assignmentId)))),
    sessions: n(await db.get(db.q.select({ n: count() }).from(debateSessions).where(eq(debateSessions.assignmentId, assignmentId)))),
  };
}

export type UnassignResult =
  | { status: "deleted" }
  | { status: "archived"; at: number; endedDebates: DebateEventOut[]; endedSessionIds: number[] }
  | { status: "already-archived" }
  | { status: "not-found" };

/**
 * Unassigns: an assignment without student work is deleted; one with work is archived (students no longer
 * see it; its instructors still review, grade and export it, and can restore it). Student work is never deleted.
 * Its debates still running end, as they do when a class is archived: a debate on a lesson students no longer
 * have would otherwise go on without it (the caller announces the ends).
 */
export function unassign(db: Database, instructorId: number, assignmentId: number, now = Date.now()): Promise<UnassignResult> {
  return db.transaction<UnassignResult>(async (tx) => {
    const { assignmentExtensions, assignments, commentSnippets } = tx.t;
    // Locks the assignment row (see taught) before counting its work: an attempt or a debate session being
    // written now references it, so it is counted, and one written later waits and finds it gone or archived.
    const row = await taught(tx, instructorId, assignmentId, true);
    if (!row) return { status: "not-found" };
    if (row.archivedAt !== null) return { status: "already-archived" };
    const impact = (await unassignImpact(tx, instructorId, assignmentId))!;
    if (impact.attempts > 0 || impact.sessions > 0) {
      await tx.run(tx.q.update(assignments).set({ archivedAt: now }).where(eq(assignments.id, assignmentId)));
      return { status: "archived", at: now, ...(await endRunningSessions(tx, eq(tx.t.debateSessions.assignmentId, assignmentId), now)) };
    }
    await tx.run(tx.q.delete(commentSnippets).where(eq(commentSnippets.assignmentId, assignmentId)));
    await tx.run(tx.q.delete(assignmentExtensions).where(eq(assignmentExtensions.assignmentId, assignmentId)));
    await tx.run(tx.q.delete(assignments).where(eq(assignments.id, assignmentId)));
    return { status: "deleted" };
  });
}

/** Puts an archived assignment back in front of its students; false when it is not theirs or not archived. */
export function restoreAssignment(db: Database, instructorId: number, assignmentId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { assignments } = tx.t;
    const row = await taught(tx, instructorId, assignmentId, true);
    if (!row || row.archivedAt === null) return false;
    await tx.run(tx.q.update(assignments).set({ archivedAt: null }).where(eq(assignments.id, assignmentId)));
    return true;
  });
}

/** The class's assignments (not archived) of this lesson, newest first: assigning it again is worth a warning. */
export async function findAssignmentsOfLesson(db: Database, instructorId: number, classId: number, lessonId: string): Promise<Pick<Assignment, "id" | "dueAt" | "createdAt">[]> {
  const { assignments, classes } = db.t;
  return db.all(
    db.q
      .select({ id: assignments.id, dueAt: assignments.dueAt, createdAt: assignments.createdAt })
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .where(and(eq(assignments.classId, classId), eq(assignments.lessonId, lessonId), isNull(assignments.archivedAt), teaches(instructorId)))
      .orderBy(desc(assignments.createdAt), desc(assignments.id)),
  );
}

// ── Per-student due dates (extensions) ──────────────────────────────────────────────────────────────────

export type Extension = { studentId: number; displayName: string; username: string; dueAt: number | null; createdAt: number };

/** The students of the assignment with a due date of their own, for an instructor who teaches the class. */
export async function listExtensions(db: Database, instructorId: number, assignmentId: number): Promise<Extension[] | undefined> {
  const { assignmentExtensions, users } = db.t;
  if (!(await taught(db, instructorId, assignmentId))) return undefined;
  return db.all(
    db.q
      .select({ studentId: users.id, displayName: users.displayName, username: users.username, dueAt: assignmentExtensions.dueAt, createdAt: assignmentExtensions.createdAt })
      .from(assignmentExtensions)
      .innerJoin(users, eq(users.id, assignmentExtensions.studentId))
      .where(eq(assignmentExtensions.assignmentId, assignmentId))
      .orderBy(asc(users.displayName), asc(users.id)),
  );
}

/**
 * Gives one student of the class their own due date (null: reopened, with no due date), replacing any
 * earlier one. False when the assignment is not theirs or the student is not in its class.
 */
export function setExtension(db: Database, instructorId: number, assignmentId: number, studentId: number, dueAt: number | null): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { assignmentExtensions, enrollments } = tx.t;
    const row = await taught(tx, instructorId, assignmentId, true);
    if (!row) return false;
    const member = await tx.get(
      tx.q
        .select({ id: enrollments.studentId })
        .from(enrollments)
        .where(and(eq(enrollments.classId, row.classId), eq(enrollments.studentId, studentId))),
    );
    if (!member) return false;
    await tx.run(
      tx.q
        .insert(assignmentExtensions)
        .values({ assignmentId, studentId, dueAt, createdBy: instructorId })
        .onConflictDoUpdate({ target: [assignmentExtensions.assignmentId, assignmentExtensions.studentId], set: { dueAt, createdBy: instructorId, createdAt: Date.now() } }),
    );
    return true;
  });
}

/** Takes a student's own due date away (the assignment's applies again); false when there was none to take. */
export function removeExtension(db: Database, instructorId: number, assignmentId: number, studentId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { assignmentExtensions } = tx.t;
    if (!(await taught(tx, instructorId, assignmentId, true))) return false;
    const gone = await tx.all(
      tx.q
        .delete(assignmentExtensions)
        .where(and(eq(assignmentExtensions.assignmentId, assignmentId), eq(assignmentExtensions.studentId, studentId)))
        .returning({ id: assignmentExtensions.studentId }),
    );
    return gone.length > 0;
  });
}

/** The student's own due date for the assignment, if the instructor teaches the class: undefined when none. */
export async function getExtension(db: Database, instructorId: number, assignmentId: number, studentId: number): Promise<{ dueAt: number | null } | undefined> {
  const { assignmentExtensions } = db.t;
  if (!(await taught(db, instructorId, assignmentId))) return undefined;
  return db.get(
    db.q
      .select({ dueAt: assignmentExtensions.dueAt })
      .from(assignmentExtensions)
      .where(and(eq(assignmentExtensions.assignmentId, assignmentId), eq(assignmentExtensions.studentId, studentId))),
  );
}
