"use client";

import { useId, useState, useTransition } from "react";
import type { DraftQuestion } from "@/lib/authoring/draft";
import { GIFT_UNSUPPORTED } from "@/lib/authoring/gift";
import { tempId } from "@/lib/authoring/ops";
import { importQuestionsAction, type ImportQuestionsReply } from "./import-actions";

/** Questions from a Moodle GIFT or Aiken file (or pasted text), added to this excerpt once all of it reads. */
export function QuestionImport({ lessonId, excerptName, onImport }: { lessonId: number; excerptName: string; onImport: (questions: DraftQuestion[]) => void }) {
  const [reply, setReply] = useState<ImportQuestionsReply | null>(null);
  const [pending, start] = useTransition();
  const id = useId();
  return (
    <details className="question-import">
      <summary>Import questions from a GIFT or Aiken file</summary>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const form = e.currentTarget;
          start(async () => {
            const result = await importQuestionsAction(lessonId, data);
            setReply(result);
            if (result.status === "ok") {
              // Fresh temporary ids of this tab: the server mints the permanent ones on the next save.
              onImport(result.questions.map(retemp));
              form.reset();
            }
          });
        }}
      >
        <p className="hint">
          Moodle’s formats: GIFT (single and multiple choice, true/false, short answer) and Aiken (single choice). A file with any error is refused whole, with every error listed.
        </p>
        <details className="small">
          <summary>GIFT features Colloquy does not import</summary>
          <ul>
            {GIFT_UNSUPPORTED.map((f) => (
              <li key={f.feature}>
                {f.feature}: {f.why}
              </li>
            ))}
          </ul>
        </details>
        <div className="field">
          <label htmlFor={`${id}-format`}>Format</label>
          <select id={`${id}-format`} name="format" defaultValue="gift">
            <option value="gift">GIFT</option>
            <option value="aiken">Aiken</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>File (.txt or .gift)</label>
          <input id={`${id}-file`} name="file" type="file" accept=".txt,.gift,text/plain" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Or paste the questions</label>
          <textarea id={`${id}-text`} name="text" rows={5} />
        </div>
        {reply && reply.status !== "ok" && (
          <div className="notice notice-error" role="alert">
            <p>{reply.message}</p>
            {reply.errors.length > 0 && (
              <ul>
                {reply.errors.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {reply?.status === "ok" && (
          <p className="notice notice-success" role="status">
            Added {reply.questions.length} question(s) to “{excerptName}”. They are at the end of the questions above: check their points, and write an explanation where the file had none.
          </p>
        )}
        <button type="submit" className="button button-secondary" disabled={pending}>
          {pending ? "Importing…" : `Import into “${excerptName}”`}
        </button>
      </form>
    </details>
  );
}

function retemp(q: DraftQuestion): DraftQuestion {
  if (q.type === "single" || q.type === "multiple") return { ...q, id: tempId(), choices: q.choices.map((c) => ({ ...c, id: tempId() })) };
  return { ...q, id: tempId() };
}
