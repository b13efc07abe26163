import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/db/client";
import { findOwnLesson, latestVersion } from "@/db/queries/lessons";
import { requireRole } from "@/lib/auth/guards";
import type { DraftLesson } from "@/lib/authoring/draft";
import { parseId } from "@/lib/ids";
import { LessonEditor } from "./editor";

export const metadata: Metadata = { title: "Edit lesson" };

const WELCOME: Record<string, string> = {
  created: "The text is in. Check how it was split into excerpts and sentences, then add questions and debate prompts.",
  imported: "The lesson file is imported as your own draft. Publish it to assign it.",
  copied: "This is your own copy: edit it freely, then publish it to assign it.",
};

export default async function EditLessonPage({ params, searchParams }: { params: Promise<{ lessonId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const segment = (await params).lessonId;
  const instructor = await requireRole("instructor", `/teach/lessons/${encodeURIComponent(segment)}/edit`);
  const lessonId = parseId(segment);
  const row = lessonId ? await findOwnLesson(db, instructor.id, lessonId) : undefined;
  if (!row) notFound();
  const published = await latestVersion(db, row.id);
  const query = await searchParams;
  const welcome = Object.keys(WELCOME).find((k) => query[k]);
  const draft = row.draft as DraftLesson;
  return (
    <main id="main" className="editor-page">
      <p className="breadcrumbs">
        <Link href="/teach/lessons">Lessons</Link> / <Link href={`/teach/lessons/${row.id}`}>{row.title || "Untitled lesson"}</Link> / Edit
      </p>
      <div className="page-head">
        <h1>Edit lesson</h1>
        <p>Changes are saved as you type. Students see nothing until you publish, and assignments keep the version they were given.</p>
      </div>
      {welcome && (
        <p className="notice notice-success" role="status">
          {WELCOME[welcome]}
        </p>
      )}
      <LessonEditor
        lessonId={row.id}
        initialDraft={draft}
        initialRevision={row.draftRevision}
        savedAt={row.updatedAt}
        published={published ? { version: published.version } : null}
        hasUnpublished={row.publishedRevision !== row.draftRevision}
      />
    </main>
  );
}
