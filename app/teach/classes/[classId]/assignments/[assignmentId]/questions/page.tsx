import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { db } from "@/db/client";
import { Breadcrumbs, classTrail } from "@/app/_components/breadcrumbs";
import { getAssignmentForInstructor } from "@/db/queries/assignments";
import { getClassForInstructor } from "@/db/queries/classes";
import { lessonIndexFor, listResponsesForAssignment } from "@/db/queries/attempts";
import type { EvidenceAnswer, MultipleAnswer, SingleAnswer, TrueFalseAnswer } from "@/lib/answers";
import { requireRole } from "@/lib/auth/guards";
import { itemPoints, type LessonItem } from "@/lib/lesson-items";
import { choiceLetter } from "@/lib/letters";
import { DISCRIMINATION_MIN_ATTEMPTS, distribution, itemStatistics } from "@/lib/statistics";
import { HEAT_BASE, heatColours } from "@/lib/heat";
import { parseId } from "@/lib/ids";

export const metadata: Metadata = { title: "Question statistics" };

const pct = (share: number) => `${Math.round(share * 100)}%`;
const fixed = (n: number | null) => (n === null ? "–" : n.toFixed(2));

/** Per question: how the class answered, and how well the question worked (facility, discrimination). */
export default async function QuestionStatsPage({ params }: { params: Promise<{ classId: string; assignmentId: string }> }) {
  const instructor = await requireRole("instructor");
  const ids = await params;
  const assignmentId = parseId(ids.assignmentId);
  const assignment = assignmentId ? await getAssignmentForInstructor(db, instructor.id, assignmentId) : undefined;
  if (!assignment || String(assignment.classId) !== ids.classId) notFound();
  const cls = await getClassForInstructor(db, instructor.id, assignment.classId);
  if (!cls) notFound();
  const rows = ((await listResponsesForAssignment(db, instructor.id, assignment.id)) ?? []).filter((r) => r.attempt?.status === "submitted");
  const index = (await lessonIndexFor(db, assignment.id))!;

  return (
    <main id="main" className="reading">
      <Breadcrumbs trail={classTrail(cls, { id: assignment.id, title: assignment.lesson.title })} here="Question statistics" />
      <div className="page-head">
        <h1>Question statistics</h1>
        <p>
          From {rows.length} submitted {rows.length === 1 ? "attempt" : "attempts"}. Facility is the average score as a share of the points; discrimination compares the top and
          bottom 27% of students by total score (shown from {DISCRIMINATION_MIN_ATTEMPTS} attempts). Both count graded answers only: an answer waiting for its grade
          is left out until it is graded.
        </p>
      </div>
      {index.items.map((item) => {
        const max = itemPoints(item);
        const answered = rows.filter((r) => r.responses.has(item.id));
        const stats = itemStatistics(
          rows.map((r) => {
            const response = r.responses.get(item.id);
            // Unanswered is a final 0; an answer waiting for its grade is not scored yet.
            return { total: r.attempt?.score ?? 0, item: response ? (response.needsGrading && response.score === null ? null : (response.score ?? 0)) : 0 };
          }),
          max,
        );
        const waiting = stats.pending > 0 ? ` (${stats.graded} of ${stats.graded + stats.pending} graded)` : "";
        return (
          <section key={item.id} className="card" aria-labelledby={`stat-${item.id}`}>
            <p className="eyebrow">{item.label}</p>
            <h2 id={`stat-${item.id}`}>{item.kind === "debate" ? item.debate.motion : item.question.prompt}</h2>
            <dl className="stats">
              <div>
                <dt>Answered</dt>
                <dd>
                  {answered.length} of {rows.length}
                </dd>
              </div>
              <div>
                <dt>Facility</dt>
                <dd>{stats.graded === 0 && stats.pending > 0 ? "Not graded yet" : stats.facility === null ? "–" : `${pct(stats.facility)}${waiting}`}</dd>
              </div>
              <div>
                <dt>Discrimination</dt>
                <dd>
                  {stats.graded === 0 && stats.pending > 0
                    ? "Not graded yet"
                    : stats.discrimination === null
                      ? `– (needs ${DISCRIMINATION_MIN_ATTEMPTS}+, n = ${stats.graded})`
                      : `${fixed(stats.discrimination)} (n = ${stats.graded})`}
                </dd>
              </div>
              {stats.pending > 0 && (
                <div>
                  <dt>To grade</dt>
                  <dd>{stats.pending}</dd>
                </div>
              )}
            </dl>
            <Distribution item={item} picks={answered.map((r) => r.responses.get(item.id)!.answer)} />
          </section>
        );
      })}
    </main>
  );
}

function Distribution({ item, picks }: { item: LessonItem; picks: unknown[] }) {
  if (item.kind === "debate" || item.question.type === "short") return <p className="muted small">Graded by hand: see the grading queue.</p>;
  const q = item.question;
  if (q.type === "evidence") {
    const counts = distribution(
      item.excerpt.sentences.map((s) => s.id),
      picks.map((p) => (p as EvidenceAnswer).sentences),
    );
    return (
      <figure className="heatmap">
        <figcaption className="small muted">
          Which sentences students picked as evidence for: <em>{q.claim}</em> Darker means more students; key sentences are underlined and marked “key”.
        </figcaption>
        <p className="excerpt">
          {item.excerpt.sentences.map((s, i) => {
            const c = counts[i]!;
            const key = q.key.includes(s.id);
            return (
              <span key={s.id}>
                <span className={`heat${key ? " heat-key" : ""}`} style={heatColours(c.share, HEAT_BASE.picked)}>
                  {s.text}
                </span>
                <span className="heat-count">
                  {key ? "key · " : ""}
                  {c.count} ({pct(c.share)})
                </span>{" "}
              </span>
            );
          })}
        </p>
      </figure>
    );
  }
  const options =
    q.type === "truefalse"
      ? [
          { id: "true", label: "True", correct: q.answer },
          { id: "false", label: "False", correct: !q.answer },
        ]
      : q.choices.map((c, i) => ({ id: c.id, label: `${choiceLetter(i)}. ${c.text}`, correct: c.correct }));
  const picked = picks.map((p) =>
    q.type === "truefalse" ? [String((p as TrueFalseAnswer).value)] : q.type === "single" ? [(p as SingleAnswer).choice] : (p as MultipleAnswer).choices,
  );
  const counts = distribution(
    options.map((o) => o.id),
    picked,
  );
  return (
    <table className="data distribution">
      <caption className="visually-hidden">Answer distribution</caption>
      <thead>
        <tr>
          <th scope="col">Answer</th>
          <th scope="col">Students</th>
          <th scope="col" aria-hidden="true">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {options.map((o, i) => (
          <tr key={o.id}>
            <th scope="row">
              {o.label}
              {o.correct && <span className="choice-mark"> ✓ correct</span>}
            </th>
            <td>
              {counts[i]!.count} ({pct(counts[i]!.share)})
            </td>
            <td className="bar-cell" aria-hidden="true">
              <div className={`bar${o.correct ? " bar-correct" : ""}`} style={{ width: pct(counts[i]!.share) }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
