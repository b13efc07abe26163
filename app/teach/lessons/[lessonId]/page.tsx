import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { LessonWithKey } from "@/app/_components/lesson-key";
import { requireRole } from "@/lib/auth/guards";
import { resolveLesson } from "@/lib/authoring/lookup";
import { formatDateTime } from "@/lib/format";
import { duplicateLessonAction, setSharingAction } from "../actions";
import { previewOf } from "./preview/lesson";

export const metadata: Metadata = { title: "Lesson" };

export default async function LessonPage({ params, searchParams }: { params: Promise<{ lessonId: string }>; searchParams: Promise<{ draft?: string }> }) {
  const segment = (await params).lessonId;
  const instructor = await requireRole("instructor", `/teach/lessons/${encodeURIComponent(segment)}`);
  const ref = await resolveLesson(instructor.id, segment);
  if (!ref) notFound();
  // The owner may look at the draft's key (from its preview); everyone else reads the published version.
  const preview = (await searchParams).draft && ref.kind === "authored" && ref.access.mine ? await previewOf(instructor, segment) : undefined;
  const draftLesson = preview && "lesson" in preview ? preview.lesson : undefined;
  const lesson = draftLesson ?? (ref.kind === "builtin" ? ref.lesson : ref.published?.lesson);
  const title = lesson?.title ?? (ref.kind === "authored" ? ref.access.lesson.title : "") ?? "";
  const mine = ref.kind === "authored" && ref.access.mine;
  const base = `/teach/lessons/${encodeURIComponent(segment)}`;

  return (
    <main id="main" className="reading">
      <p className="breadcrumbs">
        <Link href="/teach/lessons">Lessons</Link> / {title || "Untitled lesson"}
      </p>
      <div className="page-head">
        <p className="eyebrow">
          {ref.kind === "builtin"
            ? "Built-in lesson · read-only · answer key shown"
            : draftLesson
              ? "Your draft (not published) · answer key shown"
              : ref.published
              ? `Version ${ref.published.version}, published ${formatDateTime(ref.published.publishedAt)}${mine ? "" : ` · shared by ${ref.access.ownerName}`}`
              : "Draft · not published yet"}
        </p>
        <h1>{title || "Untitled lesson"}</h1>
      </div>

      <section className="card lesson-actions" aria-label="What you can do with this lesson">
        <div className="row">
          {mine && (
            <Link className="button" href={`${base}/edit`}>
              Edit
            </Link>
          )}
          {(lesson || mine) && (
            <Link className="button button-secondary" href={`${base}/preview`}>
              Preview as a student
            </Link>
          )}
          {(lesson || mine) && (
            <a className="button button-secondary" href={`${base}/export`} download>
              Export as YAML
            </a>
          )}
          {(lesson || mine) && (
            <Link className="button button-secondary" href={`${base}/print?copy=student${draftLesson ? "&draft=1" : ""}`}>
              Print student copy
            </Link>
          )}
          {(lesson || mine) && (
            <Link className="button button-secondary" href={`${base}/print?copy=key${draftLesson ? "&draft=1" : ""}`}>
              Print answer key
            </Link>
          )}
          <ActionForm action={duplicateLessonAction} submitLabel="Duplicate to edit a copy" pendingLabel="Copying…" buttonClassName="button button-secondary" className="inline-form">
            <input type="hidden" name="lesson" value={segment} />
          </ActionForm>
        </div>
        {mine && (
          <div className="row sharing">
            <p className="small">
              {ref.access.lesson.sharing === "shared" ? "Shared: every instructor here may preview, duplicate and assign the published version." : "Private: only you can see it."}
            </p>
            <ActionForm
              action={setSharingAction}
              submitLabel={ref.access.lesson.sharing === "shared" ? "Make private" : "Share with every instructor"}
              pendingLabel="Saving…"
              buttonClassName="button button-small button-secondary"
              className="inline-form"
            >
              <input type="hidden" name="lessonId" value={ref.access.lesson.id} />
              <input type="hidden" name="sharing" value={ref.access.lesson.sharing === "shared" ? "private" : "shared"} />
            </ActionForm>
          </div>
        )}
        {ref.kind === "authored" && ref.published && mine && ref.access.lesson.publishedRevision !== ref.access.lesson.draftRevision && (
          <p className="notice notice-info small">The draft has changes that are not published. Students and colleagues get version {ref.published.version} until you publish again.</p>
        )}
        {lesson && <p className="small muted">Assign it from a class page. An assignment keeps the version it was given, whatever is edited later.</p>}
      </section>

      {lesson ? (
        <>
          <h2 className="section-title">Answer key</h2>
          <LessonWithKey lesson={lesson} />
        </>
      ) : (
        <p className="empty">Nothing is published yet. Edit the draft, then publish it to preview its answer key here and assign it.</p>
      )}
    </main>
  );
}
