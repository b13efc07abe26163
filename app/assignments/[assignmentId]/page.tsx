import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/db/client";
import { getStudentAttempt, lessonIndexFor, writeWindowFor } from "@/db/queries/attempts";
import { feedbackVisible, getAssignmentForStudent } from "@/db/queries/assignments";
import { requireRole } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format";
import { parseId } from "@/lib/ids";
import { saveOrSubmitLesson } from "./actions";
import { ClearUnsaved } from "./clear-unsaved";
import { ReturnedFeedback } from "./returned-feedback";
import { AttemptResults } from "@/app/_components/attempt-results";
import { LessonHeader, LessonReading } from "@/app/_components/lesson-reading";
import { ReadingMain, ReadingSettings } from "@/app/_components/reading/reading-settings";
import { getReadingPrefs } from "@/db/queries/users";

export const metadata: Metadata = { title: "Lesson" };

export default async function LessonPage({ params, searchParams }: { params: Promise<{ assignmentId: string }>; searchParams: Promise<{ submitted?: string }> }) {
  const segment = (await params).assignmentId;
  const student = await requireRole("student", `/assignments/${encodeURIComponent(segment)}`);
  const assignmentId = parseId(segment);
  const assignment = assignmentId ? await getAssignmentForStudent(db, student.id, assignmentId) : undefined;
  const attempt = assignmentId ? await getStudentAttempt(db, student.id, assignmentId) : undefined;
  const index = assignment && (await lessonIndexFor(db, assignment.id));
  const writable = assignment && (await writeWindowFor(db, student.id, assignment.id));
  if (!assignment || !attempt || !index || !writable) notFound();
  const { lesson } = index;
  const { submitted } = await searchParams;
  // The student's own due date when they have one (an extension), else the assignment's.
  const eyebrow = writable.dueAt ? `Due ${formatDateTime(writable.dueAt)}` : "No due date";
  const instructions = assignment.instructions && (
    <section className="card" aria-labelledby="instructions-heading">
      <h2 id="instructions-heading">Instructions from your teacher</h2>
      <p className="instructions">{assignment.instructions}</p>
    </section>
  );
  const prefs = await getReadingPrefs(db, student.id);
  const breadcrumbs = (
    <div className="page-tools">
      <p className="breadcrumbs">
        <Link href="/dashboard">My work</Link> / {lesson.title}
      </p>
      <ReadingSettings />
    </div>
  );

  if (attempt.attempt?.status === "submitted") {
    return (
      <ReadingMain prefs={prefs} className="reading">
        {breadcrumbs}
        <LessonHeader lesson={lesson} eyebrow={eyebrow} />
        {submitted && (
          <p className="notice notice-success" role="status">
            Your answers are submitted.
          </p>
        )}
        {instructions}
        <ClearUnsaved assignmentId={assignment.id} studentId={student.id} />
        <AttemptResults index={index} attempt={attempt.attempt} responses={attempt.responses} showFeedback={feedbackVisible(assignment)} />
      </ReadingMain>
    );
  }

  const answers = new Map([...attempt.responses].map(([id, response]) => [id, response.answer]));
  return (
    <ReadingMain prefs={prefs} className="reading">
      {breadcrumbs}
      {attempt.attempt?.returnedAt && (
        <div className="notice notice-warn">
          {/* The message is the live region; the list of comments after it is for reading, not announcing. */}
          <div role="status">
            <p>
              <strong>Returned for revision</strong>
              {attempt.attempt.returnNote ? ": " : "."}
              {attempt.attempt.returnNote && <span className="instructions">{attempt.attempt.returnNote}</span>}
            </p>
            <p className="small">Change your answers and submit the lesson again; your teacher sees both submissions.</p>
          </div>
          {feedbackVisible(assignment) && <ReturnedFeedback index={index} responses={attempt.responses} />}
        </div>
      )}
      <LessonReading
        index={index}
        answers={answers}
        eyebrow={eyebrow}
        before={instructions}
        mode={{
          kind: "attempt",
          assignmentId: assignment.id,
          studentId: student.id,
          serverSavedAt: attempt.attempt?.updatedAt ?? 0,
          itemsSavedAt: Object.fromEntries([...attempt.responses].map(([id, response]) => [id, response.updatedAt])),
          readOnly: writable.ok ? undefined : writable.message,
        }}
        action={saveOrSubmitLesson.bind(null, assignment.id)}
      />
    </ReadingMain>
  );
}
