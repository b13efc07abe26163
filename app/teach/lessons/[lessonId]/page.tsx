import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LessonWithKey } from "@/app/_components/lesson-key";
import { requireRole } from "@/lib/auth/guards";
import { findLesson } from "@/lib/content/lessons";

export const metadata: Metadata = { title: "Lesson preview" };

export default async function LessonPreviewPage({ params }: { params: Promise<{ lessonId: string }> }) {
  await requireRole("instructor");
  const lesson = findLesson((await params).lessonId);
  if (!lesson) notFound();
  return (
    <main id="main" className="reading">
      <p className="breadcrumbs">
        <Link href="/teach/lessons">Lessons</Link> / preview with answer key
      </p>
      <div className="page-head">
        <p className="eyebrow">Preview · answer key shown</p>
        <h1>{lesson.title}</h1>
      </div>
      <LessonWithKey lesson={lesson} />
    </main>
  );
}
