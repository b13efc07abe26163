import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Lesson } from "@/lib/content/schema";
import type { Queryable } from "../open";
import { effectiveDueAt, isLate } from "@/lib/write-window";
import { assignmentExtensions, assignments, attempts, classes, commentSnippets, debateSessions, enrollments, responses, users, type Assignment, type Attempt } from "../schema";
import { teaches, teachesOpen } from "./teaching";

/** An assignment row with its snapshot typed: the lesson exactly as it was when assigned. */
export type AssignmentWithLesson = Omit<Assignment, "lessonSnapshot"> & { lesson: Lesson };

function withLesson(row: Assignment): AssignmentWithLesson {
  const { lessonSnapshot, ...rest } = row;
  return { ...rest, lesson: lessonSnapshot as Lesson };
}

/** Assigns a lesson to a class the instructor owns; returns undefined (and stores nothing) otherwise. */
export function createAssignment(
  db: Queryable,
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
): Assignment | undefined {
  return db.transaction((tx) => {
    const owned = tx
      .select({ id: classes.id })
      .from(classes)
      .where(and(eq(classes.id, input.classId), teachesOpen(instructorId)))
      .get();
    if (!owned) return undefined;
    return tx
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
      .returning()
      .get();
  });
}

export type AssignmentSummary = Pick<Assignment, "id" | "classId" | "lessonId" | "lessonTitle" | "dueAt" | "latePolicy" | "archivedAt" | "createdAt">;

const summaryColumns = {
  id: assignments.id,
  classId: assignments.classId,
  lessonId: assignments.lessonId,
  lessonTitle: assignments.lessonTitle,
  dueAt: assignments.dueAt,
  latePolicy: assignments.latePolicy,
  archivedAt: assignments.archivedAt,
  createdAt: assignments.createdAt,
};

export function listAssignmentsForClass(db: Queryable, instructorId: number, classId: number): AssignmentSummary[] {
  return db
    .select(summaryColumns)
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(and(eq(assignments.classId, classId), teaches(instructorId)))
    .orderBy(desc(assignments.createdAt), desc(assignments.id))
    .all();
}

export function getAssignmentForInstructor(db: Queryable, instructorId: number, assignmentId: number): AssignmentWithLesson | undefined {
  const row = db
    .select({ assignment: assignments })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(and(eq(assignments.id, assignmentId), teaches(instructorId)))
    .get();
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
export function listAssignmentsForStudent(db: Queryable, studentId: number): StudentAssignment[] {
  return db
    .select({
      ...summaryColumns,
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
      toGrade: sql<number>`(select count(*) from ${responses} where ${responses.attemptId} = ${attempts.id} and ${responses.needsGrading} = 1 and ${responses.score} is null)`,
    })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .innerJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
    .leftJoin(assignmentExtensions, and(eq(assignmentExtensions.assignmentId, assignments.id), eq(assignmentExtensions.studentId, studentId)))
    .where(and(isNull(assignments.archivedAt), isNull(classes.archivedAt)))
    .orderBy(sql`${attempts.status} is 'submitted'`, sql`${assignments.dueAt} is null`, asc(assignments.dueAt), desc(assignments.createdAt))
    .all()
    .map(({ attemptStatus, feedbackMode, feedbackReleasedAt, returnedAt, submittedAt, extensionStudentId, extensionDueAt, ...row }) => {
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

export function getAssignmentForStudent(db: Queryable, studentId: number, assignmentId: number): AssignmentWithLesson | undefined {
  const row = db
    .select({ assignment: assignments })
    .from(assignments)
    .innerJoin(enrollments, and(eq(enrollments.classId, assignments.classId), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .where(and(eq(assignments.id, assignmentId), isNull(assignments.archivedAt)))
    .get();
  return row && withLesson(row.assignment);
}

export type ReleaseResult = { status: "released"; at: number } | { status: "already-released"; at: number } | { status: "not-found" };

/** Releases held feedback to the students, once; the instructor must own the class. */
export function releaseFeedback(db: Queryable, instructorId: number, assignmentId: number, now = Date.now()): ReleaseResult {
  return db.transaction((tx) => {
    const row = tx
      .select({ releasedAt: assignments.feedbackReleasedAt })
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .where(and(eq(assignments.id, assignmentId), teachesOpen(instructorId)))
      .get();
    if (!row) return { status: "not-found" as const };
    if (row.releasedAt) return { status: "already-released" as const, at: row.releasedAt };
    tx.update(assignments).set({ feedbackReleasedAt: now }).where(eq(assignments.id, assignmentId)).run();
    return { status: "released" as const, at: now };
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
export function listAssignmentProgress(db: Queryable, instructorId: number, perClass = RECENT_PER_CLASS): AssignmentProgress[] {
  const ranked = db
    .select({
      id: assignments.id,
      classId: assignments.classId,
      lessonTitle: assignments.lessonTitle,
      dueAt: assignments.dueAt,
      createdAt: assignments.createdAt,
      rank: sql<number>`row_number() over (partition by ${assignments.classId} order by ${assignments.createdAt} desc, ${assignments.id} desc)`.as("rank"),
      inClass: sql<number>`count(*) over (partition by ${assignments.classId})`.as("in_class"),
    })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    // Archived classes are not on the home page, so their assignments are not ranked or counted either.
    .where(and(teaches(instructorId), isNull(classes.archivedAt), isNull(assignments.archivedAt)))
    .as("ranked");
  return db
    .select({
      id: ranked.id,
      classId: ranked.classId,
      lessonTitle: ranked.lessonTitle,
      dueAt: ranked.dueAt,
      inClass: ranked.inClass,
      // Plain SQL with its own aliases (ranked.id, ranked.class_id): drizzle names a subquery's columns unqualified.
      submitted: sql<number>`(select count(*) from attempts t join enrollments e on e.student_id = t.student_id and e.class_id = ranked.class_id and e.status = 'active'
        where t.assignment_id = ranked.id and t.status = 'submitted')`,
      students: sql<number>`(select count(*) from enrollments e where e.class_id = ranked.class_id and e.status = 'active')`,
      toGrade: sql<number>`(select count(*) from responses r join attempts t on t.id = r.attempt_id
        where t.assignment_id = ranked.id and t.status = 'submitted' and r.needs_grading = 1 and r.score is null)`,
    })
    .from(ranked)
    .where(lte(ranked.rank, perClass))
    .orderBy(desc(ranked.createdAt), desc(ranked.id))
    .all();
}

// ── Changing an assignment after it was assigned ────────────────────────────────────────────────────────

/** The assignment's id and class, if the instructor teaches its class (and, for a change, the class is not archived). */
function taught(db: Queryable, instructorId: number, assignmentId: number, forChange = false) {
  return db
    .select({ id: assignments.id, classId: assignments.classId, archivedAt: assignments.archivedAt })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(and(eq(assignments.id, assignmentId), forChange ? teachesOpen(instructorId) : teaches(instructorId)))
    .get();
}

export type AssignmentSettings = Pick<Assignment, "dueAt" | "latePolicy" | "feedbackMode" | "instructions">;

/**
 * Changes the due date, late policy, feedback mode and instructions; student work is not touched. Switching
 * to feedback on release holds feedback again until it is released. False when the assignment is not theirs.
 */
export function updateAssignment(db: Queryable, instructorId: number, assignmentId: number, settings: AssignmentSettings): boolean {
  return db.transaction((tx) => {
    const row = taught(tx, instructorId, assignmentId, true);
    if (!row) return false;
    const current = tx.select({ feedbackMode: assignments.feedbackMode }).from(assignments).where(eq(assignments.id, assignmentId)).get()!;
    tx.update(assignments)
      .set({
        dueAt: settings.dueAt,
        latePolicy: settings.latePolicy,
        feedbackMode: settings.feedbackMode,
        instructions: settings.instructions?.trim() || null,
        ...(current.feedbackMode !== settings.feedbackMode && settings.feedbackMode === "on_release" ? { feedbackReleasedAt: null } : {}),
      })
      .where(eq(assignments.id, assignmentId))
      .run();
    return true;
  });
}

/** What unassigning would do: student work (attempts, debate sessions) means archive, none means delete. */
export function unassignImpact(db: Queryable, instructorId: number, assignmentId: number): { attempts: number; sessions: number } | undefined {
  if (!taught(db, instructorId, assignmentId)) return undefined;
  const n = (q: { n: number } | undefined) => q?.n ?? 0;
  return {
    attempts: n(db.select({ n: sql<number>`count(*)` }).from(attempts).where(eq(attempts.assignmentId, assignmentId)).get()),
    sessions: n(db.select({ n: sql<number>`count(*)` }).from(debateSessions).where(eq(debateSessions.assignmentId, assignmentId)).get()),
  };
}

export type UnassignResult = { status: "deleted" } | { status: "archived"; at: number } | { status: "already-archived" } | { status: "not-found" };

/**
 * Unassigns: an assignment without student work is deleted; one with work is archived (students no longer
 * see it; its instructors still review, grade and export it, and can restore it). Student work is never deleted.
 */
export function unassign(db: Queryable, instructorId: number, assignmentId: number, now = Date.now()): UnassignResult {
  return db.transaction(
    (tx) => {
      const row = taught(tx, instructorId, assignmentId, true);
      if (!row) return { status: "not-found" as const };
      if (row.archivedAt !== null) return { status: "already-archived" as const };
      const impact = unassignImpact(tx, instructorId, assignmentId)!;
      if (impact.attempts > 0 || impact.sessions > 0) {
        tx.update(assignments).set({ archivedAt: now }).where(eq(assignments.id, assignmentId)).run();
        return { status: "archived" as const, at: now };
      }
      tx.delete(commentSnippets).where(eq(commentSnippets.assignmentId, assignmentId)).run();
      tx.delete(assignmentExtensions).where(eq(assignmentExtensions.assignmentId, assignmentId)).run();
      tx.delete(assignments).where(eq(assignments.id, assignmentId)).run();
      return { status: "deleted" as const };
    },
    { behavior: "immediate" },
  );
}

/** Puts an archived assignment back in front of its students; false when it is not theirs or not archived. */
export function restoreAssignment(db: Queryable, instructorId: number, assignmentId: number): boolean {
  return db.transaction((tx) => {
    const row = taught(tx, instructorId, assignmentId, true);
    if (!row || row.archivedAt === null) return false;
    tx.update(assignments).set({ archivedAt: null }).where(eq(assignments.id, assignmentId)).run();
    return true;
  });
}

/** The class's assignments (not archived) of this lesson, newest first: assigning it again is worth a warning. */
export function findAssignmentsOfLesson(db: Queryable, instructorId: number, classId: number, lessonId: string): Pick<Assignment, "id" | "dueAt" | "createdAt">[] {
  return db
    .select({ id: assignments.id, dueAt: assignments.dueAt, createdAt: assignments.createdAt })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(and(eq(assignments.classId, classId), eq(assignments.lessonId, lessonId), isNull(assignments.archivedAt), teaches(instructorId)))
    .orderBy(desc(assignments.createdAt), desc(assignments.id))
    .all();
}

// ── Per-student due dates (extensions) ──────────────────────────────────────────────────────────────────

export type Extension = { studentId: number; displayName: string; username: string; dueAt: number | null; createdAt: number };

/** The students of the assignment with a due date of their own, for an instructor who teaches the class. */
export function listExtensions(db: Queryable, instructorId: number, assignmentId: number): Extension[] | undefined {
  if (!taught(db, instructorId, assignmentId)) return undefined;
  return db
    .select({ studentId: users.id, displayName: users.displayName, username: users.username, dueAt: assignmentExtensions.dueAt, createdAt: assignmentExtensions.createdAt })
    .from(assignmentExtensions)
    .innerJoin(users, eq(users.id, assignmentExtensions.studentId))
    .where(eq(assignmentExtensions.assignmentId, assignmentId))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

/**
 * Gives one student of the class their own due date (null: reopened, with no due date), replacing any
 * earlier one. False when the assignment is not theirs or the student is not in its class.
 */
export function setExtension(db: Queryable, instructorId: number, assignmentId: number, studentId: number, dueAt: number | null): boolean {
  return db.transaction((tx) => {
    const row = taught(tx, instructorId, assignmentId, true);
    if (!row) return false;
    const member = tx
      .select({ id: enrollments.studentId })
      .from(enrollments)
      .where(and(eq(enrollments.classId, row.classId), eq(enrollments.studentId, studentId)))
      .get();
    if (!member) return false;
    tx.insert(assignmentExtensions)
      .values({ assignmentId, studentId, dueAt, createdBy: instructorId })
      .onConflictDoUpdate({ target: [assignmentExtensions.assignmentId, assignmentExtensions.studentId], set: { dueAt, createdBy: instructorId, createdAt: Date.now() } })
      .run();
    return true;
  });
}

/** Takes a student's own due date away (the assignment's applies again); false when there was none to take. */
export function removeExtension(db: Queryable, instructorId: number, assignmentId: number, studentId: number): boolean {
  return db.transaction((tx) => {
    if (!taught(tx, instructorId, assignmentId, true)) return false;
    const gone = tx
      .delete(assignmentExtensions)
      .where(and(eq(assignmentExtensions.assignmentId, assignmentId), eq(assignmentExtensions.studentId, studentId)))
      .returning({ id: assignmentExtensions.studentId })
      .all();
    return gone.length > 0;
  });
}

/** The student's own due date for the assignment, if the instructor teaches the class: undefined when none. */
export function getExtension(db: Queryable, instructorId: number, assignmentId: number, studentId: number): { dueAt: number | null } | undefined {
  if (!taught(db, instructorId, assignmentId)) return undefined;
  return db
    .select({ dueAt: assignmentExtensions.dueAt })
    .from(assignmentExtensions)
    .where(and(eq(assignmentExtensions.assignmentId, assignmentId), eq(assignmentExtensions.studentId, studentId)))
    .get();
}
