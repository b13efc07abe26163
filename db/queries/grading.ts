import { and, asc, eq, sql } from "drizzle-orm";
import type { Answer } from "@/lib/answers";
import type { Queryable } from "../open";
import { assignments, attempts, classes, commentSnippets, responses, users } from "../schema";
import { teaches, teachesOpen } from "./teaching";
import { lessonIndexFor } from "./attempts";

/*
 * Grading short answers and debate arguments. Every function takes the acting instructor and puts class
 * ownership into its query: another instructor's response is simply not found.
 */

export type GradingEntry = {
  responseId: number;
  itemId: string;
  studentId: number;
  studentName: string;
  answer: Answer;
  score: number | null;
  maxScore: number;
  comment: string | null;
  gradeVersion: number;
  gradedAt: number | null;
};

/**
 * Every submitted response that an instructor grades by hand, for an assignment the instructor owns,
 * ordered by question and then student (or, anonymised, by a shuffle that does not follow the roster).
 */
export function listGradingEntries(db: Queryable, instructorId: number, assignmentId: number, anonymised = false): GradingEntry[] | undefined {
  const index = ownedIndex(db, instructorId, assignmentId);
  if (!index) return undefined;
  const rows = db
    .select({
      responseId: responses.id,
      itemId: responses.itemId,
      studentId: attempts.studentId,
      studentName: users.displayName,
      answer: responses.answer,
      score: responses.score,
      maxScore: responses.maxScore,
      comment: responses.comment,
      gradeVersion: responses.gradeVersion,
      gradedAt: responses.gradedAt,
    })
    .from(responses)
    .innerJoin(attempts, eq(attempts.id, responses.attemptId))
    .innerJoin(users, eq(users.id, attempts.studentId))
    .where(and(eq(attempts.assignmentId, assignmentId), eq(attempts.status, "submitted"), eq(responses.needsGrading, true)))
    .orderBy(asc(users.displayName), asc(users.id))
    .all() as GradingEntry[];
  const order = new Map(index.items.map((item, i) => [item.id, i]));
  // A stable shuffle keyed by the assignment: anonymised grading does not reveal the roster's order.
  const shuffle = (studentId: number) => ((studentId * 2654435761 + assignmentId * 40503) >>> 0) % 1_000_003;
  return rows.sort(
    (a, b) =>
      (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0) ||
      (anonymised ? shuffle(a.studentId) - shuffle(b.studentId) : 0),
  );
}

function ownedIndex(db: Queryable, instructorId: number, assignmentId: number) {
  const owned = db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(and(eq(assignments.id, assignmentId), teaches(instructorId)))
    .get();
  return owned ? lessonIndexFor(db, assignmentId) : undefined;
}

export type GradeInput = { responseId: number; score: number; comment: string; expectedVersion: number };
export type GradeResult =
  | { status: "saved"; version: number }
  | { status: "not-found" }
  | { status: "out-of-range"; max: number }
  | { status: "conflict"; current: { score: number | null; comment: string | null; gradedBy: string | null; version: number } };

/**
 * Saves a grade, unless someone graded the response after the grader loaded it (their version is older):
 * then nothing changes and the newer grade is returned, to be shown, so no grade is lost silently.
 * The attempt's total is recomputed in the same transaction.
 */
export function gradeResponse(db: Queryable, instructorId: number, assignmentId: number, input: GradeInput, now = Date.now()): GradeResult {
  return db.transaction(
    (tx) => {
      const row = tx
        .select({ attemptId: responses.attemptId, maxScore: responses.maxScore, version: responses.gradeVersion, score: responses.score, comment: responses.comment, gradedBy: users.displayName })
        .from(responses)
        .innerJoin(attempts, eq(attempts.id, responses.attemptId))
        .innerJoin(assignments, eq(assignments.id, attempts.assignmentId))
        .innerJoin(classes, eq(classes.id, assignments.classId))
        .leftJoin(users, eq(users.id, responses.gradedBy))
        .where(
          and(
            eq(responses.id, input.responseId),
            eq(assignments.id, assignmentId),
            teachesOpen(instructorId),
            eq(attempts.status, "submitted"),
            eq(responses.needsGrading, true),
          ),
        )
        .get();
      if (!row) return { status: "not-found" as const };
      const max = row.maxScore ?? 0;
      if (!(input.score >= 0 && input.score <= max)) return { status: "out-of-range" as const, max };
      // To replace a grade they were shown in a conflict, graders resend naming that grade's version; a
      // grade saved since then conflicts again, so no grade is ever replaced unseen.
      if (row.version !== input.expectedVersion) {
        return { status: "conflict" as const, current: { score: row.score, comment: row.comment, gradedBy: row.gradedBy, version: row.version } };
      }
      tx.update(responses)
        .set({ score: input.score, comment: input.comment.trim() || null, gradedBy: instructorId, gradedAt: now, gradeVersion: row.version + 1 })
        .where(eq(responses.id, input.responseId))
        .run();
      tx.update(attempts)
        .set({ score: sql`(select round(coalesce(sum(${responses.score}), 0), 2) from ${responses} where ${responses.attemptId} = ${row.attemptId})` })
        .where(eq(attempts.id, row.attemptId))
        .run();
      return { status: "saved" as const, version: row.version + 1 };
    },
    { behavior: "immediate" },
  );
}

export function listSnippets(db: Queryable, instructorId: number, assignmentId: number, itemId: string): { id: number; text: string }[] {
  return db
    .select({ id: commentSnippets.id, text: commentSnippets.text })
    .from(commentSnippets)
    .innerJoin(assignments, eq(assignments.id, commentSnippets.assignmentId))
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(and(eq(commentSnippets.assignmentId, assignmentId), eq(commentSnippets.itemId, itemId), teaches(instructorId)))
    .orderBy(asc(commentSnippets.id))
    .all();
}

/** Keeps a comment for reuse on the same question; false when the assignment is not the instructor's. */
export function addSnippet(db: Queryable, instructorId: number, assignmentId: number, itemId: string, text: string): boolean {
  const index = ownedIndex(db, instructorId, assignmentId);
  if (!index?.byId.has(itemId)) return false;
  const exists = listSnippets(db, instructorId, assignmentId, itemId).some((s) => s.text === text);
  if (!exists) db.insert(commentSnippets).values({ assignmentId, itemId, text, createdBy: instructorId }).run();
  return true;
}
