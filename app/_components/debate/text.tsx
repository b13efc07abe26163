import type { ExcerptText } from "./live";
import { ReadAloud } from "../reading/read-aloud";

/** The lesson's text, every sentence addressable (#s-<id>) so cited evidence links to where it stands. */
export function DebateText({ excerpts, title }: { excerpts: ExcerptText[]; title: { title: string; author?: string } }) {
  return (
    <section className="card debate-text" aria-labelledby="text-heading">
      <h2 id="text-heading">The text</h2>
      <p className="muted small">
        {title.title}
        {title.author ? `, by ${title.author}` : ""}
      </p>
      {excerpts.map((x) => (
        <div key={x.id} className="excerpt" id={`text-${x.id}`}>
          <p className="eyebrow">{x.name}</p>
          <ReadAloud label={x.name} sentences={x.sentences.map((s) => ({ elementId: `s-${s.id}`, text: s.text }))} />
          <p>
            {x.sentences.map((s) => (
              <span key={s.id}>
                <span id={`s-${s.id}`} className="sentence" tabIndex={-1}>
                  {s.text}
                </span>{" "}
              </span>
            ))}
          </p>
        </div>
      ))}
    </section>
  );
}
