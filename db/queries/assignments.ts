import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Lesson } from "@/lib/content/schema";
import type { Queryable } from "../open";
import { assignments, attempts, classes, enrollments, responses, type Assignment, type Attempt } from "../schema";
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
  input: { classId: number; lesson: Lesson; lessonVersionId?: number | null; dueAt: number | null; feedbackMode?: Assignment["feedbackMode"] },
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
        createdBy: instructorId,
      })
      .returning()
      .get();
  });
}

export type AssignmentSummary = Pick<Assignment, "id" | "classId" | "lessonId" | "lessonTitle" | "dueAt" | "createdAt">;

const summaryColumns = {
  id: assignments.id,
  classId: assignments.classId,
  lessonId: assignments.lessonId,
  lessonTitle: assignments.lessonTitle,
  dueAt: assignments.dueAt,
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

export type AssignmentStatus = "not-started" | "in-progress" | "submitted";
export type StudentAssignment = AssignmentSummary & {
  className: string;
  feedbackShown: boolean;
  status: AssignmentStatus;
  score: Attempt["score"];
  maxScore: Attempt["maxScore"];
  /** Answers of the submitted attempt still waiting for the instructor's grade: until then the score is partial. */
  toGrade: number;
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
      score: attempts.score,
      maxScore: attempts.maxScore,
      toGrade: sql<number>`(select count(*) from ${responses} where ${responses.attemptId} = ${attempts.id} and ${responses.needsGrading} = 1 and ${responses.score} is null)`,
    })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .innerJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
    .where(isNull(classes.archivedAt))
    .orderBy(sql`${attempts.status} is 'submitted'`, sql`${assignments.dueAt} is null`, asc(assignments.dueAt), desc(assignments.createdAt))
    .all()
    .map(({ attemptStatus, feedbackMode, feedbackReleasedAt, ...row }) => ({
      ...row,
      feedbackShown: feedbackVisible({ feedbackMode, feedbackReleasedAt }),
      status: attemptStatus === "submitted" ? "submitted" : attemptStatus === "in_progress" ? "in-progress" : "not-started",
    }));
}

export function getAssignmentForStudent(db: Queryable, studentId: number, assignmentId: number): AssignmentWithLesson | undefined {
  const row = db
    .select({ assignment: assignments })
    .from(assignments)
    .innerJoin(enrollments, and(eq(enrollments.classId, assignments.classId), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .where(eq(assignments.id, assignmentId))
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

export type AssignmentProgress = { id: number; classId: number; lessonTitle: string; dueAt: number | null; submitted: number; students: number; toGrade: number };

/** Every assignment of the instructor's classes with its progress, in one query whatever the class sizes. */
export function listAssignmentProgress(db: Queryable, instructorId: number): AssignmentProgress[] {
  return db
    .select({
      id: assignments.id,
      classId: assignments.classId,
      lessonTitle: assignments.lessonTitle,
      dueAt: assignments.dueAt,
      submitted: sql<number>`(select count(*) from ${attempts} join ${enrollments} e on e.student_id = ${attempts.studentId} and e.class_id = ${assignments.classId} and e.status = 'active'
        where ${attempts.assignmentId} = ${assignments.id} and ${attempts.status} = 'submitted')`,
      students: sql<number>`(select count(*) from ${enrollments} where ${enrollments.classId} = ${assignments.classId} and ${enrollments.status} = 'active')`,
      toGrade: sql<number>`(select count(*) from responses r join ${attempts} a on a.id = r.attempt_id
        where a.assignment_id = ${assignments.id} and a.status = 'submitted' and r.needs_grading = 1 and r.score is null)`,
    })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(teaches(instructorId))
    .orderBy(desc(assignments.createdAt), desc(assignments.id))
    .all();
}
