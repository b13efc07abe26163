import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/db/client";
import { getStudentAttempt, lessonIndexFor } from "@/db/queries/attempts";
import { feedbackVisible, getAssignmentForStudent } from "@/db/queries/assignments";
import { isAnswered } from "@/lib/answer-form";
import { formItems, type DebateAnswer } from "@/lib/answers";
import { requireRole } from "@/lib/auth/guards";
import { byline, excerptHeading } from "@/lib/content/display";
import { formatDateTime } from "@/lib/format";
import { parseId } from "@/lib/ids";
import { saveOrSubmitLesson } from "./actions";
import { DebateField, QuestionField } from "./item-fields";
import { ClearUnsaved } from "./clear-unsaved";
import { LessonForm } from "./lesson-form";
import { AttemptResults } from "@/app/_components/attempt-results";

export const metadata: Metadata = { title: "Lesson" };

export default async function LessonPage({ params, searchParams }: { params: Promise<{ assignmentId: string }>; searchParams: Promise<{ submitted?: string }> }) {
  const segment = (await params).assignmentId;
  const student = await requireRole("student", `/assignments/${encodeURIComponent(segment)}`);
  const assignmentId = parseId(segment);
  const assignment = assignmentId ? getAssignmentForStudent(db, student.id, assignmentId) : undefined;
  const attempt = assignmentId ? getStudentAttempt(db, student.id, assignmentId) : undefined;
  const index = assignment && lessonIndexFor(db, assignment.id);
  if (!assignment || !attempt || !index) notFound();
  const { lesson } = index;
  const { submitted } = await searchParams;

  const header = (
    <>
      <p className="breadcrumbs">
        <Link href="/dashboard">My work</Link> / {lesson.title}
      </p>
      <header className="page-head">
        <p className="eyebrow">{assignment.dueAt ? `Due ${formatDateTime(assignment.dueAt)}` : "No due date"}</p>
        <h1>{lesson.title}</h1>
        {lesson.subtitle && <p className="lead">{lesson.subtitle}</p>}
        {byline(lesson) && <p className="article-meta">{byline(lesson)}</p>}
        <p className="small muted">{lesson.attribution}</p>
      </header>
    </>
  );

  if (attempt.attempt?.status === "submitted") {
    return (
      <main id="main" className="reading">
        {header}
        {submitted && (
          <p className="notice notice-success" role="status">
            Your answers are submitted.
          </p>
        )}
        <ClearUnsaved assignmentId={assignment.id} studentId={student.id} />
        <AttemptResults index={index} attempt={attempt.attempt} responses={attempt.responses} showFeedback={feedbackVisible(assignment)} />
      </main>
    );
  }

  const answerOf = (id: string) => attempt.responses.get(id)?.answer;
  const answered = index.items.filter((item) => isAnswered(answerOf(item.id))).length;
  return (
    <main id="main" className="reading">
      {header}
      <LessonForm
        assignmentId={assignment.id}
        studentId={student.id}
        serverSavedAt={attempt.attempt?.updatedAt ?? 0}
        items={formItems(index)} initialAnswered={answered} action={saveOrSubmitLesson.bind(null, assignment.id)}>
        {lesson.excerpts.map((excerpt, i) => (
          <section key={excerpt.id} className="card excerpt-card" aria-labelledby={`excerpt-${excerpt.id}`}>
            <p className="eyebrow">
              Excerpt {i + 1} of {lesson.excerpts.length}
            </p>
            <h2 id={`excerpt-${excerpt.id}`}>{excerptHeading(lesson, excerpt.id)}</h2>
            <div className="excerpt">
              <p>{excerpt.sentences.map((s) => s.text).join(" ")}</p>
            </div>
            {index.items.map((item) =>
              item.kind === "question" && item.excerpt.id === excerpt.id ? <QuestionField key={item.id} item={item} answer={answerOf(item.id)} /> : null,
            )}
          </section>
        ))}
        {lesson.debates.length > 0 && (
          <section className="card" aria-labelledby="debates-heading">
            <p className="eyebrow">Your position</p>
            <h2 id="debates-heading">Debate prompts</h2>
            <p className="muted">For each motion, say where you stand and argue your case with sentences from the text.</p>
            {index.items.map((item) =>
              item.kind === "debate" ? <DebateField key={item.id} item={item} lesson={lesson} answer={answerOf(item.id) as DebateAnswer | undefined} /> : null,
            )}
          </section>
        )}
      </LessonForm>
    </main>
  );
}
