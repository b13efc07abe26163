import type { ReviewRow, StoredResponse } from "@/db/queries/attempts";
import type { DebateAnswer, EvidenceAnswer, MultipleAnswer, ShortAnswer, SingleAnswer, TrueFalseAnswer } from "@/lib/answers";
import type { LessonIndex, LessonItem } from "@/lib/lesson-items";
import { formatDateTime, plural } from "@/lib/format";
import { choiceLetter } from "@/lib/letters";
import { formatPoints } from "@/lib/score-summary";

const letter = choiceLetter;
const toGrade = (responses: Map<string, StoredResponse>) => [...responses.values()].filter((r) => r.needsGrading && r.score === null).length;

/** A short, plain-text summary of an answer for a table cell (student text stays text). */
function summarize(item: LessonItem, response: StoredResponse): string {
  const a = response.answer;
  if (item.kind === "debate") {
    const d = a as DebateAnswer;
    return `Stance ${d.stance ?? "–"}/5 · ${plural(d.citations.length, "citation")} · ${d.argument}`;
  }
  const q = item.question;
  switch (q.type) {
    case "single":
      return letter(q.choices.findIndex((c) => c.id === (a as SingleAnswer).choice));
    case "multiple":
      return q.choices.flatMap((c, i) => ((a as MultipleAnswer).choices.includes(c.id) ? [letter(i)] : [])).join(", ");
    case "truefalse":
      return (a as TrueFalseAnswer).value ? "True" : "False";
    case "short":
      return (a as ShortAnswer).text;
    case "evidence":
      return plural((a as EvidenceAnswer).sentences.length, "sentence");
  }
}

function Mark({ response, submitted }: { response: StoredResponse; submitted: boolean }) {
  if (!submitted) return <span className="mark mark-draft">draft</span>;
  if (response.needsGrading && response.score === null) return <span className="mark mark-grade">needs grading</span>;
  const max = response.maxScore ?? 0;
  const score = response.score ?? 0;
  const outcome = score >= max ? "correct" : score > 0 ? "partial" : "incorrect";
  return (
    <span className={`mark mark-${outcome}`}>
      <span aria-hidden="true">{outcome === "correct" ? "✓" : outcome === "partial" ? "◐" : "✗"}</span>
      <span className="visually-hidden">{outcome === "correct" ? "correct" : outcome === "partial" ? "partly correct" : "incorrect"}</span> {score}/{max}
    </span>
  );
}

/** Students × questions: each response and its score, from the assignment's snapshot. */
export function ResponsesTable({ index, rows, baseHref, sort }: { index: LessonIndex; rows: ReviewRow[]; baseHref: string; sort: "name" | "score" }) {
  if (rows.length === 0) return null;
  // Sorted on the server, so it works without JavaScript; ties keep name order.
  const total = (r: ReviewRow) => (r.attempt?.status === "submitted" ? (r.attempt.score ?? 0) : -1);
  const sorted = sort === "score" ? [...rows].sort((a, b) => total(b) - total(a)) : rows;
  return (
    // Focusable so that a keyboard can scroll a table wider than the screen.
    <div className="table-wrap" role="region" aria-label="Responses table" tabIndex={0}>
      <table className="data responses">
        <caption className="visually-hidden">Each student&apos;s response to each question, with its score</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={sort === "name" ? "ascending" : undefined}>
              <a href={`${baseHref}?sort=name#responses-heading`}>Student{sort === "name" ? " ▲" : ""}</a>
            </th>
            <th scope="col">Status</th>
            <th scope="col" aria-sort={sort === "score" ? "descending" : undefined}>
              <a href={`${baseHref}?sort=score#responses-heading`}>Score{sort === "score" ? " ▼" : ""}</a>
            </th>
            {index.items.map((item) => (
              <th scope="col" key={item.id} title={itemTitle(item)}>
                <a href={`#legend-${item.id}`}>{shortLabel(item)}</a>
                <span className="visually-hidden">: {itemTitle(item)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map(({ student, attempt, responses, late, submission, extended, dueAt }) => {
            const submitted = attempt?.status === "submitted";
            return (
              <tr key={student.id}>
                <th scope="row">
                  <a href={`${baseHref}/students/${student.id}`}>{student.displayName}</a>
                  <div className="muted small code">{student.username}</div>
                  {student.status === "withdrawn" && <span className="badge">withdrawn</span>}
                </th>
                <td>
                  {submitted ? "Submitted" : attempt?.returnedAt ? "Returned for revision" : attempt ? "In progress" : "Not started"}
                  {late && (
                    <>
                      {" "}
                      <span className="badge badge-bad">Late</span>
                    </>
                  )}
                  {submission !== null && submission > 1 && <div className="muted small">submission {submission}</div>}
                  {extended && <div className="muted small">{dueAt === null ? "reopened, no due date" : `own due date ${formatDateTime(dueAt)}`}</div>}
                </td>
                <td>
                  {submitted ? `${formatPoints(attempt.score ?? 0)}/${formatPoints(attempt.maxScore ?? 0)}` : "–"}
                  {submitted && toGrade(responses) > 0 && <div className="muted small">so far · {toGrade(responses)} to grade</div>}
                </td>
                {index.items.map((item) => {
                  const response = responses.get(item.id);
                  return (
                    <td key={item.id} className="response-cell">
                      {response ? (
                        <>
                          <Mark response={response} submitted={submitted} />
                          <span className="answer-summary">{summarize(item, response)}</span>
                        </>
                      ) : (
                        <span className="muted">
                          <span aria-hidden="true">–</span>
                          <span className="visually-hidden">not answered</span>
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const shortLabel = (item: LessonItem) => (item.kind === "debate" ? `D${item.number}` : `Q${item.number}`);
const itemTitle = (item: LessonItem) => (item.kind === "debate" ? item.debate.motion : item.question.prompt);

/** What each column is: readable on a projector or a touch screen, where tooltips are not. */
export function QuestionLegend({ index }: { index: LessonIndex }) {
  return (
    <ol className="question-legend list-none">
      {index.items.map((item) => (
        <li key={item.id} id={`legend-${item.id}`}>
          <strong>{shortLabel(item)}</strong> {itemTitle(item)}
        </li>
      ))}
    </ol>
  );
}
