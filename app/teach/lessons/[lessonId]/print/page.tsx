import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { printCopyOf, PrintPage } from "@/app/_components/lesson-print";
import { requireRole } from "@/lib/auth/guards";
import { resolveLesson } from "@/lib/authoring/lookup";
import { previewOf } from "../preview/lesson";

export const metadata: Metadata = { title: "Print a lesson" };

/**
 * A lesson on paper: `?copy=student` (the worksheet) or `?copy=key` (the answer key). Who may open it, and
 * which version it shows, as on the lesson page: the published version; the owner's draft with `?draft=1`,
 * or when nothing is published yet.
 */
export default async function PrintLessonPage({ params, searchParams }: { params: Promise<{ lessonId: string }>; searchParams: Promise<{ copy?: string; draft?: string }> }) {
  const segment = (await params).lessonId;
  const query = await searchParams;
  const copy = printCopyOf(query.copy);
  const base = `/teach/lessons/${encodeURIComponent(segment)}`;
  const instructor = await requireRole("instructor", `${base}/print?copy=${copy}`);
  const ref = await resolveLesson(instructor.id, segment);
  if (!ref) notFound();
  const mine = ref.kind === "authored" && ref.access.mine;
  const published = ref.kind === "builtin" ? ref.lesson : ref.published?.lesson;
  const wantsDraft = mine && (query.draft || !published);
  const preview = wantsDraft ? await previewOf(instructor, segment) : undefined;
  const lesson = preview && "lesson" in preview ? preview.lesson : wantsDraft && query.draft ? undefined : published;
  const title = lesson?.title ?? (ref.kind === "authored" ? ref.access.lesson.title : "") ?? "";
  const crumbs = (
    <>
      <Link href="/teach/lessons">Lessons</Link> / <Link href={base}>{title || "Untitled lesson"}</Link> / Print
    </>
  );
  if (!lesson) {
    return (
      <main id="main" className="reading">
        <p className="breadcrumbs">{crumbs}</p>
        <h1>Nothing to print yet</h1>
        <p className="empty">The draft has problems to fix first. Open the editor, fix what it lists, and print again.</p>
      </main>
    );
  }
  return <PrintPage lesson={lesson} copy={copy} base={`${base}/print`} crumbs={crumbs} />;
}
