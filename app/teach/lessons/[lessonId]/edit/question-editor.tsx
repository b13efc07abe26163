"use client";

import type { DraftExcerpt, DraftQuestion } from "@/lib/authoring/draft";
import { move, tempId } from "@/lib/authoring/ops";
import { choiceLetter } from "@/lib/letters";
import { fieldId, GroupProblems, NumberField, TextField, Toolbar, useKeyOf } from "./fields";

export const QUESTION_TYPES: { type: DraftQuestion["type"]; label: string }[] = [
  { type: "single", label: "Single choice" },
  { type: "multiple", label: "Multiple select" },
  { type: "truefalse", label: "True / false" },
  { type: "short", label: "Short answer" },
  { type: "evidence", label: "Evidence (pick sentences)" },
];

const TYPE_LABEL = Object.fromEntries(QUESTION_TYPES.map((t) => [t.type, t.label])) as Record<DraftQuestion["type"], string>;

type Props = {
  question: DraftQuestion;
  path: string;
  excerpt: DraftExcerpt;
  excerptName: string;
  number: number;
  count: number;
  onChange: (q: DraftQuestion) => void;
  onMove: (by: -1 | 1) => void;
  onDelete: () => void;
};

export function QuestionEditor({ question: q, path, excerpt, excerptName, number, count, onChange, onMove, onDelete }: Props) {
  const name = `Question ${number} on ‘${excerptName}’`;
  return (
    <fieldset className="question-editor" aria-labelledby={`${fieldId(path)}-legend`}>
      <div className="question-editor-head">
        <h4 id={`${fieldId(path)}-legend`}>
          Question {number} · <span className="muted">{TYPE_LABEL[q.type]}</span>
        </h4>
        <Toolbar label={`${name}: move or delete`}>
          <button type="button" className="button button-small button-secondary" onClick={() => onMove(-1)} disabled={number === 1} aria-label={`Move question ${number} up`}>
            ↑ Up
          </button>
          <button type="button" className="button button-small button-secondary" onClick={() => onMove(1)} disabled={number === count} aria-label={`Move question ${number} down`}>
            ↓ Down
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            onClick={() => {
              if (window.confirm(`Delete question ${number}? This cannot be undone.`)) onDelete();
            }}
          >
            Delete
          </button>
        </Toolbar>
      </div>
      <TextField path={`${path}.prompt`} label="Prompt" value={q.prompt} multiline={2} maxLength={1000} onChange={(prompt) => onChange({ ...q, prompt })} />
      {q.type === "evidence" && (
        <>
          <TextField path={`${path}.claim`} label="Claim" hint="Students pick the sentences of this excerpt that support it." value={q.claim} multiline={2} maxLength={1000} onChange={(claim) => onChange({ ...q, claim })} />
          <KeyPicker question={q} path={path} excerpt={excerpt} onChange={onChange} />
        </>
      )}
      {(q.type === "single" || q.type === "multiple") && <ChoicesEditor question={q} path={path} onChange={onChange} />}
      {q.type === "truefalse" && (
        <fieldset className="inline-choices">
          <legend className="field-label">The statement is</legend>
          {[true, false].map((value) => (
            <label key={String(value)}>
              <input type="radio" name={`${fieldId(path)}-answer`} checked={q.answer === value} onChange={() => onChange({ ...q, answer: value })} /> {value ? "True" : "False"}
            </label>
          ))}
          <GroupProblems path={`${path}.answer`} />
        </fieldset>
      )}
      {q.type === "short" && <ShortAnswerEditor question={q} path={path} onChange={onChange} />}
      <div className="row row-top">
        <NumberField path={`${path}.points`} label="Points" value={q.points} min={0} max={100} onChange={(points) => onChange({ ...q, points })} />
      </div>
      <TextField
        path={`${path}.explanation`}
        label="Explanation"
        hint="Shown to students with their score: why the answer is right, quoting the text."
        value={q.explanation}
        multiline={3}
        maxLength={2000}
        onChange={(explanation) => onChange({ ...q, explanation })}
      />
    </fieldset>
  );
}

function ChoicesEditor({ question: q, path, onChange }: { question: Extract<DraftQuestion, { type: "single" | "multiple" }>; path: string; onChange: (q: DraftQuestion) => void }) {
  const max = q.type === "single" ? 8 : 10;
  const setChoices = (choices: typeof q.choices) => onChange({ ...q, choices });
  const keyOf = useKeyOf();
  return (
    <fieldset className="choices-editor">
      <legend className="field-label">Choices {q.type === "single" ? "(mark the one correct choice)" : "(mark every correct choice)"}</legend>
      <GroupProblems path={`${path}.choices`} />
      {q.choices.map((c, i) => (
        <div key={keyOf(c.id)} className="choice-row">
          <label className="choice-correct">
            <input
              type={q.type === "single" ? "radio" : "checkbox"}
              name={`${fieldId(path)}-correct`}
              checked={c.correct}
              onChange={(e) =>
                setChoices(q.choices.map((other, k) => (k === i ? { ...other, correct: e.target.checked } : q.type === "single" ? { ...other, correct: false } : other)))
              }
            />
            <span className="visually-hidden">Choice {choiceLetter(i)} is correct</span>
            <span aria-hidden="true">Correct</span>
          </label>
          <TextField path={`${path}.choices[${i}].text`} label={`Choice ${choiceLetter(i)}`} value={c.text} maxLength={500} onChange={(text) => setChoices(q.choices.map((other, k) => (k === i ? { ...other, text } : other)))} />
          <Toolbar label={`Choice ${choiceLetter(i)}: move or remove`}>
            <button type="button" className="button button-small button-secondary" disabled={i === 0} onClick={() => setChoices(move(q.choices, i, -1))} aria-label={`Move choice ${choiceLetter(i)} up`}>
              ↑
            </button>
            <button type="button" className="button button-small button-secondary" onClick={() => setChoices(q.choices.filter((_, k) => k !== i))} aria-label={`Remove choice ${choiceLetter(i)}`}>
              Remove
            </button>
          </Toolbar>
        </div>
      ))}
      {q.choices.length < max && (
        <button type="button" className="button button-small button-secondary" onClick={() => setChoices([...q.choices, { id: tempId(), text: "", correct: false }])}>
          Add a choice
        </button>
      )}
    </fieldset>
  );
}

function KeyPicker({ question: q, path, excerpt, onChange }: { question: Extract<DraftQuestion, { type: "evidence" }>; path: string; excerpt: DraftExcerpt; onChange: (q: DraftQuestion) => void }) {
  const picked = new Set(q.key);
  return (
    <fieldset className="key-picker">
      <legend className="field-label">Key sentences</legend>
      <p className="hint">Click each sentence of the excerpt that supports the claim ({picked.size} picked).</p>
      <GroupProblems path={`${path}.key`} />
      <div className="key-sentences">
        {excerpt.sentences.map((s, i) => (
          <button
            key={s.id}
            type="button"
            className={picked.has(s.id) ? "key-sentence picked" : "key-sentence"}
            aria-pressed={picked.has(s.id)}
            onClick={() => onChange({ ...q, key: picked.has(s.id) ? q.key.filter((k) => k !== s.id) : [...q.key, s.id] })}
          >
            <span className="key-sentence-number" aria-hidden="true">
              {i + 1}
            </span>
            {s.text || <em className="muted">(empty sentence)</em>}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

function ShortAnswerEditor({ question: q, path, onChange }: { question: Extract<DraftQuestion, { type: "short" }>; path: string; onChange: (q: DraftQuestion) => void }) {
  const setRubric = (rubric: typeof q.rubric) => onChange({ ...q, rubric });
  return (
    <>
      <TextField path={`${path}.sampleAnswer`} label="Sample answer" hint="A model answer, shown to you while grading." value={q.sampleAnswer} multiline={3} maxLength={3000} onChange={(sampleAnswer) => onChange({ ...q, sampleAnswer })} />
      <fieldset className="rubric-editor">
        <legend className="field-label">Rubric levels (most points first)</legend>
        <GroupProblems path={`${path}.rubric`} />
        {q.rubric.map((level, i) => (
          <div key={i} className="rubric-row">
            <NumberField path={`${path}.rubric[${i}].points`} label={`Level ${i + 1} points`} value={level.points} min={0} max={100} onChange={(points) => setRubric(q.rubric.map((r, k) => (k === i ? { ...r, points } : r)))} />
            <TextField path={`${path}.rubric[${i}].description`} label={`Level ${i + 1} description`} value={level.description} maxLength={500} onChange={(description) => setRubric(q.rubric.map((r, k) => (k === i ? { ...r, description } : r)))} />
            <button type="button" className="button button-small button-secondary" disabled={q.rubric.length === 1} onClick={() => setRubric(q.rubric.filter((_, k) => k !== i))} aria-label={`Remove rubric level ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        {q.rubric.length < 10 && (
          <button type="button" className="button button-small button-secondary" onClick={() => setRubric([...q.rubric, { points: 0, description: "" }])}>
            Add a level
          </button>
        )}
      </fieldset>
    </>
  );
}
