"use client";

import { excerptName } from "@/lib/content/display";
import type { DraftDebate, DraftLesson } from "@/lib/authoring/draft";
import { tempId } from "@/lib/authoring/ops";
import { fieldId, GroupProblems, NumberField, TextField, Toolbar, useKeyOf } from "./fields";

/** The lesson's debate prompts: motion, the two sides' labels, background, suggested excerpts, points. */
export function DebatesEditor({ draft, update }: { draft: DraftLesson; update: (change: (d: DraftLesson) => DraftLesson) => void }) {
  const keyOf = useKeyOf();
  const setDebate = (id: string, change: (d: DraftDebate) => DraftDebate) => update((d) => ({ ...d, debates: d.debates.map((x) => (x.id === id ? change(x) : x)) }));
  return (
    <section className="card" aria-labelledby="debates-editor-heading">
      <h2 id="debates-editor-heading">Debate prompts</h2>
      <p className="hint">Students take a side on each motion and argue it with sentences from the text, in writing and in live debates.</p>
      {draft.debates.length === 0 && <p className="muted small">No debate prompts yet.</p>}
      {draft.debates.map((debate, i) => {
        const path = `debates[${i}]`;
        return (
          <fieldset key={keyOf(debate.id)} className="question-editor" aria-labelledby={`${fieldId(path)}-legend`}>
            <div className="question-editor-head">
              <h3 id={`${fieldId(path)}-legend`}>Debate prompt {i + 1}</h3>
              <Toolbar label={`Debate prompt ${i + 1}: delete`}>
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => {
                    if (window.confirm(`Delete debate prompt ${i + 1}? This cannot be undone.`)) update((d) => ({ ...d, debates: d.debates.filter((x) => x.id !== debate.id) }));
                  }}
                >
                  Delete
                </button>
              </Toolbar>
            </div>
            <TextField path={`${path}.motion`} label="Motion" hint="A resolution: “This house believes …”." value={debate.motion} multiline={2} maxLength={500} onChange={(motion) => setDebate(debate.id, (d) => ({ ...d, motion }))} />
            <div className="two-fields">
              <TextField path={`${path}.sides.for`} label="Label of the side for the motion" hint="Short, e.g. “Keep evening hours”." value={debate.sides.for} maxLength={80} onChange={(v) => setDebate(debate.id, (d) => ({ ...d, sides: { ...d.sides, for: v } }))} />
              <TextField path={`${path}.sides.against`} label="Label of the side against" hint="Short, e.g. “Cut hours”." value={debate.sides.against} maxLength={80} onChange={(v) => setDebate(debate.id, (d) => ({ ...d, sides: { ...d.sides, against: v } }))} />
            </div>
            <TextField path={`${path}.background`} label="Background" hint="Neutral context drawn from the text." value={debate.background} multiline={4} maxLength={3000} onChange={(background) => setDebate(debate.id, (d) => ({ ...d, background }))} />
            <fieldset className="inline-choices">
              <legend className="field-label">Excerpts students cite from (optional: with none ticked, they may cite any)</legend>
              <GroupProblems path={`${path}.suggestedExcerpts`} />
              {draft.excerpts.map((x, k) => (
                <label key={x.id}>
                  <input
                    type="checkbox"
                    checked={debate.suggestedExcerpts.includes(x.id)}
                    onChange={(e) =>
                      setDebate(debate.id, (d) => ({
                        ...d,
                        suggestedExcerpts: e.target.checked ? draft.excerpts.filter((e2) => e2.id === x.id || d.suggestedExcerpts.includes(e2.id)).map((e2) => e2.id) : d.suggestedExcerpts.filter((id) => id !== x.id),
                      }))
                    }
                  />{" "}
                  {excerptName(k + 1, x.heading)}
                </label>
              ))}
            </fieldset>
            <NumberField path={`${path}.points`} label="Points for the written argument" value={debate.points} min={0} max={100} onChange={(points) => setDebate(debate.id, (d) => ({ ...d, points }))} />
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => update((d) => ({ ...d, debates: [...d.debates, { id: tempId(), motion: "", sides: { for: "For", against: "Against" }, background: "", suggestedExcerpts: [], points: 4 }] }))}
      >
        Add a debate prompt
      </button>
    </section>
  );
}
