import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { checkAnswer, type Answer } from "@/lib/answers";
import type { Lesson } from "@/lib/content/schema";
import { indexLesson, type LessonIndex } from "@/lib/lesson-items";
import { scoreItem } from "@/lib/scoring";
import { connectionOf, type Queryable } from "../open";
import { effectiveDueAt, isLate, mayWrite, NOT_ASSIGNED, type WriteDecision } from "@/lib/write-window";
import { assignmentExtensions, assignments, attempts, attemptSubmissions, classes, enrollments, responses, users, type Attempt, type AttemptSubmission } from "../schema";
import { teaches, teachesOpen } from "./teaching";

/*
 * A student's attempt at an assignment and its responses (drafts until submitted). Every function takes
 * the acting student and checks, inside its own transaction, that they are an active member of the
 * assignment's class: a forgotten check elsewhere cannot leak or change someone else's work.
 */

export class AttemptError extends Error {
  constructor(
    readonly code: "not-found" | "submitted" | "invalid" | "closed",
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

type Access = {
  assignmentId: number;
  attemptId: number | null;
  status: Attempt["status"] | null;
  dueAt: number | null;
  latePolicy: "accept" | "close";
  assignmentArchivedAt: number | null;
  classArchivedAt: number | null;
  /** The student's extension: its student id when there is one (its due date may be null). */
  extensionStudentId: number | null;
  extensionDueAt: number | null;
};

/** Prepared once per connection (see connectionOf), used by it and by every transaction on it: these run on every autosave. */
const statements = new WeakMap<object, ReturnType<typeof prepare>>();
function prepare(db: Queryable) {
  return {
    access: db
      .select({
        assignmentId: assignments.id,
        attemptId: attempts.id,
        status: attempts.status,
        dueAt: assignments.dueAt,
        latePolicy: assignments.latePolicy,
        assignmentArchivedAt: assignments.archivedAt,
        classArchivedAt: classes.archivedAt,
        extensionStudentId: assignmentExtensions.studentId,
        extensionDueAt: assignmentExtensions.dueAt,
      })
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .innerJoin(
        enrollments,
        and(eq(enrollments.classId, assignments.classId), eq(enrollments.studentId, sql.placeholder("studentId")), eq(enrollments.status, "active")),
      )
      .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, sql.placeholder("studentId"))))
      .leftJoin(assignmentExtensions, and(eq(assignmentExtensions.assignmentId, assignments.id), eq(assignmentExtensions.studentId, sql.placeholder("studentId"))))
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
  const connection = connectionOf(db);
  let s = statements.get(connection);
  if (!s) statements.set(connection, (s = prepare(db)));
  return s;
}

function access(db: Queryable, studentId: number, assignmentId: number): Access {
  const row = stmts(db).access.get({ studentId, assignmentId });
  // An archived (unassigned) assignment is gone for its students.
  if (!row || row.assignmentArchivedAt !== null) throw new AttemptError("not-found", NOT_ASSIGNED);
  return row;
}

function decide(row: Access, now: number): WriteDecision {
  return mayWrite(
    {
      dueAt: row.dueAt,
      latePolicy: row.latePolicy,
      extension: row.extensionStudentId === null ? null : { dueAt: row.extensionDueAt },
      assignmentArchivedAt: row.assignmentArchivedAt,
      classArchivedAt: row.classArchivedAt,
    },
    now,
  );
}

/**
 * Whether the student may change their work on the assignment now (lib/write-window), for the lesson page
 * to show; undefined when the assignment is not theirs. The writes below check the same rule again
 * inside their transaction.
 */
export function writeWindowFor(db: Queryable, studentId: number, assignmentId: number, now = Date.now()): WriteDecision | undefined {
  const row = stmts(db).access.get({ studentId, assignmentId });
  if (!row || row.assignmentArchivedAt !== null) return undefined;
  return decide(row, now);
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
  const window = decide(current, now);
  if (!window.ok) throw new AttemptError(window.reason === "archived-assignment" ? "not-found" : "closed", window.message);
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
          .select({ itemId: responses.itemId, answer: responses.answer, score: responses.score, gradedBy: responses.gradedBy })
          .from(responses)
          .where(eq(responses.attemptId, attemptId))
          .all()
          .map((r) => [r.itemId, r]),
      );
      // A resubmission after a return: a hand grade stays on an answer the student did not change.
      const returned = latestSubmission(tx, attemptId);
      const before = new Map((returned?.responses ?? []).map((r) => [r.itemId, r]));
      let score = 0;
      let maxScore = 0;
      for (const item of index.items) {
        const current = stored.get(item.id);
        const result = scoreItem(item, current?.answer as Answer | undefined);
        maxScore += result.max;
        if (!current) continue;
        const earlier = before.get(item.id);
        const keepGrade =
          result.status === "needs-grading" && current.gradedBy !== null && current.score !== null && earlier !== undefined && sameAnswer(earlier.answer, current.answer);
        if (keepGrade) {
          score += current.score!;
          continue;
        }
        if (result.status !== "needs-grading") score += result.score;
        tx.update(responses)
          .set({
            score: result.status === "needs-grading" ? null : result.score,
            maxScore: result.max,
            needsGrading: result.status === "needs-grading",
            // A changed answer is graded afresh: the earlier grade and comment stay in the history.
            ...(returned ? { comment: null, gradedBy: null, gradedAt: null, gradeVersion: sql`${responses.gradeVersion} + 1` } : {}),
          })
          .where(and(eq(responses.attemptId, attemptId), eq(responses.itemId, item.id)))
          .run();
      }
      tx.update(attempts)
        .set({ status: "submitted", submittedAt: now, updatedAt: now, score: Math.round(score * 100) / 100, maxScore, returnedAt: null, returnedBy: null, returnNote: null })
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
    .where(and(eq(assignments.id, assignmentId), isNull(assignments.archivedAt)))
    .get();
  if (!row) return undefined;
  if (!row.attempt) return { attempt: null, responses: new Map() };
  const list = db.select(responseColumns).from(responses).where(eq(responses.attemptId, row.attempt.id)).all() as StoredResponse[];
  return { attempt: row.attempt, responses: new Map(list.map((r) => [r.itemId, r])) };
}

export type ReviewRow = {
  student: { id: number; displayName: string; username: string; status: "active" | "withdrawn" };
  attempt: Pick<Attempt, "id" | "status" | "score" | "maxScore" | "submittedAt" | "updatedAt" | "returnedAt"> | null;
  responses: Map<string, StoredResponse>;
  /** The due date that applies to this student (their extension's, else the assignment's). */
  dueAt: number | null;
  /** Whether the student has an extension (its due date may be null: reopened). */
  extended: boolean;
  /** The submission handed in after `dueAt`. */
  late: boolean;
  /** The number of the current submission (1, 2… after returns); null before the first save. */
  submission: number | null;
};

/**
 * Every student of the assignment's class with their attempt and responses, for the instructor who owns
 * the class; undefined otherwise. Three queries whatever the class size.
 */
export function listResponsesForAssignment(db: Queryable, instructorId: number, assignmentId: number): ReviewRow[] | undefined {
  return listReviewRows(db, instructorId, assignmentId)?.picked;
}

/**
 * As listResponsesForAssignment, but only the rows `pick` chooses (a page of the grid) get their responses
 * read: `all` is every row, without responses; `picked` those chosen, with them. Three queries either way,
 * the last reading the responses of the chosen students only.
 */
export function listReviewRows(
  db: Queryable,
  instructorId: number,
  assignmentId: number,
  pick?: (rows: ReviewRow[]) => ReviewRow[],
): { all: ReviewRow[]; picked: ReviewRow[] } | undefined {
  const owned = db
    .select({ classId: assignments.classId, dueAt: assignments.dueAt })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .where(and(eq(assignments.id, assignmentId), teaches(instructorId)))
    .get();
  if (!owned) return undefined;
  const students = db
    .select({
      student: { id: users.id, displayName: users.displayName, username: users.username, status: enrollments.status },
      attempt: {
        id: attempts.id,
        status: attempts.status,
        score: attempts.score,
        maxScore: attempts.maxScore,
        submittedAt: attempts.submittedAt,
        updatedAt: attempts.updatedAt,
        returnedAt: attempts.returnedAt,
      },
      extensionStudentId: assignmentExtensions.studentId,
      extensionDueAt: assignmentExtensions.dueAt,
      earlier: sql<number>`(select count(*) from ${attemptSubmissions} where ${attemptSubmissions.attemptId} = ${attempts.id})`,
    })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.studentId))
    .leftJoin(attempts, and(eq(attempts.assignmentId, assignmentId), eq(attempts.studentId, users.id)))
    .leftJoin(assignmentExtensions, and(eq(assignmentExtensions.assignmentId, assignmentId), eq(assignmentExtensions.studentId, users.id)))
    .where(eq(enrollments.classId, owned.classId))
    .orderBy(asc(users.displayName), asc(users.username))
    .all();
  const all: ReviewRow[] = students
    .filter((s) => s.student.status === "active" || s.attempt?.id)
    .map((s) => {
      const attempt = s.attempt?.id ? s.attempt : null;
      const extended = s.extensionStudentId !== null;
      const dueAt = effectiveDueAt({ dueAt: owned.dueAt, extension: extended ? { dueAt: s.extensionDueAt } : null });
      return {
        student: s.student,
        attempt,
        responses: new Map(),
        dueAt,
        extended,
        late: attempt?.status === "submitted" && isLate(attempt.submittedAt, dueAt),
        submission: attempt ? s.earlier + 1 : null,
      };
    });
  const chosen = pick ? pick(all) : all;
  const attemptIds = chosen.flatMap((r) => (r.attempt ? [r.attempt.id] : []));
  if (attemptIds.length === 0) return { all, picked: chosen };
  const rows = db
    .select({ attemptId: responses.attemptId, ...responseColumns })
    .from(responses)
    .innerJoin(attempts, eq(attempts.id, responses.attemptId))
    .where(and(eq(attempts.assignmentId, assignmentId), chosen === all ? undefined : inArray(responses.attemptId, attemptIds)))
    .all();
  const byAttempt = new Map<number, Map<string, StoredResponse>>();
  for (const { attemptId, ...response } of rows) {
    if (!byAttempt.has(attemptId)) byAttempt.set(attemptId, new Map());
    byAttempt.get(attemptId)!.set(response.itemId, response as StoredResponse);
  }
  const picked = chosen.map((r) => ({ ...r, responses: (r.attempt && byAttempt.get(r.attempt.id)) || new Map<string, StoredResponse>() }));
  return { all, picked };
}

/**
 * How many answers of the assignment's submitted attempts still wait for a grade. Read from the partial index
 * of such responses (responses_to_grade_idx), so it costs what is left to grade, not what was answered. The
 * caller has checked that the assignment is the instructor's.
 */
export function countToGrade(db: Queryable, assignmentId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(responses)
      .innerJoin(attempts, eq(attempts.id, responses.attemptId))
      // Literals, not parameters: SQLite uses a partial index only when the query spells out its condition.
      .where(and(eq(attempts.assignmentId, assignmentId), sql`${attempts.status} = 'submitted'`, sql`${responses.needsGrading} = 1`, isNull(responses.score)))
      .get()?.n ?? 0
  );
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

// ── Returning a submission for revision, and the history of submissions ─────────────────────────────────

/** One response as it was in an earlier submission (attempt_submissions.responses). */
export type SubmittedResponse = {
  itemId: string;
  answer: Answer;
  score: number | null;
  maxScore: number | null;
  needsGrading: boolean;
  comment: string | null;
  gradedBy: number | null;
  gradedAt: number | null;
};
export type EarlierSubmission = Omit<AttemptSubmission, "responses"> & { responses: SubmittedResponse[] };

const sameAnswer = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function latestSubmission(db: Queryable, attemptId: number): EarlierSubmission | undefined {
  return db.select().from(attemptSubmissions).where(eq(attemptSubmissions.attemptId, attemptId)).orderBy(desc(attemptSubmissions.number)).limit(1).get() as
    | EarlierSubmission
    | undefined;
}

export type ReturnResult = { status: "returned"; number: number } | { status: "not-found" } | { status: "not-submitted" };

/**
 * Returns a student's submitted attempt for revision: the submission as it is (answers, scores, comments)
 * is kept as submission N in attempt_submissions, and the attempt is in progress again with the note,
 * for the student to change and resubmit. Only for an instructor who teaches the class.
 */
export function returnAttempt(db: Queryable, instructorId: number, assignmentId: number, studentId: number, note: string, now = Date.now()): ReturnResult {
  return db.transaction(
    (tx) => {
      const row = tx
        .select({ attempt: attempts })
        .from(attempts)
        .innerJoin(assignments, eq(assignments.id, attempts.assignmentId))
        .innerJoin(classes, eq(classes.id, assignments.classId))
        .where(and(eq(attempts.assignmentId, assignmentId), eq(attempts.studentId, studentId), teachesOpen(instructorId)))
        .get();
      if (!row) return { status: "not-found" as const };
      const attempt = row.attempt;
      if (attempt.status !== "submitted") return { status: "not-submitted" as const };
      const kept = tx
        .select({ itemId: responses.itemId, answer: responses.answer, score: responses.score, maxScore: responses.maxScore, needsGrading: responses.needsGrading, comment: responses.comment, gradedBy: responses.gradedBy, gradedAt: responses.gradedAt })
        .from(responses)
        .where(eq(responses.attemptId, attempt.id))
        .orderBy(asc(responses.id))
        .all();
      const count = tx.select({ n: sql<number>`count(*)` }).from(attemptSubmissions).where(eq(attemptSubmissions.attemptId, attempt.id)).get()!.n;
      const number = count + 1;
      const trimmed = note.trim() || null;
      tx.insert(attemptSubmissions)
        .values({
          attemptId: attempt.id,
          number,
          submittedAt: attempt.submittedAt ?? attempt.updatedAt,
          score: attempt.score,
          maxScore: attempt.maxScore,
          responses: kept,
          returnedAt: now,
          returnedBy: instructorId,
          returnNote: trimmed,
        })
        .run();
      tx.update(attempts)
        .set({ status: "in_progress", submittedAt: null, score: null, maxScore: null, updatedAt: now, returnedAt: now, returnedBy: instructorId, returnNote: trimmed })
        .where(eq(attempts.id, attempt.id))
        .run();
      return { status: "returned" as const, number };
    },
    { behavior: "immediate" },
  );
}

/** The earlier (returned) submissions of a student's attempt, oldest first, for an instructor who teaches the class. */
export function listEarlierSubmissions(db: Queryable, instructorId: number, assignmentId: number, studentId: number): EarlierSubmission[] | undefined {
  const owned = db
    .select({ attemptId: attempts.id })
    .from(assignments)
    .innerJoin(classes, eq(classes.id, assignments.classId))
    .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
    .where(and(eq(assignments.id, assignmentId), teaches(instructorId)))
    .get();
  if (!owned) return undefined;
  if (owned.attemptId === null) return [];
  return db.select().from(attemptSubmissions).where(eq(attemptSubmissions.attemptId, owned.attemptId)).orderBy(asc(attemptSubmissions.number)).all() as EarlierSubmission[];
}
