import { db } from "@/db/client";
import { getAssignmentForInstructor } from "@/db/queries/assignments";
import { lessonIndexFor, listResponsesForAssignment } from "@/db/queries/attempts";
import { displayNames } from "@/db/queries/users";
import { answerAsText } from "@/lib/answer-text";
import { itemPoints } from "@/lib/lesson-items";
import { getApiUser } from "@/lib/auth/guards";
import { csvResponse, toCsv, type Cell } from "@/lib/csv";
import { parseId } from "@/lib/ids";

const notFound = () => new Response("Not found", { status: 404 });
const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : "");

/**
 * Both files are of the latest submission (an earlier one returned for revision is in the attempt's
 * history): `submission` says which (1, 2…), `status` whether it is handed in or still a draft (a draft
 * has no scores), `late` whether it came after the student's due date, `enrolled` whether the student is
 * still in the class (active) or was removed from it with their work kept (withdrawn).
 * responses.csv: one row per response. gradebook.csv: one row per student, a column per question plus
 * the total. Only for the instructor who owns the class; anyone else gets a plain 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ classId: string; assignmentId: string; file: string }> }) {
  const user = await getApiUser();
  const ids = await params;
  const assignmentId = parseId(ids.assignmentId);
  if (!user || user.role !== "instructor" || !assignmentId) return notFound();
  const [assignment, rows, index] = await Promise.all([
    getAssignmentForInstructor(db, user.id, assignmentId),
    listResponsesForAssignment(db, user.id, assignmentId),
    lessonIndexFor(db, assignmentId),
  ]);
  if (!assignment || !rows || !index || String(assignment.classId) !== ids.classId) return notFound();
  const slug = `${assignment.lessonId}-${assignment.id}`;

  if (ids.file === "responses.csv") {
    const graderIds = [...new Set(rows.flatMap((r) => [...r.responses.values()].flatMap((x) => (x.gradedBy ? [x.gradedBy] : []))))];
    const graders = await displayNames(db, graderIds);
    const body: Cell[][] = [];
    for (const { student, attempt, responses, late, submission } of rows) {
      // A draft (never submitted, or returned and being revised) has no score yet: the scores and comments
      // of the returned submission are in its history, not beside the answers that will replace them.
      const submitted = attempt?.status === "submitted";
      for (const item of index.items) {
        const r = responses.get(item.id);
        if (!r) continue;
        const type = item.kind === "debate" ? "debate" : item.question.type;
        body.push([
          student.displayName,
          student.username,
          item.id,
          type,
          answerAsText(index, item, r.answer),
          submitted ? r.score : null,
          r.maxScore ?? itemPoints(item),
          !submitted ? "" : r.gradedBy ? (graders.get(r.gradedBy) ?? "") : r.score !== null ? "auto" : "",
          submitted ? r.comment : null,
          iso(r.updatedAt),
          iso(attempt?.submittedAt),
          submission,
          late ? "late" : "",
          // Last, so that the columns before them are where they always were.
          attemptStatus(attempt),
          student.status,
        ]);
      }
    }
    const header = ["student", "username", "question_id", "type", "answer", "score", "max", "graded_by", "comment", "saved_at", "submitted_at", "submission", "late", "status", "enrolled"];
    return csvResponse(toCsv(header, body), `${slug}-responses.csv`);
  }

  if (ids.file === "gradebook.csv") {
    const header = [
      "student",
      "username",
      "status",
      ...index.items.map((item) => `${item.kind === "debate" ? "D" : "Q"}${item.number} ${item.id}`),
      "total",
      "max",
      "submitted_at",
      "due_at",
      "late",
      "submission",
      // Last, so that the columns before it are where they always were: "withdrawn" for a student removed
      // from the class whose work is kept.
      "enrolled",
    ];
    const max = index.items.reduce((sum, item) => sum + itemPoints(item), 0);
    const body = rows.map(({ student, attempt, responses, late, submission, dueAt }) => [
      student.displayName,
      student.username,
      attemptStatus(attempt),
      ...index.items.map((item) => (attempt?.status === "submitted" ? (responses.get(item.id)?.score ?? (responses.has(item.id) ? "" : 0)) : "")),
      attempt?.status === "submitted" ? attempt.score : "",
      max,
      iso(attempt?.submittedAt),
      iso(dueAt),
      late ? "late" : "",
      submission,
      student.status,
    ]);
    return csvResponse(toCsv(header, body), `${slug}-gradebook.csv`);
  }
  return notFound();
}

function attemptStatus(attempt: { status: string; returnedAt: number | null } | null): string {
  return attempt?.status === "submitted" ? "submitted" : attempt?.returnedAt ? "returned for revision" : attempt ? "in progress" : "not started";
}
