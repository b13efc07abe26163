import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AttemptResults } from "@/app/_components/attempt-results";
import { db } from "@/db/client";
import { getAssignmentForInstructor } from "@/db/queries/assignments";
import { getAttemptForInstructor, lessonIndexFor } from "@/db/queries/attempts";
import { requireRole } from "@/lib/auth/guards";
import { parseId } from "@/lib/ids";

export const metadata: Metadata = { title: "Student attempt" };

/** One student's whole attempt as they saw it, with scores, comments and explanations. */
export default async function StudentAttemptPage({ params }: { params: Promise<{ classId: string; assignmentId: string; studentId: string }> }) {
  const instructor = await requireRole("instructor");
  const ids = await params;
  const assignmentId = parseId(ids.assignmentId);
  const studentId = parseId(ids.studentId);
  const assignment = assignmentId ? getAssignmentForInstructor(db, instructor.id, assignmentId) : undefined;
  const view = assignment && studentId ? getAttemptForInstructor(db, instructor.id, assignment.id, studentId) : undefined;
  if (!assignment || !view || String(assignment.classId) !== ids.classId) notFound();
  const index = lessonIndexFor(db, assignment.id)!;
  return (
    <main id="main" className="reading">
      <p className="breadcrumbs">
        <Link href="/teach">Classes</Link> / <Link href={`/teach/classes/${assignment.classId}/assignments/${assignment.id}`}>{assignment.lesson.title}</Link> /{" "}
        {view.student.displayName}
      </p>
      <div className="page-head">
        <p className="eyebrow">{view.student.username}</p>
        <h1>{view.student.displayName}</h1>
      </div>
      {!view.attempt ? (
        <p className="empty">Not started yet.</p>
      ) : (
        <AttemptResults index={index} attempt={view.attempt} responses={view.responses} showFeedback viewer="instructor" />
      )}
    </main>
  );
}
