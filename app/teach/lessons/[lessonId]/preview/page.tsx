import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LessonReading } from "@/app/_components/lesson-reading";
import { requireRole } from "@/lib/auth/guards";
import { indexLesson } from "@/lib/lesson-items";
import { previewLessonAction } from "./actions";
import { previewOf } from "./lesson";

export const metadata: Metadata = { title: "Student preview" };

/** The lesson exactly as a student answers it (the same component as the student's page), saving nothing. */
export default async function StudentPreviewPage({ params }: { params: Promise<{ lessonId: string }> }) {
  const segment = (await params).lessonId;
  const instructor = await requireRole("instructor", `/teach/lessons/${encodeURIComponent(segment)}/preview`);
  const preview = await previewOf(instructor, segment);
  if (!preview) notFound();
  const base = `/teach/lessons/${encodeURIComponent(segment)}`;
  if ("problems" in preview) {
    return (
      <main id="main" className="reading">
        <p className="breadcrumbs">
          <Link href="/teach/lessons">Lessons</Link> / <Link href={base}>Lesson</Link> / Student preview
        </p>
        <h1>Student preview</h1>
        <p className="notice notice-warn" role="status">
          The draft has {preview.problems === 1 ? "a problem" : `${preview.problems} problems`} to fix before it can be previewed. <Link href={`${base}/edit`}>Back to the editor</Link>
        </p>
      </main>
    );
  }
  const { lesson } = preview;
  const keyHref = preview.draft ? `${base}?draft=1` : base;
  return (
    <main id="main" className="reading">
      <p className="breadcrumbs">
        <Link href="/teach/lessons">Lessons</Link> / <Link href={keyHref}>{lesson.title}</Link> / Student preview
      </p>
      <p className="notice notice-info" role="note">
        <strong>Preview{preview.draft ? " of your draft" : ""}: this is what students see. Answers here are not saved.</strong> <Link href={keyHref}>Show the answer key</Link>
        {preview.draft && (
          <>
            {" · "}
            <Link href={`${base}/edit`}>Back to the editor</Link>
          </>
        )}
      </p>
      <LessonReading index={indexLesson(lesson)} answers={new Map()} eyebrow="Student preview" mode={{ kind: "preview" }} action={previewLessonAction.bind(null, segment)} />
    </main>
  );
}
