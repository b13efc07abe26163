import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { db } from "@/db/client";
import { Breadcrumbs, classTrail } from "@/app/_components/breadcrumbs";
import { getAssignmentForInstructor } from "@/db/queries/assignments";
import { getClassForInstructor } from "@/db/queries/classes";
import { lessonIndexFor } from "@/db/queries/attempts";
import { listGradingEntries, listSnippets } from "@/db/queries/grading";
import type { DebateAnswer, ShortAnswer } from "@/lib/answers";
import { requireRole } from "@/lib/auth/guards";
import { plural } from "@/lib/format";
import { parseId } from "@/lib/ids";
import { stanceWithSide } from "@/lib/stances";
import { GradeForm } from "./grade-form";

export const metadata: Metadata = { title: "Grading" };

type Search = { r?: string; anon?: string; saved?: string };

/** One response at a time: the question, its sample answer and rubric, the response, a score and a comment. */
export default async function GradingPage({ params, searchParams }: { params: Promise<{ classId: string; assignmentId: string }>; searchParams: Promise<Search> }) {
  const ids = await params;
  const instructor = await requireRole("instructor", `/teach/classes/${encodeURIComponent(ids.classId)}/assignments/${encodeURIComponent(ids.assignmentId)}/grade`);
  const classId = parseId(ids.classId);
  const assignmentId = parseId(ids.assignmentId);
  const assignment = assignmentId ? await getAssignmentForInstructor(db, instructor.id, assignmentId) : undefined;
  if (!assignment || assignment.classId !== classId) notFound();
  const cls = await getClassForInstructor(db, instructor.id, assignment.classId);
  if (!cls) notFound();
  const search = await searchParams;
  const anonymised = search.anon === "1";
  const entries = (await listGradingEntries(db, instructor.id, assignment.id, anonymised)) ?? [];
  const index = (await lessonIndexFor(db, assignment.id))!;
  const base = `/teach/classes/${classId}/assignments/${assignment.id}/grade`;
  const href = (responseId: number) => `${base}?r=${responseId}${anonymised ? "&anon=1" : ""}`;
  const graded = entries.filter((e) => e.score !== null).length;

  const requested = search.r ? entries.findIndex((e) => String(e.responseId) === search.r) : -1;
  const savedIndex = search.saved ? entries.findIndex((e) => String(e.responseId) === search.saved) : -1;
  const position = requested >= 0 ? requested : Math.max(0, entries.findIndex((e) => e.score === null));
  const current = entries[position];
  // After saving, "next" means the next one still to grade, else simply the next one.
  const after = entries.slice(position + 1);
  const next = after.find((e) => e.score === null) ?? after[0];
  const prev = position > 0 ? entries[position - 1] : undefined;
  const snippets = current ? await listSnippets(db, instructor.id, assignment.id, current.itemId) : [];
  // Anonymised: students are numbered in the shuffled order of their first response.
  const aliases = new Map<number, string>();
  for (const e of entries) if (!aliases.has(e.studentId)) aliases.set(e.studentId, `Student ${aliases.size + 1}`);
  const who = (studentId: number, name: string) => (anonymised ? aliases.get(studentId)! : name);

  return (
    <main id="main" className="wide grading">
      <Breadcrumbs trail={classTrail(cls, { id: assignment.id, title: assignment.lesson.title })} here="Grading" />
      <div className="page-head row" style={{ justifyContent: "space-between" }}>
        <div>
          <h1>Grading</h1>
          <p>
            {graded} of {plural(entries.length, "response")} graded · short answers and debate arguments
          </p>
        </div>
        <Link className="button button-secondary" href={anonymised ? `${base}${current ? `?r=${current.responseId}` : ""}` : `${base}?anon=1`}>
          {anonymised ? "Show names" : "Anonymise (hide names)"}
        </Link>
      </div>
      {savedIndex >= 0 && (
        <p className="notice notice-success" role="status">
          Grade saved{entries[savedIndex] ? ` for ${who(entries[savedIndex]!.studentId, entries[savedIndex]!.studentName)}` : ""}.
          {entries.every((e) => e.score !== null) ? " Everything is graded." : ""}
        </p>
      )}
      {!current ? (
        <p className="empty">Nothing to grade yet: short answers and debate arguments appear here once students submit.</p>
      ) : (
        <div className="grading-layout">
          <nav className="card grading-queue" aria-label="Responses to grade">
            <ol className="list-none">
              {entries.map((e, i) => {
                const item = index.byId.get(e.itemId);
                return (
                  <li key={e.responseId}>
                    <Link href={href(e.responseId)} aria-current={i === position ? "true" : undefined} className={i === position ? "current" : undefined}>
                      <span>
                        {item?.label ?? e.itemId} · {who(e.studentId, e.studentName)}
                      </span>
                      <span className={`mark ${e.score === null ? "mark-grade" : "mark-correct"}`}>{e.score === null ? "to grade" : `${e.score}/${e.maxScore}`}</span>
                    </Link>
                  </li>
                );
              })}
            </ol>
          </nav>
          <section className="card" aria-labelledby="grading-heading">
            <GradeTarget entry={current} index={index} who={who(current.studentId, current.studentName)}>
            <GradeForm
              // Not keyed by the grade's version: a refusal rendered without JavaScript comes with a newer version,
              // and a new key would drop the refusal (and what was typed) on the floor.
              key={current.responseId}
              hidden={{
                classId: String(classId),
                assignmentId: String(assignment.id),
                responseId: String(current.responseId),
                itemId: current.itemId,
                version: String(current.gradeVersion),
                next: next ? String(next.responseId) : "",
                anon: anonymised ? "1" : "",
              }}
              max={current.maxScore}
              score={current.score}
              comment={current.comment}
              snippets={snippets}
              prevHref={prev && href(prev.responseId)}
              nextHref={next && href(next.responseId)}
              focusScore={savedIndex >= 0}
            />
            </GradeTarget>
          </section>
        </div>
      )}
    </main>
  );
}

/**
 * The question, then side by side the response with its score and comment (what the grader works on, in view
 * together at a laptop's height) and the sample answer and rubric to grade it by.
 */
function GradeTarget({
  entry,
  index,
  who,
  children,
}: {
  entry: NonNullable<Awaited<ReturnType<typeof listGradingEntries>>>[number];
  index: Awaited<ReturnType<typeof lessonIndexFor>> & {};
  who: string;
  children: ReactNode;
}) {
  const item = index.byId.get(entry.itemId);
  if (!item) return null;
  const rubric = item.kind === "question" && item.question.type === "short" ? item.question : null;
  return (
    <div className="grade-target">
      <p className="eyebrow">
        {item.label} · {who}
      </p>
      <h2 id="grading-heading">{item.kind === "debate" ? item.debate.motion : item.question.prompt}</h2>
      <div className={rubric ? "grade-columns" : undefined}>
        <div className="grade-work">
          <p className="eyebrow">The response</p>
          {/* A long response scrolls in its own box, so the score box stays in view under it. */}
          <div className="grade-response" tabIndex={0}>
            {item.kind === "debate" ? (
              <>
                <p>
                  Position: <strong>{stanceWithSide((entry.answer as DebateAnswer).stance, item.debate.sides)}</strong>
                </p>
                <p className="student-text">{(entry.answer as DebateAnswer).argument || "(no argument written)"}</p>
                {(entry.answer as DebateAnswer).citations.length > 0 && (
                  <ul className="citations-list">
                    {(entry.answer as DebateAnswer).citations.map((id) => (
                      <li key={id}>
                        <q className="quote">{index.sentenceText.get(id)}</q>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            ) : (
              <p className="student-text">{(entry.answer as ShortAnswer).text}</p>
            )}
          </div>
          {children}
        </div>
        {rubric && (
          <details className="rubric-box grade-reference" open>
            <summary>Sample answer and rubric</summary>
            <p>
              <strong>Sample answer:</strong> {rubric.sampleAnswer}
            </p>
            <ul className="rubric">
              {rubric.rubric.map((r, i) => (
                <li key={i}>
                  <strong>{plural(r.points, "pt")}</strong>: {r.description}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </div>
  );
}
