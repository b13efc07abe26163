import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/lib/auth/guards";
import { listLessons } from "@/lib/content/lessons";
import { countQuestions } from "@/lib/content/schema";
import { plural } from "@/lib/format";

export const metadata: Metadata = { title: "Lessons" };

export default async function LessonsPage() {
  await requireRole("instructor");
  const lessons = listLessons();
  return (
    <main id="main">
      <div className="page-head">
        <h1>Lessons</h1>
        <p>The lessons in this deployment's content folder. Assign them from a class page.</p>
      </div>
      <section className="card">
        {lessons.length === 0 ? (
          <p className="empty">No lessons yet. Add one to content/lessons (see content/README.md).</p>
        ) : (
          <ul className="list">
            {lessons.map((l) => (
              <li key={l.id}>
                <div>
                  <Link className="list-title" href={`/teach/lessons/${l.id}`}>
                    {l.title}
                  </Link>
                  <div className="muted small">
                    {[l.author, plural(l.excerpts.length, "excerpt")].filter(Boolean).join(" · ")} · {plural(countQuestions(l), "question")} ·{" "}
                    {plural(l.debates.length, "debate prompt")}
                  </div>
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
