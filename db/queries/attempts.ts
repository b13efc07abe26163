import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { checkAnswer, type Answer } from "@/lib/answers";
import type { Lesson } from "@/lib/content/schema";
import { indexLesson, type LessonIndex } from "@/lib/lesson-items";
import { scoreItem } from "@/lib/scoring";
import type { Database } from "../database";
import { effectiveDueAt, isLate, mayWrite, NOT_ASSIGNED, type WriteDecision } from "@/lib/write-window";
import type { Attempt, AttemptSubmission } from "../schema";
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

export async function lessonIndexFor(db: Database, assignmentId: number): Promise<LessonIndex | undefined> {
  const cached = indexCache.get(assignmentId);
  if (cached) return cached;
  const { assignments } = db.t;
  const row = await db.get(db.q.select({ snapshot: assignments.lessonSnapshot }).from(assignments).where(eq(assignments.id, assignmentId)));
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
  /** Set while the attempt is back with the student for revision. */
  returnedAt: number | null;
  dueAt: number | null;
  latePolicy: "accept" | "close";
  assignmentArchivedAt: number | null;
  classArchivedAt: number | null;
  /** The student's extension: its student id when there is one (its due date may be null). */
  extensionStudentId: number | null;
  extensionDueAt: number | null;
};

/*
 * Prepared statements (db.prepared: once per connection on SQLite, named statements on PostgreSQL), used
 * outside and inside transactions alike: these run on every autosave.
 */
const accessQuery = ({ q, t: { assignments, attempts, classes, enrollments, assignmentExtensions } }: Database) =>
  q
    .select({
      assignmentId: assignments.id,
      attemptId: attempts.id,
      status: attempts.status,
      returnedAt: attempts.returnedAt,
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
    .where(eq(assignments.id, sql.placeholder("assignmentId")));
const createAttemptQuery = ({ q, t: { attempts } }: Database) =>
  q
    .insert(attempts)
    .values({ assignmentId: sql.placeholder("assignmentId"), studentId: sql.placeholder("studentId"), updatedAt: sql.placeholder("now") })
    .onConflictDoNothing()
    .returning({ id: attempts.id });
/** An answer the same as the stored one is left as it is, save time included (see writeAnswers). */
const upsertResponseQuery = ({ q, t: { responses } }: Database) =>
  q
    .insert(responses)
    .values({ attemptId: sql.placeholder("attemptId"), itemId: sql.placeholder("itemId"), answer: sql.placeholder("answer"), updatedAt: sql.placeholder("now") })
    .onConflictDoUpdate({
      target: [responses.attemptId, responses.itemId],
      set: { answer: sql`excluded.answer`, updatedAt: sql`excluded.updated_at` },
      setWhere: sql`excluded.answer is distinct from ${responses.answer}`,
    });
const deleteResponseQuery = ({ q, t: { responses } }: Database) =>
  q.delete(responses).where(and(eq(responses.attemptId, sql.placeholder("attemptId")), eq(responses.itemId, sql.placeholder("itemId"))));
/** What another device saved, read by a save that says what its page saw (writeAnswers). */
const storedAnswersQuery = ({ q, t: { responses } }: Database) =>
  q
    .select({ itemId: responses.itemId, answer: responses.answer, updatedAt: responses.updatedAt })
    .from(responses)
    .where(eq(responses.attemptId, sql.placeholder("attemptId")));
/** Only an attempt in progress: see writeAnswers. */
const touchAttemptQuery = ({ q, t: { attempts } }: Database) =>
  q
    .update(attempts)
    .set({ updatedAt: sql`${sql.placeholder("now")}` })
    .where(and(eq(attempts.id, sql.placeholder("attemptId")), eq(attempts.status, "in_progress")));

function accessRow(db: Database, studentId: number, assignmentId: number): Promise<Access | undefined> {
  return db.prepared("attempts.access", accessQuery).get({ studentId, assignmentId });
}

async function access(db: Database, studentId: number, assignmentId: number): Promise<Access> {
  const row = await accessRow(db, studentId, assignmentId);
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
      // Cleared when the student resubmits (submitAttempt).
      returned: row.status === "in_progress" && row.returnedAt !== null,
    },
    now,
  );
}

/**
 * Whether the student may change their work on the assignment now (lib/write-window), for the lesson page
 * to show; undefined when the assignment is not theirs. The writes below check the same rule again
 * inside their transaction.
 */
export async function writeWindowFor(db: Database, studentId: number, assignmentId: number, now = Date.now()): Promise<WriteDecision | undefined> {
  const row = await accessRow(db, studentId, assignmentId);
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

const SUBMITTED = "This lesson has been submitted; answers can no longer change.";

/**
 * What a page showed of each answer when it sends the whole form: item id → the save time of the answer it
 * had (the server's own `updated_at`, compared for equality: no clock is compared with another); an item
 * left out had no answer there. See writeAnswers.
 */
export type Seen = Record<string, number>;

/** Reads a form's `seen` field; undefined when it is not one (the caller refuses the request). */
export function parseSeen(value: unknown): Seen | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
    const entries = Object.entries(parsed);
    return entries.every(([, v]) => Number.isSafeInteger(v)) ? (Object.fromEntries(entries) as Seen) : undefined;
  } catch {
    return undefined;
  }
}

/** Each answer a save wrote or found as it was: item id → its save time (`updated_at`; null: no answer). */
export type SavedTimes = Record<string, number | null>;
/** An answer another device saved since the page saw it: left as it is (see writeAnswers). */
export type Conflict = { id: string; label: string };

/**
 * Writes answers into the student's attempt (made on the first save), inside the caller's transaction, which
 * has read `current` (access) in it. Returns the attempt's id, and whether the answers were written: not
 * when the attempt turned out to be submitted meanwhile (then nothing is written). An answer that is the
 * same as the one stored is not written again: its save time stays, so a save that changes nothing (a
 * whole form sent as it was) does not look like a change to another device.
 *
 * With `seen` (what the page sending them saw of each answer: it may be old, another device having saved
 * since), an answer saved since the page saw it and different from the page's is a conflict: it is left as
 * saved and listed in `conflicts`; the rest is written. `times` says, for every other answer sent, its save
 * time now, which is what the page has seen from then on.
 */
async function writeAnswers(
  tx: Database,
  current: Access,
  studentId: number,
  assignmentId: number,
  answers: Map<string, Answer | null>,
  now: number,
  seen?: Seen,
): Promise<{ attemptId: number; written: boolean; conflicts: string[]; times: SavedTimes }> {
  if (current.status === "submitted") throw new AttemptError("submitted", SUBMITTED);
  const window = decide(current, now);
  if (!window.ok) throw new AttemptError(window.reason === "archived-assignment" ? "not-found" : "closed", window.message);
  let attemptId = current.attemptId;
  if (attemptId === null) {
    // On PostgreSQL an insert racing another for the same attempt waits for it to commit, then does nothing.
    attemptId = (await tx.prepared("attempts.create", createAttemptQuery).get({ assignmentId, studentId, now }))?.id ?? (await access(tx, studentId, assignmentId)).attemptId!;
  }
  // Conditional UPDATE, and the transaction's first write to the attempt: it changes the attempt only while
  // it is in progress. On PostgreSQL it also locks the attempt's row until the transaction ends, and a save
  // or submit racing this one waits for it, then finds the status as committed (submitted: nothing changes,
  // and it writes nothing). Every writer of an attempt's responses takes this row first, so they never
  // deadlock over the responses. On SQLite (one writer) the status read above is still current.
  if ((await tx.prepared("attempts.touch", touchAttemptQuery).run({ attemptId, now })) === 0) return { attemptId, written: false, conflicts: [], times: {} };
  // Read under the attempt's lock: what another device saved before this is here.
  const stored = seen ? await storedAnswers(tx, attemptId) : undefined;
  const conflicts: string[] = [];
  const times: SavedTimes = {};
  for (const [itemId, answer] of answers) {
    if (stored) {
      const was = stored.get(itemId);
      if (sameAnswer(was?.answer ?? null, answer)) {
        times[itemId] = was?.updatedAt ?? null;
        continue;
      }
      if ((was?.updatedAt ?? null) !== (seen![itemId] ?? null)) {
        conflicts.push(itemId);
        continue;
      }
    }
    // Without `seen`, the upsert itself leaves an unchanged answer (and its save time) as it is.
    if (answer === null) await tx.prepared("attempts.deleteResponse", deleteResponseQuery).run({ attemptId, itemId });
    else await tx.prepared("attempts.upsertResponse", upsertResponseQuery).run({ attemptId, itemId, answer, now });
    times[itemId] = answer === null ? null : now;
  }
  return { attemptId, written: true, conflicts, times };
}

async function storedAnswers(tx: Database, attemptId: number) {
  const rows = await tx.prepared("attempts.stored", storedAnswersQuery).all({ attemptId });
  return new Map(rows.map((r) => [r.itemId, r]));
}

const conflictsIn = (index: LessonIndex, ids: string[]): Conflict[] => index.items.filter((item) => ids.includes(item.id)).map(({ id, label }) => ({ id, label }));

/**
 * Saves draft answers (a map of item id → raw answer, null to clear) in one short write transaction; with
 * `seen`, the answers changed since (`conflicts`) are left as they are (see writeAnswers).
 * Throws AttemptError: not-found (not this student's assignment), submitted, or invalid (nothing saved).
 */
export async function saveDraftAnswers(
  db: Database,
  studentId: number,
  assignmentId: number,
  raw: Record<string, unknown>,
  now = Date.now(),
  seen?: Seen,
): Promise<{ savedAt: number; conflicts: Conflict[]; times: SavedTimes }> {
  // Membership first: someone outside the class learns nothing about the lesson from the errors.
  await access(db, studentId, assignmentId);
  const index = await lessonIndexFor(db, assignmentId);
  if (!index) throw new AttemptError("not-found", "This assignment does not exist or is not assigned to you.");
  const answers = validateAnswers(index, raw);
  const { conflicts, times } = await db.transaction(async (tx) => {
    const current = await access(tx, studentId, assignmentId);
    const result = await writeAnswers(tx, current, studentId, assignmentId, answers, now, seen);
    if (!result.written) throw new AttemptError("submitted", SUBMITTED);
    return result;
  });
  return { savedAt: now, conflicts: conflictsIn(index, conflicts), times };
}

export type SubmitResult =
  | { status: "submitted" | "already-submitted"; attemptId: number }
  /** Not submitted: these answers changed since the page saw them (the rest of the page's answers are saved, `times`). */
  | { status: "conflict"; attemptId: number; conflicts: Conflict[]; times: SavedTimes };

/**
 * Saves the final answers (if given) and submits, scoring every item from the assignment's snapshot.
 * Idempotent: submitting a submitted attempt changes nothing and says so. With `seen`, answers changed
 * since the page saw them stop the submission (see writeAnswers).
 */
export async function submitAttempt(db: Database, studentId: number, assignmentId: number, raw?: Record<string, unknown>, now = Date.now(), seen?: Seen): Promise<SubmitResult> {
  await access(db, studentId, assignmentId);
  const index = await lessonIndexFor(db, assignmentId);
  if (!index) throw new AttemptError("not-found", "This assignment does not exist or is not assigned to you.");
  return db.transaction(async (tx) => {
    const { attempts, responses } = tx.t;
    const current = await access(tx, studentId, assignmentId);
    if (current.status === "submitted") return { status: "already-submitted" as const, attemptId: current.attemptId! };
    const answers = raw ? validateAnswers(index, raw) : new Map<string, Answer | null>();
    // Race-free through writeAnswers' conditional UPDATE: from there to the end, this transaction holds the
    // attempt (on PostgreSQL its row lock), so a second submit at the same moment waits and then finds it
    // submitted, and so does a draft save.
    const { attemptId, written, conflicts, times } = await writeAnswers(tx, current, studentId, assignmentId, answers, now, seen);
    if (!written) return { status: "already-submitted" as const, attemptId };
    if (conflicts.length > 0) return { status: "conflict" as const, attemptId, conflicts: conflictsIn(index, conflicts), times };

    const stored = new Map(
      (
        await tx.all(
          tx.q
            .select({ itemId: responses.itemId, answer: responses.answer, score: responses.score, gradedBy: responses.gradedBy })
            .from(responses)
            .where(eq(responses.attemptId, attemptId)),
        )
      ).map((r) => [r.itemId, r]),
    );
    // A resubmission after a return: a hand grade stays on an answer the student did not change.
    const returned = await latestSubmission(tx, attemptId);
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
      await tx.run(
        tx.q
          .update(responses)
          .set({
            score: result.status === "needs-grading" ? null : result.score,
            maxScore: result.max,
            needsGrading: result.status === "needs-grading",
            // A changed answer is graded afresh: the earlier grade and comment stay in the history.
            ...(returned ? { comment: null, gradedBy: null, gradedAt: null, gradeVersion: sql`${responses.gradeVersion} + 1` } : {}),
          })
          .where(and(eq(responses.attemptId, attemptId), eq(responses.itemId, item.id))),
      );
    }
    await tx.run(
      tx.q
        .update(attempts)
        .set({ status: "submitted", submittedAt: now, updatedAt: now, score: Math.round(score * 100) / 100, maxScore, returnedAt: null, returnedBy: null, returnNote: null })
        .where(eq(attempts.id, attemptId)),
    );
    return { status: "submitted" as const, attemptId };
  });
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

function responseColumns({ responses }: Database["t"]) {
  return {
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
}

/** The student's own attempt (or null before their first save) with its responses, if the assignment is theirs. */
export async function getStudentAttempt(db: Database, studentId: number, assignmentId: number): Promise<StudentAttempt | undefined> {
  const { assignments, attempts, enrollments, responses } = db.t;
  const row = await db.get(
    db.q
      .select({ attempt: attempts })
      .from(assignments)
      .innerJoin(enrollments, and(eq(enrollments.classId, assignments.classId), eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
      .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
      .where(and(eq(assignments.id, assignmentId), isNull(assignments.archivedAt))),
  );
  if (!row) return undefined;
  if (!row.attempt) return { attempt: null, responses: new Map() };
  const list = (await db.all(db.q.select(responseColumns(db.t)).from(responses).where(eq(responses.attemptId, row.attempt.id)))) as StoredResponse[];
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
export async function listResponsesForAssignment(db: Database, instructorId: number, assignmentId: number): Promise<ReviewRow[] | undefined> {
  return (await listReviewRows(db, instructorId, assignmentId))?.picked;
}

/**
 * As listResponsesForAssignment, but only the rows `pick` chooses (a page of the grid) get their responses
 * read: `all` is every row, without responses; `picked` those chosen, with them. Three queries either way,
 * the last reading the responses of the chosen students only.
 */
export async function listReviewRows(
  db: Database,
  instructorId: number,
  assignmentId: number,
  pick?: (rows: ReviewRow[]) => ReviewRow[],
): Promise<{ all: ReviewRow[]; picked: ReviewRow[] } | undefined> {
  const { assignmentExtensions, assignments, attempts, attemptSubmissions, classes, enrollments, responses, users } = db.t;
  const owned = await db.get(
    db.q
      .select({ classId: assignments.classId, dueAt: assignments.dueAt })
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .where(and(eq(assignments.id, assignmentId), teaches(instructorId))),
  );
  if (!owned) return undefined;
  const students = await db.all(
    db.q
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
        earlier: sql<number>`(select count(*) from ${attemptSubmissions} where ${attemptSubmissions.attemptId} = ${attempts.id})`.mapWith(Number),
      })
      .from(enrollments)
      .innerJoin(users, eq(users.id, enrollments.studentId))
      .leftJoin(attempts, and(eq(attempts.assignmentId, assignmentId), eq(attempts.studentId, users.id)))
      .leftJoin(assignmentExtensions, and(eq(assignmentExtensions.assignmentId, assignmentId), eq(assignmentExtensions.studentId, users.id)))
      .where(eq(enrollments.classId, owned.classId))
      .orderBy(asc(users.displayName), asc(users.username)),
  );
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
  const rows = await db.all(
    db.q
      .select({ attemptId: responses.attemptId, ...responseColumns(db.t) })
      .from(responses)
      .innerJoin(attempts, eq(attempts.id, responses.attemptId))
      .where(and(eq(attempts.assignmentId, assignmentId), chosen === all ? undefined : inArray(responses.attemptId, attemptIds))),
  );
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
export async function countToGrade(db: Database, assignmentId: number): Promise<number> {
  const { attempts, responses } = db.t;
  // Literals, not parameters: SQLite uses a partial index only when the query spells out its condition, as
  // each database's index has it (a 0/1 column in SQLite, a boolean in PostgreSQL).
  const waiting = db.dialect === "postgres" ? sql`${responses.needsGrading}` : sql`${responses.needsGrading} = 1`;
  // Attempt by attempt, each a probe of the partial index by attempt id (see listAssignmentProgress): as a join,
  // PostgreSQL may scan the whole index, every answer waiting in every class.
  const perAttempt = sql`(select count(*) from ${responses} where ${responses.attemptId} = ${attempts.id} and ${waiting} and ${isNull(responses.score)})`;
  const row = await db.get(
    db.q
      .select({ n: sql<number>`coalesce(sum(${perAttempt}), 0)`.mapWith(Number) })
      .from(attempts)
      .where(and(eq(attempts.assignmentId, assignmentId), sql`${attempts.status} = 'submitted'`)),
  );
  return row?.n ?? 0;
}

/** One student's attempt at an assignment, for the instructor who owns the class; undefined otherwise. */
export async function getAttemptForInstructor(
  db: Database,
  instructorId: number,
  assignmentId: number,
  studentId: number,
): Promise<{ student: { id: number; displayName: string; username: string }; attempt: Attempt | null; responses: Map<string, StoredResponse> } | undefined> {
  const { assignments, attempts, classes, enrollments, responses, users } = db.t;
  const row = await db.get(
    db.q
      .select({ student: { id: users.id, displayName: users.displayName, username: users.username }, attempt: attempts })
      .from(assignments)
      .innerJoin(classes, and(eq(classes.id, assignments.classId), teaches(instructorId)))
      .innerJoin(enrollments, and(eq(enrollments.classId, classes.id), eq(enrollments.studentId, studentId)))
      .innerJoin(users, eq(users.id, enrollments.studentId))
      .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
      .where(eq(assignments.id, assignmentId)),
  );
  if (!row) return undefined;
  const list = row.attempt ? ((await db.all(db.q.select(responseColumns(db.t)).from(responses).where(eq(responses.attemptId, row.attempt.id)))) as StoredResponse[]) : [];
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

async function latestSubmission(db: Database, attemptId: number): Promise<EarlierSubmission | undefined> {
  const { attemptSubmissions } = db.t;
  return (await db.get(
    db.q.select().from(attemptSubmissions).where(eq(attemptSubmissions.attemptId, attemptId)).orderBy(desc(attemptSubmissions.number)).limit(1),
  )) as EarlierSubmission | undefined;
}

export type ReturnResult = { status: "returned"; number: number } | { status: "not-found" } | { status: "not-submitted" } | { status: "archived" };

/**
 * Returns a student's submitted attempt for revision: the submission as it is (answers, scores, comments)
 * is kept as submission N in attempt_submissions, and the attempt is in progress again with the note,
 * for the student to change and resubmit. Only for an instructor who teaches the class.
 */
export function returnAttempt(db: Database, instructorId: number, assignmentId: number, studentId: number, note: string, now = Date.now()): Promise<ReturnResult> {
  return db.transaction(async (tx) => {
    const { assignments, attempts, attemptSubmissions, classes, responses } = tx.t;
    const owned = await tx.get(
      tx.q
        .select({ id: attempts.id })
        .from(attempts)
        .innerJoin(assignments, eq(assignments.id, attempts.assignmentId))
        .innerJoin(classes, eq(classes.id, assignments.classId))
        .where(and(eq(attempts.assignmentId, assignmentId), eq(attempts.studentId, studentId), teachesOpen(instructorId))),
    );
    if (!owned) return { status: "not-found" as const };
    // Unassigned: its students no longer see it, so work returned to them could not be revised. Read under
    // the assignment's row lock (unassign takes it too, before anything of the attempt's): an unassign
    // at the same moment comes before this check or after the return.
    const assignment = await tx.get(tx.forUpdate(tx.q.select({ archivedAt: assignments.archivedAt }).from(assignments).where(eq(assignments.id, assignmentId))));
    if (!assignment || assignment.archivedAt !== null) return { status: "archived" as const };
    // Row lock (tx.forUpdate) on the attempt, then everything read as committed: on PostgreSQL a second
    // return at the same moment waits here and then finds the attempt in progress, and a grade being saved
    // (gradeResponse locks the same row first) lands before the submission is kept, or not at all.
    const attempt = (await tx.get(tx.forUpdate(tx.q.select().from(attempts).where(eq(attempts.id, owned.id)))))!;
    if (attempt.status !== "submitted") return { status: "not-submitted" as const };
    const kept = await tx.all(
      tx.q
        .select({ itemId: responses.itemId, answer: responses.answer, score: responses.score, maxScore: responses.maxScore, needsGrading: responses.needsGrading, comment: responses.comment, gradedBy: responses.gradedBy, gradedAt: responses.gradedAt })
        .from(responses)
        .where(eq(responses.attemptId, attempt.id))
        .orderBy(asc(responses.id)),
    );
    const earlier = (await tx.get(tx.q.select({ n: count() }).from(attemptSubmissions).where(eq(attemptSubmissions.attemptId, attempt.id))))!.n;
    const number = earlier + 1;
    const trimmed = note.trim() || null;
    await tx.run(
      tx.q.insert(attemptSubmissions).values({
        attemptId: attempt.id,
        number,
        submittedAt: attempt.submittedAt ?? attempt.updatedAt,
        score: attempt.score,
        maxScore: attempt.maxScore,
        responses: kept,
        returnedAt: now,
        returnedBy: instructorId,
        returnNote: trimmed,
      }),
    );
    await tx.run(
      tx.q
        .update(attempts)
        .set({ status: "in_progress", submittedAt: null, score: null, maxScore: null, updatedAt: now, returnedAt: now, returnedBy: instructorId, returnNote: trimmed })
        .where(eq(attempts.id, attempt.id)),
    );
    return { status: "returned" as const, number };
  });
}

/** The earlier (returned) submissions of a student's attempt, oldest first, for an instructor who teaches the class. */
export async function listEarlierSubmissions(db: Database, instructorId: number, assignmentId: number, studentId: number): Promise<EarlierSubmission[] | undefined> {
  const { assignments, attempts, attemptSubmissions, classes } = db.t;
  const owned = await db.get(
    db.q
      .select({ attemptId: attempts.id })
      .from(assignments)
      .innerJoin(classes, eq(classes.id, assignments.classId))
      .leftJoin(attempts, and(eq(attempts.assignmentId, assignments.id), eq(attempts.studentId, studentId)))
      .where(and(eq(assignments.id, assignmentId), teaches(instructorId))),
  );
  if (!owned) return undefined;
  if (owned.attemptId === null) return [];
  const { attemptId } = owned;
  return (await db.all(db.q.select().from(attemptSubmissions).where(eq(attemptSubmissions.attemptId, attemptId)).orderBy(asc(attemptSubmissions.number)))) as EarlierSubmission[];
}
