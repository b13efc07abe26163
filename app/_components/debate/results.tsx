import type { DebateResults } from "@/db/queries/debate-view";
import { KIND_LABEL } from "@/lib/debate/rules";
import { HEAT_BASE, heatColours } from "@/lib/heat";
import { plural } from "@/lib/format";
import { sideName, STANCES, stanceLabel } from "@/lib/stances";
import type { ExcerptText } from "./live";

/*
 * A session's results: did minds change (chart and numbers), the strongest arguments of each side, who
 * took part (instructor only), and which sentences each side leaned on. Server-rendered HTML: the numbers
 * are in the text, so the chart needs no script and reads out to a screen reader.
 */

type Sides = { for: string; against: string };

export function DebateResultsView({
  results,
  sides,
  excerpts,
  labels,
  showPeople,
}: {
  results: DebateResults;
  sides: Sides;
  excerpts: ExcerptText[];
  labels: Record<string, string>;
  showPeople: boolean;
}) {
  return (
    <div className="stack results">
      <StanceShiftChart results={results} sides={sides} />
      {showPeople && <ParticipationTable results={results} />}
      <TopArguments results={results} sides={sides} labels={labels} />
      <CitationHeatMap results={results} sides={sides} excerpts={excerpts} />
    </div>
  );
}

const mean = (n: number | null) => (n === null ? "–" : n.toFixed(1));

function StanceShiftChart({ results, sides }: { results: DebateResults; sides: Sides }) {
  const { shift } = results;
  const top = Math.max(1, ...shift.before, ...shift.after);
  return (
    <section className="card" aria-labelledby="shift-heading">
      <h2 id="shift-heading">Did the debate change minds?</h2>
      {shift.n === 0 ? (
        <p className="empty">No student has answered both polls yet.</p>
      ) : (
        <>
          <p className="shift-summary">
            Average stance <strong>{mean(shift.meanBefore)}</strong> before → <strong>{mean(shift.meanAfter)}</strong> after (1 = strongly against, 5 = strongly for).{" "}
            {shift.changedMind} of {plural(shift.n, "student")} changed their stance. Average confidence <strong>{mean(shift.confidenceBefore)}</strong> before →{" "}
            <strong>{mean(shift.confidenceAfter)}</strong> after (1 = not sure at all, 5 = completely sure).
          </p>
          <figure className="shift-chart">
            <figcaption className="small muted">
              Students at each stance, before (light) and after (dark). {sideName("for", sides)}. {sideName("against", sides)}.
            </figcaption>
            <table>
              <thead>
                <tr>
                  <th scope="col">Stance</th>
                  <th scope="col">Before → after</th>
                </tr>
              </thead>
              <tbody>
                {STANCES.map((s) => {
                  const before = shift.before[s.value - 1]!;
                  const after = shift.after[s.value - 1]!;
                  return (
                    <tr key={s.value}>
                      <th scope="row">{s.label}</th>
                      <td>
                        <span className="shift-bars" aria-hidden="true">
                          <span className="bar bar-before" style={{ width: `${(before / top) * 100}%` }} />
                          <span className="bar bar-after" style={{ width: `${(after / top) * 100}%` }} />
                        </span>
                        <span className="shift-count">
                          {before} → {after}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </figure>
        </>
      )}
    </section>
  );
}

function signed(n: number) {
  return n > 0 ? `+${n}` : String(n);
}

function ParticipationTable({ results }: { results: DebateResults }) {
  return (
    <section className="card" aria-labelledby="participation-heading">
      <h2 id="participation-heading">Participation</h2>
      <div className="table-wrap">
        <table className="data participation">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col" className="num">Shift</th>
              <th scope="col" className="num">Posts</th>
              <th scope="col" className="num">Rebuttals</th>
              <th scope="col" className="num">Sentences cited</th>
              <th scope="col" className="num">Votes given</th>
            </tr>
          </thead>
          <tbody>
            {results.participation.map((p) => (
              <tr key={p.studentId}>
                <th scope="row">{p.label}</th>
                <td>{p.before === null ? "–" : `${p.before} ${stanceLabel(p.before).toLowerCase()}`}</td>
                <td>{p.after === null ? "–" : `${p.after} ${stanceLabel(p.after).toLowerCase()}`}</td>
                <td className="num">{p.before === null || p.after === null ? "–" : signed(p.after - p.before)}</td>
                <td className="num">{p.posts}</td>
                <td className="num">{p.rebuttals}</td>
                <td className="num">{p.citations}</td>
                <td className="num">{p.votes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TopArguments({ results, sides, labels }: { results: DebateResults; sides: Sides; labels: Record<string, string> }) {
  return (
    <section className="card" aria-labelledby="top-heading">
      <h2 id="top-heading">Strongest arguments, by the students’ votes</h2>
      <div className="grid">
        {(["for", "against"] as const).map((side) => (
          <div key={side} className={`group-box side-${side}`}>
            <h3>{sideName(side, sides)}</h3>
            {results.top[side].length === 0 ? (
              <p className="muted small">No votes for this side.</p>
            ) : (
              <ol className="top-list">
                {results.top[side].map((p) => (
                  <li key={p.id}>
                    <p className="post-body">{p.body}</p>
                    <p className="small muted">
                      #{p.number} · {KIND_LABEL[p.kind]} · {labels[p.author] ?? "a student"} · <strong>{plural(p.votes, "vote")}</strong>
                    </p>
                  </li>
                ))}
              </ol>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

function CitationHeatMap({ results, sides, excerpts }: { results: DebateResults; sides: Sides; excerpts: ExcerptText[] }) {
  const { counts, max } = results.heat;
  const cited = excerpts.filter((x) => x.sentences.some((s) => counts.has(s.id)));
  return (
    <section className="card" aria-labelledby="heat-heading">
      <h2 id="heat-heading">Which sentences each side leaned on</h2>
      {cited.length === 0 ? (
        <p className="empty">No post cited the text.</p>
      ) : (
        <>
          <p className="small muted">Darker means more posts of that side cited the sentence; the number is how many. Excerpts no one cited are left out.</p>
          <div className="grid heat-sides">
            {(["for", "against"] as const).map((side) => (
              <figure key={side} className={`heatmap heat-${side}`}>
                <figcaption>
                  <strong>{sideName(side, sides)}</strong>
                </figcaption>
                {cited.map((x) => (
                  <div key={x.id}>
                    <p className="eyebrow">{x.name}</p>
                    <p className="excerpt">
                      {x.sentences.map((s) => {
                        const n = counts.get(s.id)?.[side] ?? 0;
                        return (
                          <span key={s.id}>
                            <span className={n ? "heat" : "heat-none"} style={n ? heatColours(n / max, HEAT_BASE[side]) : undefined}>
                              {s.text}
                            </span>
                            {n > 0 && <span className="heat-count">{plural(n, "post")}</span>}{" "}
                          </span>
                        );
                      })}
                    </p>
                  </div>
                ))}
              </figure>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
