import { and, asc, eq, sql } from "drizzle-orm";
import { checkAnswer, type Answer } from "@/lib/answers";
import type { Lesson } from "@/lib/content/schema";
import { indexLesson, type LessonIndex } from "@/lib/lesson-items";
import { scoreItem } from "@/lib/scoring";
import type { Queryable } from "../open";
import { assignments, attempts, classes, enrollments, responses, users, type Attempt } from "../schema";
import { teaches } from "./teaching";

/*
 * A student's attempt at an assignment and its responses (drafts until submitted). Every function takes
 * the acting student and checks, inside its own transaction, that they are an active member of the
 * assignment's class: a forgotten check elsewhere cannot leak or change someone else's work.
 */

export class AttemptError extends Error {
  constructor(
    readonly code: "not-found" | "submitted" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

// A snapshot never changes once stored, so its parsed index is kept (bounded) rather than rebuilt per request.
const indexCache = new Map<number, LessonIndex>();
const INDEX_CACHE_SIZE = 200;

export function lessonIndexFor(db: Queryable, assignmentId: number): LessonIndex | undefined {
  const cached = indexCache.get(assignmentId);
  if (cached) return cached;
  const row = db.select({ snapshot: assignments.lessonSnapshot }).from(assignments).where(eq(assignments.id, assignmentId)).get();
  if (!row) return undefined;
  const index = indexLesson(row.snapshot as Lesson);
  if (indexCache.size >= INDEX_CACHE_SIZE) indexCache.delete(indexCache.keys().next().value!);
  indexCache.set(assignmentId, index);
  return index;
}

type Access = { assignmentId: number; attemptId: number | null; status: Attempt["status"] | null };

/** Prepared per connection: these run on every autosave. */
const statements = new WeakMap<Queryable, ReturnType<typeof prepare>>();
function prepare(db: Queryable) {
  return {
    access: db
      .select({ assignmentId: assignments.id, attemptId: attempts.id, status: attempts.status })
      .from(assignments)
      .innerJoin(
        enrollments,
        and(eq(enrollments.classId, assignments.classId), eq(enrollments.studentId, sql.placeholder("studentId")), eq(enrollments.status, "active")),
      )
      .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, sql.placeholder("studentId"))))
      .where(eq(assignments.id, sql.placeholder("assignmentId")))
      .prepare(),
    createAttempt: db
      .insert(attempts)
      .values({ assignmentId: sql.placeholder("assignmentId"), studentId: sql.placeholder("studentId"), updatedAt: sql.placeholder("now") })
      .onConflictDoNothing()
      .returning({ id: attempts.id })
      .prepare(),
    upsertResponse: db
      .insert(responses)
      .values({ attemptId: sql.placeholder("attemptId"), itemId: sql.placeholder("itemId"), answer: sql.placeholder("answer"), updatedAt: sql.placeholder("now") })
      .onConflictDoUpdate({ target: [responses.attemptId, responses.itemId], set: { answer: sql`excluded.answer`, updatedAt: sql`excluded.updated_at` } })
      .prepare(),
    deleteResponse: db
      .delete(responses)
      .where(and(eq(responses.attemptId, sql.placeholder("attemptId")), eq(responses.itemId, sql.placeholder("itemId"))))
      .prepare(),
    touchAttempt: db
      .update(attempts)
      .set({ updatedAt: sql`${sql.placeholder("now")}` })
      .where(eq(attempts.id, sql.placeholder("attemptId")))
      .prepare(),
  };
}
function stmts(db: Queryable) {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

function access(db: Queryable, studentId: number, assignmentId: number): Access {
  const row = stmts(db).access.get({ studentId, assignmentId });
  if (!row) throw new AttemptError("not-found", "This assignment does not exist or is not assigned to you.");
  return row;
}

/** Validates every answer against the snapshot; all or nothing. */
export function validateAnswers(index: LessonIndex, raw: Record<string, unknown>): Map<string, Answer | null> {
  const valid = new Map<string, Answer | null>();
  for (const [itemId, value] of Object.entries(raw)) {
    const check = checkAnswer(index, itemId, value);
    if (!check.ok) throw new AttemptError("invalid", check.error);
    valid.set(itemId, check.answer);
  }
  return valid;
}

function writeAnswers(db: Queryable, studentId: number, assignmentId: number, answers: Map<string, Answer | null>, now: number): number {
  const s = stmts(db);
  const current = access(db, studentId, assignmentId);
  if (current.status === "submitted") throw new AttemptError("submitted", "This lesson has been submitted; answers can no longer change.");
  let attemptId = current.attemptId;
  if (attemptId === null) {
    attemptId = s.createAttempt.get({ assignmentId, studentId, now })?.id ?? access(db, studentId, assignmentId).attemptId!;
  }
  for (const [itemId, answer] of answers) {
    if (answer === null) s.deleteResponse.run({ attemptId, itemId });
    else s.upsertResponse.run({ attemptId, itemId, answer, now });
  }
  s.touchAttempt.run({ attemptId, now });
  return attemptId;
}

/**
 * Saves draft answers (a map of item id → raw answer, null to clear) in one short write transaction.
 * Throws AttemptError: not-found (not this student's assignment), submitted, or invalid (nothing saved).
 */
export function saveDraftAnswers(db: Queryable, studentId: number, assignmentId: number, raw: Record<string, unknown>, now = Date.now()): { savedAt: number } {
  // Membership first: someone outside the class learns nothing about the lesson from the errors.
  access(db, studentId, assignmentId);
  const index = lessonIndexFor(db, assignmentId);
  if (!index) throw new AttemptError("not-found", "This assignment does not exist or is not assigned to you.");
  const answers = validateAnswers(index, raw);
  db.transaction((tx) => writeAnswers(tx, studentId, assignmentId, answers, now), { behavior: "immediate" });
  return { savedAt: now };
}

export type SubmitResult = { status: "submitted" | "already-submitted"; attemptId: number };

/**
 * Saves the final answers (if given) and submits, scoring every item from the assignment's snapshot.
 * Idempotent: submitting a submitted attempt changes nothing and says so.
 */
export function submitAttempt(db: Queryable, studentId: number, assignmentId: number, raw?: Record<string, unknown>, now = Date.now()): SubmitResult {
  access(db, studentId, assignmentId);
  const index = lessonIndexFor(db, assignmentId);
  if (!index) throw new AttemptError("not-found", "This assignment does not exist or is not assigned to you.");
  return db.transaction(
    (tx) => {
      const current = access(tx, studentId, assignmentId);
      if (current.status === "submitted") return { status: "already-submitted" as const, attemptId: current.attemptId! };
      const answers = raw ? validateAnswers(index, raw) : new Map<string, Answer | null>();
      const attemptId = writeAnswers(tx, studentId, assignmentId, answers, now);

      const stored = new Map(
        tx
          .select({ itemId: responses.itemId, answer: responses.answer })
          .from(responses)
          .where(eq(responses.attemptId, attemptId))
          .all()
          .map((r) => [r.itemId, r.answer as Answer]),
      );
      let score = 0;
      let maxScore = 0;
      for (const item of index.items) {
        const result = scoreItem(item, stored.get(item.id));
        maxScore += result.max;
        if (result.status !== "needs-grading") score += result.score;
        if (!stored.has(item.id)) continue;
        tx.update(responses)
          .set({
            score: result.status === "needs-grading" ? null : result.score,
            maxScore: result.max,
            needsGrading: result.status === "needs-grading",
          })
          .where(and(eq(responses.attemptId, attemptId), eq(responses.itemId, item.id)))
          .run();
      }
      tx.update(attempts)
        .set({ status: "submitted", submittedAt: now, updatedAt: now, score: Math.round(score * 100) / 100, maxScore })
        .where(eq(attempts.id, attemptId))
        .run();
      return { status: "submitted" as const, attemptId };
    },
    { behavior: "immediate" },
  );
}

export type StoredResponse = {
  itemId: string;
  answer: Answer;
  score: number | null;
  maxScore: number | null;
  needsGrading: boolean;
  comment: string | null;
  gradedBy: number | null;
  gradedAt: number | null;
  updatedAt: number;
};

export type StudentAttempt = { attempt: Attempt | null; responses: Map<string, StoredResponse> };

const responseColumns = {
  itemId: responses.itemId,
  answer: responses.answer,
  score: responses.score,
  maxScore: responses.maxScore,
  needsGrading: responses.needsGrading,
  comment: responses.comment,
  gradedBy: responses.gradedBy,
  gradedAt: responses.gradedAt,
  updatedAt: responses.updatedAt,
};

/** The student's own attempt (or null before their first save) with its responses, if the assignment is theirs. */
export function getStudentAttempt(db: Queryable, studentId: number, assignmentId: number): StudentAttempt | undefined {
  const row = db
    .select({ attempt: attempts })
    .from(assignments)
    .innerJoin(enrollments, and(eq(enrollments.classId, assignments.classId), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
    .where(eq(assignments.id, assignmentId))
    .get();
  if (!row) return undefined;
  if (!row.attempt) return { attempt: null, responses: new Map() };
  const list = db.select(responseColumns).from(responses).where(eq(responses.attemptId, row.attempt.id)).all() as StoredResponse[];
  return { attempt: row.attempt, responses: new Map(list.map((r) => [r.itemId, r])) };
}

export type ReviewRow = {
  student: { id: number; displayName: string; username: string; status: "active" | "withdrawn" };
  attempt: Pick<Attempt, "id" | "status" | "score" | "maxScore" | "submittedAt" | "updatedAt"> | null;
  responses: Map<string, StoredResponse>;
};

/**
 * Every student of the assignment's class with their attempt and responses, for the instructor who owns
 * the class; undefined otherwise. Three queries whatever the class size.
 */
export function listResponsesForAssignment(db: Queryable, instructorId: number, assignmentId: number): ReviewRow[] | undefined {
  const owned = db
    .select({ classId: assignments.classId })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(and(eq(assignments.id, assignmentId), teaches(instructorId)))
    .get();
  if (!owned) return undefined;
  const students = db
    .select({
      student: { id: users.id, displayName: users.displayName, username: users.username, status: enrollments.status },
      attempt: { id: attempts.id, status: attempts.status, score: attempts.score, maxScore: attempts.maxScore, submittedAt: attempts.submittedAt, updatedAt: attempts.updatedAt },
    })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.studentId))
    .leftJoin(attempts, and(eq(attempts.assignmentId, assignmentId), eq(attempts.studentId, users.id)))
    .where(eq(enrollments.classId, owned.classId))
    .orderBy(asc(users.displayName), asc(users.username))
    .all();
  const byAttempt = new Map<number, Map<string, StoredResponse>>();
  const rows = db
    .select({ attemptId: responses.attemptId, ...responseColumns })
    .from(responses)
    .innerJoin(attempts, eq(attempts.id, responses.attemptId))
    .where(eq(attempts.assignmentId, assignmentId))
    .all();
  for (const { attemptId, ...response } of rows) {
    if (!byAttempt.has(attemptId)) byAttempt.set(attemptId, new Map());
    byAttempt.get(attemptId)!.set(response.itemId, response as StoredResponse);
  }
  return students
    .filter((s) => s.student.status === "active" || s.attempt?.id)
    .map((s) => ({
      student: s.student,
      attempt: s.attempt?.id ? s.attempt : null,
      responses: (s.attempt?.id && byAttempt.get(s.attempt.id)) || new Map(),
    }));
}

/** One student's attempt at an assignment, for the instructor who owns the class; undefined otherwise. */
export function getAttemptForInstructor(
  db: Queryable,
  instructorId: number,
  assignmentId: number,
  studentId: number,
): { student: { id: number; displayName: string; username: string }; attempt: Attempt | null; responses: Map<string, StoredResponse> } | undefined {
  const row = db
    .select({ student: { id: users.id, displayName: users.displayName, username: users.username }, attempt: attempts })
    .from(assignments)
    .innerJoin(classes, and(eq(classes.id, assignments.classId), teaches(instructorId)))
    .innerJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.studentId, studentId)))
    .innerJoin(users, eq(users.id, enrollments.studentId))
    .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
    .where(eq(assignments.id, assignmentId))
    .get();
  if (!row) return undefined;
  const list = row.attempt ? (db.select(responseColumns).from(responses).where(eq(responses.attemptId, row.attempt.id)).all() as StoredResponse[]) : [];
  return { student: row.student, attempt: row.attempt, responses: new Map(list.map((r) => [r.itemId, r])) };
}
