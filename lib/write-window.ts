import { formatDateTime } from "./format";

/*
 * The one rule for whether a student may change their work on an assignment now: the draft route, the
 * save/submit action and the lesson page all ask it, and db/queries/attempts.ts asks it inside the write
 * transaction, so a request cannot slip past it. Pure: the facts come in, the decision goes out.
 */

export type LatePolicy = "accept" | "close";

export type WindowFacts = {
  /** The assignment's due date (null: none). */
  dueAt: number | null;
  latePolicy: LatePolicy;
  /** The student's own due date, when the instructor gave one (dueAt null: reopened, no due date). */
  extension: { dueAt: number | null } | null;
  /** Set when the instructor unassigned an assignment that had student work: students no longer see it. */
  assignmentArchivedAt: number | null;
  /** Set at the end of term: the class is read-only for students. */
  classArchivedAt: number | null;
  /**
   * The instructor returned the student's submission for revision and it is not resubmitted yet: open
   * whatever the due date (the teacher asked for the revision), though not in an archived class.
   */
  returned?: boolean;
};

export type WriteDecision =
  | { ok: true; dueAt: number | null; /** Submitting now would be marked late. */ late: boolean }
  | { ok: false; reason: "archived-assignment" | "archived-class" | "closed"; message: string; dueAt: number | null };

export const NOT_ASSIGNED = "This assignment does not exist or is not assigned to you.";
export const CLASS_ARCHIVED = "This class is archived: its lessons are read-only now. Your work is kept.";

export function closedMessage(dueAt: number): string {
  return `This lesson closed on ${formatDateTime(dueAt)}; your draft is kept. Ask your teacher to reopen it.`;
}

/** The due date that applies to this student: their extension's (even "none"), else the assignment's. */
export function effectiveDueAt(facts: Pick<WindowFacts, "dueAt" | "extension">): number | null {
  return facts.extension ? facts.extension.dueAt : facts.dueAt;
}

/** Work handed in after the due date that applies is late (no due date: never late). */
export function isLate(submittedAt: number | null | undefined, dueAt: number | null): boolean {
  return submittedAt != null && dueAt !== null && submittedAt > dueAt;
}

/** May the student save or submit now? */
export function mayWrite(facts: WindowFacts, now: number): WriteDecision {
  const dueAt = effectiveDueAt(facts);
  if (facts.assignmentArchivedAt !== null) return { ok: false, reason: "archived-assignment", message: NOT_ASSIGNED, dueAt };
  if (facts.classArchivedAt !== null) return { ok: false, reason: "archived-class", message: CLASS_ARCHIVED, dueAt };
  if (facts.latePolicy === "close" && dueAt !== null && now > dueAt && !facts.returned) return { ok: false, reason: "closed", message: closedMessage(dueAt), dueAt };
  return { ok: true, dueAt, late: isLate(now, dueAt) };
}
