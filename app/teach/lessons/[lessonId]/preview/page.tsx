import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LessonReading } from "@/app/_components/lesson-reading";
import { requireRole } from "@/lib/auth/guards";
import { indexLesson } from "@/lib/lesson-items";
import { previewLessonAction } from "./actions";
import { loadPreviewLesson } from "./lesson";

export const metadata: Metadata = { title: "Student preview" };

/** The lesson exactly as a student answers it (the same component as the student's page), saving nothing. */
export default async function StudentPreviewPage({ params }: { params: Promise<{ lessonId: string }> }) {
  const segment = (await params).lessonId;
  const instructor = await requireRole("instructor", `/teach/lessons/${encodeURIComponent(segment)}/preview`);
  const lesson = await loadPreviewLesson(instructor, segment);
  if (!lesson) notFound();
  const keyHref = `/teach/lessons/${encodeURIComponent(segment)}`;
  return (
    <main id="main" className="reading">
      <p className="breadcrumbs">
        <Link href="/teach/lessons">Lessons</Link> / <Link href={keyHref}>{lesson.title}</Link> / student preview
      </p>
      <p className="notice notice-info" role="note">
        <strong>Preview: this is what students see. Answers here are not saved.</strong> <Link href={keyHref}>Show the answer key</Link>
      </p>
      <LessonReading index={indexLesson(lesson)} answers={new Map()} eyebrow="Student preview" mode={{ kind: "preview" }} action={previewLessonAction.bind(null, segment)} />
    </main>
  );
}
