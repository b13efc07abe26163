import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm, TextAreaField } from "@/app/_components/action-form";
import { AttemptResults } from "@/app/_components/attempt-results";
import { Breadcrumbs, classTrail } from "@/app/_components/breadcrumbs";
import { db } from "@/db/client";
import { getAssignmentForInstructor, getExtension } from "@/db/queries/assignments";
import { getAttemptForInstructor, lessonIndexFor, listEarlierSubmissions, type EarlierSubmission } from "@/db/queries/attempts";
import { getClassForInstructor } from "@/db/queries/classes";
import { displayNames } from "@/db/queries/users";
import { answerAsText } from "@/lib/answer-text";
import { requireRole } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format";
import { parseId } from "@/lib/ids";
import type { LessonIndex } from "@/lib/lesson-items";
import { LIMITS } from "@/lib/limits";
import { formatPoints } from "@/lib/score-summary";
import { effectiveDueAt, isLate } from "@/lib/write-window";
import { removeExtensionAction, returnAttemptAction, setExtensionAction } from "../../actions";

export const metadata: Metadata = { title: "Student attempt" };

/** One student's whole attempt as they saw it, with scores, comments and explanations, and its earlier submissions. */
export default async function StudentAttemptPage({ params }: { params: Promise<{ classId: string; assignmentId: string; studentId: string }> }) {
  const instructor = await requireRole("instructor");
  const ids = await params;
  const assignmentId = parseId(ids.assignmentId);
  const studentId = parseId(ids.studentId);
  const assignment = assignmentId ? await getAssignmentForInstructor(db, instructor.id, assignmentId) : undefined;
  const view = assignment && studentId ? await getAttemptForInstructor(db, instructor.id, assignment.id, studentId) : undefined;
  if (!assignment || !view || String(assignment.classId) !== ids.classId) notFound();
  const cls = await getClassForInstructor(db, instructor.id, assignment.classId);
  if (!cls) notFound();
  const index = (await lessonIndexFor(db, assignment.id))!;
  const history = (await listEarlierSubmissions(db, instructor.id, assignment.id, view.student.id)) ?? [];
  const extension = await getExtension(db, instructor.id, assignment.id, view.student.id);
  const dueAt = effectiveDueAt({ dueAt: assignment.dueAt, extension: extension ?? null });
  const attempt = view.attempt;
  const submitted = attempt?.status === "submitted";
  // A submission returned for revision stays open whatever the date (lib/write-window.ts).
  const closed = assignment.latePolicy === "close" && dueAt !== null && dueAt < Date.now() && !submitted && !attempt?.returnedAt;
  const returners = await displayNames(db, [...new Set(history.map((h) => h.returnedBy))]);
  const hidden = (
    <>
      <input type="hidden" name="classId" value={assignment.classId} />
      <input type="hidden" name="assignmentId" value={assignment.id} />
      <input type="hidden" name="studentId" value={view.student.id} />
    </>
  );
  return (
    <main id="main" className="reading">
      <Breadcrumbs trail={classTrail(cls, { id: assignment.id, title: assignment.lesson.title })} here={view.student.displayName} />
      <div className="page-head">
        <p className="eyebrow">
          {view.student.username} · {dueAt === null ? (extension ? "reopened, no due date" : "no due date") : `due ${formatDateTime(dueAt)}`}
          {extension && dueAt !== null && " (their own due date)"}
        </p>
        <h1>{view.student.displayName}</h1>
      </div>
      {submitted && isLate(attempt.submittedAt, dueAt) && (
        <p className="notice notice-warn">
          <span className="badge badge-bad">Late</span> Submitted {formatDateTime(attempt.submittedAt!)}, after the due date.
        </p>
      )}
      {attempt?.returnedAt && (
        <p className="notice notice-warn" role="status">
          Returned for revision on {formatDateTime(attempt.returnedAt)}
          {attempt.returnNote ? <>: <span className="instructions">{attempt.returnNote}</span></> : "."} Waiting for the student to resubmit.
        </p>
      )}
      {closed && (
        <section className="card" aria-labelledby="reopen-heading">
          <h2 id="reopen-heading">Closed for this student</h2>
          <p className="muted">The lesson closed at {formatDateTime(dueAt!)}. Reopen it for {view.student.displayName} alone: their draft is kept, and they can finish and submit.</p>
          <ActionForm action={setExtensionAction} submitLabel="Reopen for this student" pendingLabel="Reopening…">
            {hidden}
            <input type="hidden" name="dueAt" value="" />
          </ActionForm>
        </section>
      )}
      {extension && (
        <ActionForm action={removeExtensionAction} submitLabel="Remove their own due date" pendingLabel="Removing…" buttonClassName="button button-small button-secondary" className="inline-form">
          {hidden}
        </ActionForm>
      )}
      {!attempt ? (
        <p className="empty">Not started yet.</p>
      ) : (
        <AttemptResults index={index} attempt={attempt} responses={view.responses} showFeedback viewer="instructor" />
      )}
      {submitted && assignment.archivedAt !== null && (
        <p className="notice notice-info">This assignment is unassigned: restore it for students on the assignment page to return this work for revision.</p>
      )}
      {submitted && assignment.archivedAt === null && (
        <section className="card" aria-labelledby="return-heading">
          <h2 id="return-heading">Return for revision</h2>
          <p className="muted small">
            The student sees your note and can change their answers and submit again. This submission, with its scores and comments, stays in the history
            below; answers they do not change keep your grades.
          </p>
          <ActionForm action={returnAttemptAction} submitLabel="Return for revision" pendingLabel="Returning…">
            {hidden}
            <TextAreaField name="note" label="Note to the student" hint="Why it comes back, and what to work on." rows={3} maxLength={LIMITS.returnNoteMax} />
          </ActionForm>
        </section>
      )}
      {history.length > 0 && (
        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">Earlier submissions</h2>
          <p className="muted small">
            The scores, grade and statistics use the latest submission{attempt?.status === "submitted" ? ` (submission ${history.length + 1})` : ", once it is handed in"}.
          </p>
          <ol className="list history">
            {history.map((h) => (
              <Submission key={h.id} submission={h} index={index} returnedBy={returners.get(h.returnedBy) ?? "an instructor"} />
            ))}
          </ol>
        </section>
      )}
    </main>
  );
}

function Submission({ submission: h, index, returnedBy }: { submission: EarlierSubmission; index: LessonIndex; returnedBy: string }) {
  const byItem = new Map(h.responses.map((r) => [r.itemId, r]));
  return (
    <li>
      <h3 className="list-title">
        Submission {h.number} · submitted {formatDateTime(h.submittedAt)} · {formatPoints(h.score ?? 0)}/{formatPoints(h.maxScore ?? 0)}
      </h3>
      <p className="small">
        Returned {formatDateTime(h.returnedAt)} by {returnedBy}
        {h.returnNote ? (
          <>
            {" "}
            with the note: <span className="instructions">{h.returnNote}</span>
          </>
        ) : (
          " (no note)"
        )}
      </p>
      <details>
        <summary>Answers, scores and comments of submission {h.number}</summary>
        <dl>
          {index.items.map((item) => {
            const r = byItem.get(item.id);
            return (
              <div key={item.id}>
                <dt>
                  {item.kind === "debate" ? `D${item.number}` : `Q${item.number}`} · {item.kind === "debate" ? item.debate.motion : item.question.prompt}
                </dt>
                <dd>
                  {r ? answerAsText(index, item, r.answer) : "Not answered"}
                  {r && (
                    <div className="muted small">
                      {r.score === null ? (r.needsGrading ? "Not graded" : "No score") : `${formatPoints(r.score)}/${formatPoints(r.maxScore ?? 0)}`}
                      {r.comment && <> · Comment: {r.comment}</>}
                    </div>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      </details>
    </li>
  );
}
