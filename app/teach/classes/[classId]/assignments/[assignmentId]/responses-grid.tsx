"use client";

/** How a response scored: the cell's class (the symbol is drawn by the stylesheet, see .mark in globals.css). */
export type Outcome = "draft" | "grade" | "correct" | "partial" | "incorrect";

/** One student's row as the table shows it: plain strings, shaped on the server (responses-table.tsx). */
export type GridRow = {
  id: number;
  name: string;
  username: string;
  withdrawn: boolean;
  status: string;
  late: boolean;
  notes: string[];
  score: string;
  ungraded: number;
  /** Per column: [outcome, mark, summary of the answer], or null when not answered. */
  cells: ([Outcome, string, string] | null)[];
};

type Column = { id: string; label: string; title: string };
type Page = { current: number; pages: number; total: number; perPage: number };

/**
 * Students × questions. A client component only so that React's payload carries these rows as data rather
 * than as elements; it has no state and works the same without JavaScript (sorting and pages are links).
 * A cell is as small as it can be (one mark, one clipped summary): a class of 200 has 4,600 of them.
 */
export function ResponsesGrid({ columns, rows, page, baseHref, sort }: { columns: Column[]; rows: GridRow[]; page: Page; baseHref: string; sort: "name" | "score" }) {
  const pageHref = (n: number) => `${baseHref}?${sort === "score" ? "sort=score&" : ""}page=${n}#responses-heading`;
  return (
    <>
      <p className="muted small">✓ full marks · ◐ part marks · ✗ no marks · “draft”: not submitted yet. A student&apos;s name opens their whole attempt.</p>
      {page.pages > 1 && <Pager page={page} href={pageHref} where="top" />}
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
              {columns.map((column) => (
                <th scope="col" key={column.id} title={column.title}>
                  <a href={`#legend-${column.id}`}>{column.label}</a>
                  <span className="visually-hidden">: {column.title}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  <a href={`${baseHref}/students/${row.id}`}>{row.name}</a>
                  <div className="muted small code">{row.username}</div>
                  {row.withdrawn && <span className="badge">withdrawn</span>}
                </th>
                <td>
                  {row.status}
                  {row.late && (
                    <>
                      {" "}
                      <span className="badge badge-bad">Late</span>
                    </>
                  )}
                  {row.notes.map((note) => (
                    <div key={note} className="muted small">
                      {note}
                    </div>
                  ))}
                </td>
                <td>
                  {row.score}
                  {row.ungraded > 0 && <div className="muted small">so far · {row.ungraded} to grade</div>}
                </td>
                {row.cells.map((cell, i) =>
                  cell ? (
                    // One text node after the mark: two would cost a separator in the HTML of every cell.
                    <td key={columns[i]!.id}>
                      <b className={`mark ${cell[0]}`}>{cell[1]}</b>
                      {` ${cell[2]}`}
                    </td>
                  ) : (
                    <td key={columns[i]!.id}>
                      <span aria-hidden="true">–</span>
                      <span className="visually-hidden">not answered</span>
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.pages > 1 && <Pager page={page} href={pageHref} where="bottom" />}
    </>
  );
}

/** "Students 51–100 of 200", with a link to every page: plain links, so it works without JavaScript. */
function Pager({ page, href, where }: { page: Page; href: (page: number) => string; where: "top" | "bottom" }) {
  const { current, pages, total, perPage } = page;
  const first = (current - 1) * perPage + 1;
  const last = Math.min(current * perPage, total);
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
