import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs, classTrail } from "@/app/_components/breadcrumbs";
import { db } from "@/db/client";
import { getAssignmentForInstructor, listExtensions } from "@/db/queries/assignments";
import { countToGrade, lessonIndexFor, listReviewRows } from "@/db/queries/attempts";
import { getClassForInstructor } from "@/db/queries/classes";
import { listDebatesForAssignment } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { formatDateTime, plural, toLocalDateTime } from "@/lib/format";
import { ActionForm, Field, TextAreaField } from "@/app/_components/action-form";
import { LIMITS } from "@/lib/limits";
import { removeExtensionAction, restoreAssignmentAction, setExtensionAction, unassignAction, updateAssignmentAction } from "./actions";
import { startDebateAction } from "@/app/teach/debates/actions";
import { AssignmentPolicyFields } from "@/app/_components/assignment-policy-fields";
import { SelectField } from "@/app/_components/select-field";
import { parseId } from "@/lib/ids";
import { ReleaseFeedback } from "./release-feedback";
import { gridPage, QuestionLegend, ResponsesTable } from "./responses-table";

export const metadata: Metadata = { title: "Assignment" };

/** The assignment as assigned: rendered from its stored snapshot, whatever the lesson file says now. */
export default async function AssignmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ classId: string; assignmentId: string }>;
  searchParams: Promise<{ assigned?: string; sort?: string; page?: string }>;
}) {
  const instructor = await requireRole("instructor");
  const ids = await params;
  const classId = parseId(ids.classId);
  const assignmentId = parseId(ids.assignmentId);
  const assignment = assignmentId ? await getAssignmentForInstructor(db, instructor.id, assignmentId) : undefined;
  if (!assignment || assignment.classId !== classId) notFound();
  const cls = await getClassForInstructor(db, instructor.id, assignment.classId);
  if (!cls) notFound();
  const { assigned, sort, page } = await searchParams;
  const base = `/teach/classes/${cls.id}/assignments/${assignment.id}`;
  const sortBy = sort === "score" ? "score" : "name";
  const pageNumber = parseId(page ?? "") ?? 1;
  // Every student for the counts; the responses of only the page of them the grid shows.
  const review = await listReviewRows(db, instructor.id, assignment.id, (all) => gridPage(all, sortBy, pageNumber).rows);
  const rows = review?.all ?? [];
  const grid = { ...gridPage(rows, sortBy, pageNumber), rows: review?.picked ?? [] };
  const sessions = await listDebatesForAssignment(db, instructor.id, assignment.id);
  const index = (await lessonIndexFor(db, assignment.id))!;
  const submittedCount = rows.filter((r) => r.student.status === "active" && r.attempt?.status === "submitted").length;
  const extensions = (await listExtensions(db, instructor.id, assignment.id)) ?? [];
  const active = rows.filter((r) => r.student.status === "active");
  const hidden = (
    <>
      <input type="hidden" name="classId" value={cls.id} />
      <input type="hidden" name="assignmentId" value={assignment.id} />
    </>
  );
  const toGrade = await countToGrade(db, assignment.id);

  return (
    <main id="main" className="wide">
      <Breadcrumbs trail={classTrail(cls)} here={assignment.lesson.title} />
      {assigned && (
        <p className="notice notice-success" role="status">
          Lesson assigned to {cls.name}. Students see it on their dashboard now.
        </p>
      )}
      {assignment.archivedAt && (
        <div className="notice notice-warn" role="status">
          <p>
            <strong>Archived on {formatDateTime(assignment.archivedAt)}.</strong> Students no longer see this assignment; their work is kept, and you can still
            review, grade and export it.
          </p>
          <ActionForm action={restoreAssignmentAction} submitLabel="Restore it for students" pendingLabel="Restoring…" buttonClassName="button button-small">
            {hidden}
          </ActionForm>
        </div>
      )}
      <div className="page-head">
        <p className="eyebrow">
          Assigned {formatDateTime(assignment.createdAt)} · {assignment.dueAt ? `due ${formatDateTime(assignment.dueAt)}` : "no due date"} ·{" "}
          {assignment.latePolicy === "close" ? "closes at the due date" : "late work accepted"}
        </p>
        <h1>{assignment.lesson.title}</h1>
      </div>
      {/* The lesson itself is a page of its own: on this one it would double the weight of a large class's grid. */}
      <p className="row small print-links">
        The lesson exactly as assigned (later edits do not change it):
        <Link href={`${base}/print?copy=key`}>Answer key</Link>
        <Link href={`${base}/print?copy=student`}>Student copy</Link>
      </p>
      <div className="grid review-actions">
        <section className="card" aria-labelledby="grading-heading">
          <h2 id="grading-heading">Grading</h2>
          <p className="muted">
            {toGrade === 0 ? "Nothing waiting to be graded." : `${plural(toGrade, "short answer or argument", "short answers and arguments")} to grade.`}
          </p>
          <div className="row">
            <Link className="button" href={`${base}/grade`}>
              Open the grading queue
            </Link>
            <Link className="button button-secondary" href={`${base}/questions`}>
              Question statistics
            </Link>
          </div>
        </section>
        <section className="card" aria-labelledby="feedback-heading">
          <h2 id="feedback-heading">Feedback</h2>
          {assignment.feedbackMode === "immediate" ? (
            <p className="muted">Students see their scores and explanations as soon as they submit; your grades and comments appear as you save them.</p>
          ) : assignment.feedbackReleasedAt ? (
            <p>Released on {formatDateTime(assignment.feedbackReleasedAt)}: students see their scores, your comments, the explanations and the key.</p>
          ) : (
            <ReleaseFeedback assignmentId={assignment.id} gradeHref={`${base}/grade`} />
          )}
        </section>
      </div>
      <div className="grid review-actions">
        <section className="card" aria-labelledby="settings-heading">
          <h2 id="settings-heading">Settings</h2>
          <ActionForm action={updateAssignmentAction} submitLabel="Save changes" pendingLabel="Saving…">
            {hidden}
            <Field
              name="dueAt"
              label="Due (optional)"
              type="datetime-local"
              defaultValue={assignment.dueAt ? toLocalDateTime(assignment.dueAt) : ""}
              hint="Leave empty for no due date. Students with a due date of their own keep it."
            />
            <AssignmentPolicyFields current={assignment} />
            <TextAreaField
              name="instructions"
              label="Instructions for students (optional)"
              hint="Shown above the lesson, as plain text."
              rows={3}
              maxLength={LIMITS.instructionsMax}
              defaultValue={assignment.instructions ?? ""}
            />
          </ActionForm>
        </section>
        <section className="card" aria-labelledby="extensions-heading">
          <h2 id="extensions-heading">Due dates for individual students</h2>
          <p className="muted small">An accommodation, or a lesson reopened for one student. Their own due date replaces the assignment&apos;s; leave it empty to reopen with no due date.</p>
          {extensions.length > 0 && (
            <ul className="list">
              {extensions.map((e) => (
                <li key={e.studentId}>
                  <div>
                    <div className="list-title">{e.displayName}</div>
                    <div className="muted small">{e.dueAt === null ? "Reopened, no due date" : `Due ${formatDateTime(e.dueAt)}`}</div>
                  </div>
                  <ActionForm action={removeExtensionAction} submitLabel={`Remove ${e.displayName}'s due date`} pendingLabel="Removing…" buttonClassName="button button-small button-secondary" className="inline-form">
                    {hidden}
                    <input type="hidden" name="studentId" value={e.studentId} />
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
          {active.length === 0 ? (
            <p className="empty">No students in this class yet.</p>
          ) : (
            <ActionForm action={setExtensionAction} submitLabel="Set this student's due date" pendingLabel="Saving…">
              {hidden}
              <SelectField name="studentId" label="Student" options={active.map((r) => ({ value: String(r.student.id), label: r.student.displayName }))} />
              <Field name="dueAt" label="Their due date (empty: reopened, no due date)" type="datetime-local" />
            </ActionForm>
          )}
        </section>
        {!assignment.archivedAt && (
          <section className="card" aria-labelledby="unassign-heading">
            <h2 id="unassign-heading">Unassign</h2>
            <p className="muted small">Student work is never deleted: an assignment with work is archived, one without is deleted. You are asked to confirm first.</p>
            <ActionForm action={unassignAction} submitLabel="Unassign…" pendingLabel="Checking…" buttonClassName="button button-secondary">
              {hidden}
            </ActionForm>
          </section>
        )}
      </div>
      {assignment.lesson.debates.length > 0 && (
        <section className="card review-actions" aria-labelledby="live-heading">
          <h2 id="live-heading">Live debate</h2>
          <p className="muted">Start a live session on one of the lesson&apos;s debate prompts: students of the class see it on their page and join.</p>
          {assignment.archivedAt ? (
            <p className="muted small">Restore the assignment to start a new session.</p>
          ) : (
            <ActionForm action={startDebateAction} submitLabel="Start a live debate" pendingLabel="Starting…">
              <input type="hidden" name="assignmentId" value={assignment.id} />
              <SelectField name="debateId" label="Debate prompt" options={assignment.lesson.debates.map((d) => ({ value: d.id, label: d.motion }))} />
            </ActionForm>
          )}
          {sessions.length > 0 && (
            <>
              <h3 className="sessions-heading">Sessions</h3>
              <ul className="sessions">
                {sessions.map((s) => (
                  <li key={s.id}>
                    <Link href={`/teach/debates/${s.id}`}>{assignment.lesson.debates.find((d) => d.id === s.debateId)?.motion ?? "Debate"}</Link>{" "}
                    <span className="muted small">
                      {formatDateTime(s.createdAt)} · {plural(s.participants, "student")} · {plural(s.posts, "post")} ·{" "}
                      {s.phase === "ended" ? "ended: transcript and results" : <strong>running now</strong>}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <section className="card wide" aria-labelledby="responses-heading">
        <h2 id="responses-heading">Responses</h2>
        <p className="muted">
          {rows.length === 0 ? "No students have joined this class yet." : `${submittedCount} of ${rows.filter((r) => r.student.status === "active").length} students submitted.`}
        </p>
        <p className="row small">
          Download:{" "}
          <a href={`/teach/classes/${cls.id}/assignments/${assignment.id}/export/responses.csv`} download>
            Responses (CSV, one row per answer)
          </a>
          <a href={`/teach/classes/${cls.id}/assignments/${assignment.id}/export/gradebook.csv`} download>
            Gradebook (CSV, one row per student)
          </a>
        </p>
        <ResponsesTable index={index} grid={grid} baseHref={base} sort={sortBy} />
        {rows.length > 0 && (
          <div className="legend">
            <h3>Columns</h3>
            <QuestionLegend index={index} />
          </div>
        )}
      </section>
    </main>
  );
}
