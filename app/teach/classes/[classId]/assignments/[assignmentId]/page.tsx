import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LessonWithKey } from "@/app/_components/lesson-key";
import { db } from "@/db/client";
import { getAssignmentForInstructor } from "@/db/queries/assignments";
import { lessonIndexFor, listResponsesForAssignment } from "@/db/queries/attempts";
import { getClassForInstructor } from "@/db/queries/classes";
import { listDebatesForAssignment } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { formatDateTime, plural } from "@/lib/format";
import { ActionForm } from "@/app/_components/action-form";
import { releaseFeedbackAction } from "@/app/teach/actions";
import { startDebateAction } from "@/app/teach/debates/actions";
import { SelectField } from "@/app/_components/select-field";
import { parseId } from "@/lib/ids";
import { QuestionLegend, ResponsesTable } from "./responses-table";

export const metadata: Metadata = { title: "Assignment" };

/** The assignment as assigned: rendered from its stored snapshot, whatever the lesson file says now. */
export default async function AssignmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ classId: string; assignmentId: string }>;
  searchParams: Promise<{ assigned?: string; sort?: string }>;
}) {
  const instructor = await requireRole("instructor");
  const ids = await params;
  const classId = parseId(ids.classId);
  const assignmentId = parseId(ids.assignmentId);
  const assignment = assignmentId ? getAssignmentForInstructor(db, instructor.id, assignmentId) : undefined;
  if (!assignment || assignment.classId !== classId) notFound();
  const cls = getClassForInstructor(db, instructor.id, assignment.classId);
  if (!cls) notFound();
  const { assigned, sort } = await searchParams;
  const base = `/teach/classes/${cls.id}/assignments/${assignment.id}`;
  const rows = listResponsesForAssignment(db, instructor.id, assignment.id) ?? [];
  const sessions = listDebatesForAssignment(db, instructor.id, assignment.id);
  const index = lessonIndexFor(db, assignment.id)!;
  const submittedCount = rows.filter((r) => r.student.status === "active" && r.attempt?.status === "submitted").length;
  const toGrade = rows.reduce((n, r) => n + [...r.responses.values()].filter((x) => r.attempt?.status === "submitted" && x.needsGrading && x.score === null).length, 0);

  return (
    <main id="main" className="wide">
      <p className="breadcrumbs">
        <Link href="/teach">Classes</Link> / <Link href={`/teach/classes/${cls.id}`}>{cls.name}</Link> / assignment
      </p>
      {assigned && (
        <p className="notice notice-success" role="status">
          Lesson assigned to {cls.name}. Students see it on their dashboard now.
        </p>
      )}
      <div className="page-head">
        <p className="eyebrow">
          Assigned {formatDateTime(assignment.createdAt)} · {assignment.dueAt ? `due ${formatDateTime(assignment.dueAt)}` : "no due date"}
        </p>
        <h1>{assignment.lesson.title}</h1>
      </div>
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
            <>
              <p className="muted">Held until you release it. Students see only that they submitted.</p>
              <ActionForm action={releaseFeedbackAction} submitLabel="Release feedback to students" pendingLabel="Releasing…">
                <input type="hidden" name="assignmentId" value={assignment.id} />
              </ActionForm>
            </>
          )}
        </section>
      </div>
      {assignment.lesson.debates.length > 0 && (
        <section className="card review-actions" aria-labelledby="live-heading">
          <h2 id="live-heading">Live debate</h2>
          <p className="muted">Start a live session on one of the lesson&apos;s debate prompts: students of the class see it on their page and join.</p>
          <ActionForm action={startDebateAction} submitLabel="Start a live debate" pendingLabel="Starting…">
            <input type="hidden" name="assignmentId" value={assignment.id} />
            <SelectField name="debateId" label="Debate prompt" options={assignment.lesson.debates.map((d) => ({ value: d.id, label: d.motion }))} />
          </ActionForm>
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
        <ResponsesTable index={index} rows={rows} baseHref={base} sort={sort === "score" ? "score" : "name"} />
        {rows.length > 0 && (
          <div className="legend">
            <h3>Columns</h3>
            <QuestionLegend index={index} />
          </div>
        )}
      </section>
      <div className="reading-column">
        <h2 className="section-title">Lesson and answer key</h2>
        <p className="muted">This is the lesson exactly as it was assigned; later edits to the lesson file do not change it.</p>
        <LessonWithKey lesson={assignment.lesson} />
      </div>
    </main>
  );
}
