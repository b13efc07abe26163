import type { ReviewRow, StoredResponse } from "@/db/queries/attempts";
import type { DebateAnswer, EvidenceAnswer, MultipleAnswer, ShortAnswer, SingleAnswer, TrueFalseAnswer } from "@/lib/answers";
import type { LessonIndex, LessonItem } from "@/lib/lesson-items";
import { formatDateTime, plural } from "@/lib/format";
import { choiceLetter } from "@/lib/letters";
import { formatPoints } from "@/lib/score-summary";
import { ResponsesGrid, type GridRow, type Outcome } from "./responses-grid";

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
function mark(response: StoredResponse, submitted: boolean): [outcome: Outcome, text: string] {
  if (!submitted) return ["draft", "draft"];
  if (response.needsGrading && response.score === null) return ["grade", "needs grading"];
  const max = response.maxScore ?? 0;
  const score = response.score ?? 0;
  const outcome = score >= max ? "correct" : score > 0 ? "partial" : "incorrect";
  // The symbol (✓ ◐ ✗) is drawn by the stylesheet as decoration: the points say the same to a screen reader.
  return [outcome, `${formatPoints(score)}/${formatPoints(max)}`];
}

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
 * Students × questions, one page of ROWS_PER_PAGE students (only their responses are read: listReviewRows),
 * shaped into what each cell shows: its mark and a clipped summary, as plain strings. The table itself is a
 * client component (ResponsesGrid), so these strings are what React's payload carries, once, rather than
 * the 2,500 elements of a page a second time beside the HTML.
 */
export function ResponsesTable({ index, grid, baseHref, sort }: { index: LessonIndex; grid: GridPage; baseHref: string; sort: "name" | "score" }) {
  if (grid.total === 0) return null;
  const columns = index.items.map((item) => ({ id: item.id, label: shortLabel(item), title: itemTitle(item) }));
  const rows: GridRow[] = grid.rows.map(({ student, attempt, responses, late, submission, extended, dueAt }) => {
    const submitted = attempt?.status === "submitted";
    const ungraded = submitted ? toGrade(responses) : 0;
    return {
      id: student.id,
      name: student.displayName,
      username: student.username,
      withdrawn: student.status === "withdrawn",
      status: submitted ? "Submitted" : attempt?.returnedAt ? "Returned for revision" : attempt ? "In progress" : "Not started",
      late,
      notes: [
        ...(submission !== null && submission > 1 ? [`submission ${submission}`] : []),
        ...(extended ? [dueAt === null ? "reopened, no due date" : `own due date ${formatDateTime(dueAt)}`] : []),
      ],
      score: submitted ? `${formatPoints(attempt.score ?? 0)}/${formatPoints(attempt.maxScore ?? 0)}` : "–",
      ungraded,
      cells: index.items.map((item) => {
        const response = responses.get(item.id);
        return response ? [...mark(response, submitted), summarize(item, response)] : null;
      }),
    };
  });
  return <ResponsesGrid columns={columns} rows={rows} page={{ current: grid.current, pages: grid.pages, total: grid.total, perPage: ROWS_PER_PAGE }} baseHref={baseHref} sort={sort} />;
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
