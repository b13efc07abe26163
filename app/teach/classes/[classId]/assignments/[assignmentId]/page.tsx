import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LessonWithKey } from "@/app/_components/lesson-key";
import { db } from "@/db/client";
import { getAssignmentForInstructor } from "@/db/queries/assignments";
import { getClassForInstructor } from "@/db/queries/classes";
import { requireRole } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format";
import { parseId } from "@/lib/ids";

export const metadata: Metadata = { title: "Assignment" };

/** The assignment as assigned: rendered from its stored snapshot, whatever the lesson file says now. */
export default async function AssignmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ classId: string; assignmentId: string }>;
  searchParams: Promise<{ assigned?: string }>;
}) {
  const instructor = await requireRole("instructor");
  const ids = await params;
  const classId = parseId(ids.classId);
  const assignmentId = parseId(ids.assignmentId);
  const assignment = assignmentId ? getAssignmentForInstructor(db, instructor.id, assignmentId) : undefined;
  if (!assignment || assignment.classId !== classId) notFound();
  const cls = getClassForInstructor(db, instructor.id, assignment.classId);
  if (!cls) notFound();
  const { assigned } = await searchParams;

  return (
    <main id="main" className="reading">
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
        <p>This is the lesson exactly as it was assigned; later edits to the lesson file do not change it.</p>
      </div>
      <LessonWithKey lesson={assignment.lesson} />
    </main>
  );
}
