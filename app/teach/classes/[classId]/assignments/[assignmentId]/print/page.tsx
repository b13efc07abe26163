import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { printCopyOf, PrintPage } from "@/app/_components/lesson-print";
import { db } from "@/db/client";
import { getAssignmentForInstructor } from "@/db/queries/assignments";
import { getClassForInstructor } from "@/db/queries/classes";
import { requireRole } from "@/lib/auth/guards";
import { parseId } from "@/lib/ids";

export const metadata: Metadata = { title: "Print an assignment" };

/** An assignment on paper (`?copy=student` or `?copy=key`), from its stored snapshot: the lesson as it was assigned. */
export default async function PrintAssignmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ classId: string; assignmentId: string }>;
  searchParams: Promise<{ copy?: string }>;
}) {
  const instructor = await requireRole("instructor");
  const ids = await params;
  const classId = parseId(ids.classId);
  const assignmentId = parseId(ids.assignmentId);
  const assignment = assignmentId ? await getAssignmentForInstructor(db, instructor.id, assignmentId) : undefined;
  if (!assignment || assignment.classId !== classId) notFound();
  const cls = await getClassForInstructor(db, instructor.id, assignment.classId);
  if (!cls) notFound();
  const base = `/teach/classes/${cls.id}/assignments/${assignment.id}`;
  const crumbs = (
    <>
      <Link href="/teach">Classes</Link> / <Link href={`/teach/classes/${cls.id}`}>{cls.name}</Link> / <Link href={base}>{assignment.lesson.title}</Link> / Print
    </>
  );
  return <PrintPage lesson={assignment.lesson} copy={printCopyOf((await searchParams).copy)} base={`${base}/print`} crumbs={crumbs} />;
}
