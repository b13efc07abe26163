import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/db/client";
import { listLessonsFor, type LessonListEntry } from "@/db/queries/lessons";
import { requireRole } from "@/lib/auth/guards";
import { listLessons } from "@/lib/content/lessons";
import { countQuestions, type Lesson } from "@/lib/content/schema";
import { formatDateTime, plural } from "@/lib/format";

export const metadata: Metadata = { title: "Lessons" };

function Contents({ lesson }: { lesson: Lesson }) {
  return (
    <div className="muted small">
      {[lesson.author, plural(lesson.excerpts.length, "excerpt"), plural(countQuestions(lesson), "question"), plural(lesson.debates.length, "debate prompt")].filter(Boolean).join(" · ")}
    </div>
  );
}

function Status({ entry }: { entry: LessonListEntry }) {
  if (!entry.published) return <span className="badge">Draft · not published</span>;
  return (
    <span className="badge badge-good">
      Version {entry.published.version}
      {entry.unpublishedChanges ? " · unpublished changes" : ""}
    </span>
  );
}

export default async function LessonsPage() {
  const instructor = await requireRole("instructor");
  const { mine, shared } = await listLessonsFor(db, instructor.id);
  const builtIn = listLessons();
  return (
    <main id="main">
      <div className="page-head row row-between">
        <div>
          <h1>Lessons</h1>
          <p>Write a lesson from any text, or start from one below. Assign published lessons from a class page.</p>
        </div>
        <Link className="button" href="/teach/lessons/new">
          New lesson
        </Link>
      </div>

      <section className="card" aria-labelledby="mine-heading">
        <h2 id="mine-heading">Your lessons</h2>
        {mine.length === 0 ? (
          <p className="empty">
            None yet. <Link href="/teach/lessons/new">Paste or upload a text</Link>, or duplicate a lesson below to edit your own copy.
          </p>
        ) : (
          <ul className="list">
            {mine.map((l) => (
              <li key={l.id}>
                <div>
                  <Link className="list-title" href={`/teach/lessons/${l.id}`}>
                    {l.title || "Untitled lesson"}
                  </Link>{" "}
                  <Status entry={l} /> {l.sharing === "shared" && <span className="badge badge-accent">Shared</span>}
                  <div className="muted small">Edited {formatDateTime(l.updatedAt)}</div>
                </div>
                <Link className="button button-small button-secondary" href={`/teach/lessons/${l.id}/edit`}>
                  Edit
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {shared.length > 0 && (
        <section className="card" aria-labelledby="shared-heading">
          <h2 id="shared-heading">Shared by colleagues</h2>
          <ul className="list">
            {shared.map((l) => (
              <li key={l.id}>
                <div>
                  <Link className="list-title" href={`/teach/lessons/${l.id}`}>
                    {l.published!.lesson.title}
                  </Link>{" "}
                  <span className="badge">by {l.ownerName}</span>
                  <Contents lesson={l.published!.lesson} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="builtin-heading">
        <h2 id="builtin-heading">Built-in lessons</h2>
        <p className="hint">Part of this deployment (its content folder): read-only. Duplicate one to change it.</p>
        {builtIn.length === 0 ? (
          <p className="empty">None in this deployment.</p>
        ) : (
          <ul className="list">
            {builtIn.map((l) => (
              <li key={l.id}>
                <div>
                  <Link className="list-title" href={`/teach/lessons/${l.id}`}>
                    {l.title}
                  </Link>
                  <Contents lesson={l} />
                  {l.summary && (
                    <p className="small" style={{ marginTop: "0.35rem" }}>
                      {l.summary}
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
