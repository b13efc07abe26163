import type { ReviewRow, StoredResponse } from "@/db/queries/attempts";
import type { DebateAnswer, EvidenceAnswer, MultipleAnswer, ShortAnswer, SingleAnswer, TrueFalseAnswer } from "@/lib/answers";
import type { LessonIndex, LessonItem } from "@/lib/lesson-items";
import { formatDateTime, plural } from "@/lib/format";
import { choiceLetter } from "@/lib/letters";
import { formatPoints } from "@/lib/score-summary";

const letter = choiceLetter;
const toGrade = (responses: Map<string, StoredResponse>) => [...responses.values()].filter((r) => r.needsGrading && r.score === null).length;

/** The longest answer summary a cell shows; the whole answer is on the student's page, one click away. */
const SUMMARY_CHARS = 60;

/** A short, plain-text summary of an answer for a table cell (student text stays text). */
function summarize(item: LessonItem, response: StoredResponse): string {
  const a = response.answer;
  if (item.kind === "debate") {
    const d = a as DebateAnswer;
    return clip(`Stance ${d.stance ?? "–"}/5 · ${plural(d.citations.length, "citation")} · ${d.argument}`);
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
      return clip((a as ShortAnswer).text);
    case "evidence":
      return plural((a as EvidenceAnswer).sentences.length, "sentence");
  }
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= SUMMARY_CHARS ? flat : `${flat.slice(0, SUMMARY_CHARS - 1).trimEnd()}…`;
}

/** The mark of a response, its class and its words: "✓ 2/2", "needs grading", "draft". */
function mark(response: StoredResponse, submitted: boolean): [className: string, text: string] {
  if (!submitted) return ["mark draft", "draft"];
  if (response.needsGrading && response.score === null) return ["mark grade", "needs grading"];
  const max = response.maxScore ?? 0;
  const score = response.score ?? 0;
  const outcome = score >= max ? "correct" : score > 0 ? "partial" : "incorrect";
  // The symbol (✓ ◐ ✗) is drawn by the stylesheet as decoration: the points say the same to a screen reader.
  return [`mark ${outcome}`, `${formatPoints(score)}/${formatPoints(max)}`];
}

// Short class names (styled as .mark-<outcome> is elsewhere, see globals.css): a class of 200 has 4,600 of these cells.

/** Students shown per page of the table: what a screen can take in, and what keeps the page light for a lecture-sized class. */
export const ROWS_PER_PAGE = 50;

/** The rows of one page of the grid, sorted on the server (so it works without JavaScript; ties keep name order). */
export type GridPage = { rows: ReviewRow[]; current: number; pages: number; total: number };

export function gridPage(all: ReviewRow[], sort: "name" | "score", page: number): GridPage {
  const total = (r: ReviewRow) => (r.attempt?.status === "submitted" ? (r.attempt.score ?? 0) : -1);
  const sorted = sort === "score" ? [...all].sort((a, b) => total(b) - total(a)) : all;
  const pages = Math.max(1, Math.ceil(sorted.length / ROWS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  return { rows: sorted.slice((current - 1) * ROWS_PER_PAGE, current * ROWS_PER_PAGE), current, pages, total: sorted.length };
}

/**
 * Students × questions: each response and its score, from the assignment's snapshot, a page of ROWS_PER_PAGE
 * students at a time (only their responses are read: listReviewRows). A cell is as small as it can be (one
 * mark, one clipped summary) because a class of 200 has 4,600 of them, each sent twice (the HTML and React's
 * payload).
 */
export function ResponsesTable({ index, grid, baseHref, sort }: { index: LessonIndex; grid: GridPage; baseHref: string; sort: "name" | "score" }) {
  if (grid.total === 0) return null;
  const { rows: shown, current, pages, total } = grid;
  const pageHref = (n: number) => `${baseHref}?${sort === "score" ? "sort=score&" : ""}page=${n}#responses-heading`;
  return (
    <>
      <p className="muted small">✓ full marks · ◐ part marks · ✗ no marks · “draft”: not submitted yet. A student&apos;s name opens their whole attempt.</p>
      {pages > 1 && <Pager current={current} pages={pages} total={total} href={pageHref} where="top" />}
      {/* Focusable so that a keyboard can scroll a table wider than the screen. */}
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
            {shown.map(({ student, attempt, responses, late, submission, extended, dueAt }) => {
              const submitted = attempt?.status === "submitted";
              const ungraded = submitted ? toGrade(responses) : 0;
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
                    {ungraded > 0 && <div className="muted small">so far · {ungraded} to grade</div>}
                  </td>
                  {index.items.map((item) => {
                    const response = responses.get(item.id);
                    if (!response) {
                      return (
                        <td key={item.id}>
                          <span aria-hidden="true">–</span>
                          <span className="visually-hidden">not answered</span>
                        </td>
                      );
                    }
                    const [className, text] = mark(response, submitted);
                    // One text node after the mark: two would cost a separator in the HTML of every cell.
                    return (
                      <td key={item.id}>
                        <b className={className}>{text}</b>
                        {` ${summarize(item, response)}`}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 && <Pager current={current} pages={pages} total={total} href={pageHref} where="bottom" />}
    </>
  );
}

/** "Students 51–100 of 200", with a link to every page: plain links, so it works without JavaScript. */
function Pager({ current, pages, total, href, where }: { current: number; pages: number; total: number; href: (page: number) => string; where: "top" | "bottom" }) {
  const first = (current - 1) * ROWS_PER_PAGE + 1;
  const last = Math.min(current * ROWS_PER_PAGE, total);
  return (
    <nav className="table-pager row small" aria-label={`Pages of the responses table (${where})`}>
      <span>
        Students {first}–{last} of {total}
      </span>
      {current > 1 && <a href={href(current - 1)}>‹ Previous</a>}
      {Array.from({ length: pages }, (_, i) => i + 1).map((n) =>
        n === current ? (
          <span key={n} aria-current="page" className="current">
            {n}
          </span>
        ) : (
          <a key={n} href={href(n)} aria-label={`Page ${n}`}>
            {n}
          </a>
        ),
      )}
      {current < pages && <a href={href(current + 1)}>Next ›</a>}
    </nav>
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
