import { and, asc, eq, sql } from "drizzle-orm";
import type { Answer } from "@/lib/answers";
import type { Database } from "../database";
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
export async function listGradingEntries(db: Database, instructorId: number, assignmentId: number, anonymised = false): Promise<GradingEntry[] | undefined> {
  const index = await ownedIndex(db, instructorId, assignmentId);
  if (!index) return undefined;
  const { attempts, responses, users } = db.t;
  const rows = (await db.all(
    db.q
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
      .orderBy(asc(users.displayName), asc(users.id)),
  )) as GradingEntry[];
  const order = new Map(index.items.map((item, i) => [item.id, i]));
  // A stable shuffle keyed by the assignment: anonymised grading does not reveal the roster's order.
  const shuffle = (studentId: number) => ((studentId * 2654435761 + assignmentId * 40503) >>> 0) % 1_000_003;
  return rows.sort(
    (a, b) =>
      (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0) ||
      (anonymised ? shuffle(a.studentId) - shuffle(b.studentId) : 0),
  );
}

async function ownedIndex(db: Database, instructorId: number, assignmentId: number) {
  const { assignments, classes } = db.t;
  const owned = await db.get(
    db.q
      .select({ id: assignments.id })
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .where(and(eq(assignments.id, assignmentId), teaches(instructorId))),
  );
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
export function gradeResponse(db: Database, instructorId: number, assignmentId: number, input: GradeInput, now = Date.now()): Promise<GradeResult> {
  return db.transaction(async (tx) => {
    const { assignments, attempts, classes, responses, users } = tx.t;
    // Row lock (tx.forUpdate) on the response's attempt before the response is read: on PostgreSQL a second
    // grader saving the same response at the same moment waits here until this transaction ends, then reads
    // the grade it saved and gets a conflict, so no grade is lost; a return of the attempt (returnAttempt
    // locks the same row) cannot come between the read and the write either. Writers of an attempt's
    // responses all take its row first (see writeAnswers in ./attempts), so they never deadlock.
    await tx.get(
      tx.forUpdate(
        tx.q
          .select({ id: attempts.id })
          .from(attempts)
          .where(eq(attempts.id, tx.q.select({ attemptId: responses.attemptId }).from(responses).where(eq(responses.id, input.responseId)))),
      ),
    );
    const row = await tx.get(
      tx.q
        .select({
          attemptId: responses.attemptId,
          maxScore: responses.maxScore,
          version: responses.gradeVersion,
          score: responses.score,
          comment: responses.comment,
          graderId: responses.gradedBy,
          gradedBy: users.displayName,
        })
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
        ),
    );
    if (!row) return { status: "not-found" as const };
    const max = row.maxScore ?? 0;
    if (!(input.score >= 0 && input.score <= max)) return { status: "out-of-range" as const, max };
    // To replace a grade they were shown in a conflict, graders resend naming that grade's version; a
    // grade saved since then conflicts again, so no grade is ever replaced unseen.
    const comment = input.comment.trim() || null;
    // The same grade sent again by its grader (a form resent after its answer was lost): already saved.
    if (row.version === input.expectedVersion + 1 && row.graderId === instructorId && row.score === input.score && row.comment === comment) {
      return { status: "saved" as const, version: row.version };
    }
    if (row.version !== input.expectedVersion) {
      return { status: "conflict" as const, current: { score: row.score, comment: row.comment, gradedBy: row.gradedBy, version: row.version } };
    }
    await tx.run(
      tx.q
        .update(responses)
        .set({ score: input.score, comment, gradedBy: instructorId, gradedAt: now, gradeVersion: row.version + 1 })
        .where(eq(responses.id, input.responseId)),
    );
    // PostgreSQL rounds numerics only (not double precision); SQLite's round takes its reals.
    const total =
      tx.dialect === "postgres"
        ? sql`(select round(coalesce(sum(${responses.score}), 0)::numeric, 2) from ${responses} where ${responses.attemptId} = ${row.attemptId})`
        : sql`(select round(coalesce(sum(${responses.score}), 0), 2) from ${responses} where ${responses.attemptId} = ${row.attemptId})`;
    await tx.run(tx.q.update(attempts).set({ score: total }).where(eq(attempts.id, row.attemptId)));
    return { status: "saved" as const, version: row.version + 1 };
  });
}

export async function listSnippets(db: Database, instructorId: number, assignmentId: number, itemId: string): Promise<{ id: number; text: string }[]> {
  const { assignments, classes, commentSnippets } = db.t;
  return db.all(
    db.q
      .select({ id: commentSnippets.id, text: commentSnippets.text })
      .from(commentSnippets)
      .innerJoin(assignments, eq(assignments.id, commentSnippets.assignmentId))
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .where(and(eq(commentSnippets.assignmentId, assignmentId), eq(commentSnippets.itemId, itemId), teaches(instructorId)))
      .orderBy(asc(commentSnippets.id)),
  );
}

/** Keeps a comment for reuse on the same question; false when the assignment is not the instructor's. */
export async function addSnippet(db: Database, instructorId: number, assignmentId: number, itemId: string, text: string): Promise<boolean> {
  const index = await ownedIndex(db, instructorId, assignmentId);
  if (!index?.byId.has(itemId)) return false;
  // Read, then written: under the question's lock (tx.lock) two saves of one comment at once keep it once.
  await db.transaction(async (tx) => {
    await tx.lock(`snippets:${assignmentId}:${itemId}`);
    const exists = (await listSnippets(tx, instructorId, assignmentId, itemId)).some((s) => s.text === text);
    if (!exists) await tx.run(tx.q.insert(tx.t.commentSnippets).values({ assignmentId, itemId, text, createdBy: instructorId }));
  });
  return true;
}
