"use client";

import { useRef, useState } from "react";
import { excerptName } from "@/lib/content/display";
import { blankQuestion, type DraftExcerpt, type DraftLesson, type DraftQuestion } from "@/lib/authoring/draft";
import { dropExcerpt, editSentence, mergeExcerptWithNext, mergeSentenceWithNext, move, splitExcerptAt, splitSentence, tempId } from "@/lib/authoring/ops";
import { fieldId, FieldProblems, GroupProblems, TextField, Toolbar, useKeyOf, useProblems } from "./fields";
import { QUESTION_TYPES, QuestionEditor } from "./question-editor";
import { QuestionImport } from "./question-import";

type Props = {
  lessonId: number;
  draft: DraftLesson;
  index: number;
  update: (change: (d: DraftLesson) => DraftLesson) => void;
};

/** One excerpt: its heading, its sentences (split, merge, edit), and its questions. */
export function ExcerptEditor({ lessonId, draft, index, update }: Props) {
  const excerpt = draft.excerpts[index]!;
  const keyOf = useKeyOf();
  const path = `excerpts[${index}]`;
  const name = excerptName(index + 1, excerpt.heading);
  const last = index === draft.excerpts.length - 1;
  const setExcerpt = (change: (x: DraftExcerpt) => DraftExcerpt) => update((d) => ({ ...d, excerpts: d.excerpts.map((x) => (x.id === excerpt.id ? change(x) : x)) }));
  const setQuestions = (change: (qs: DraftQuestion[]) => DraftQuestion[]) => setExcerpt((x) => ({ ...x, questions: change(x.questions) }));

  return (
    <section className="card excerpt-editor" aria-labelledby={`${fieldId(path)}-title`}>
      <div className="excerpt-editor-head">
        <h2 id={`${fieldId(path)}-title`}>
          <span className="eyebrow">Excerpt {index + 1} of {draft.excerpts.length}</span> {excerpt.heading.trim()}
        </h2>
        <Toolbar label={`Excerpt ${index + 1}: merge or delete`}>
          {!last && (
            <button type="button" className="button button-small button-secondary" onClick={() => update((d) => mergeExcerptWithNext(d, excerpt.id))}>
              Merge with excerpt {index + 2}
            </button>
          )}
          <button
            type="button"
            className="button button-small button-danger"
            disabled={draft.excerpts.length === 1}
            onClick={() => {
              const questions = excerpt.questions.length ? ` and its ${excerpt.questions.length} question(s)` : "";
              if (window.confirm(`Delete ${name}${questions}? This cannot be undone.`)) update((d) => dropExcerpt(d, excerpt.id));
            }}
          >
            Delete excerpt
          </button>
        </Toolbar>
      </div>
      <TextField
        path={`${path}.heading`}
        label="Heading (optional)"
        hint={`Without one, students see “Paragraph ${index + 1}”.`}
        placeholder={`Paragraph ${index + 1}`}
        value={excerpt.heading}
        maxLength={200}
        onChange={(heading) => setExcerpt((x) => ({ ...x, heading }))}
      />
      <h3 className="editor-subhead">Sentences</h3>
      <p className="hint">
        Students cite these sentences as evidence. Check the split: put the cursor where a sentence should end and choose “Split here”, or join one with the next.
      </p>
      <GroupProblems path={`${path}.sentences`} />
      <ol className="sentence-list">
        {excerpt.sentences.map((s, i) => (
          <SentenceRow
            key={keyOf(s.id)}
            path={`${path}.sentences[${i}]`}
            number={i + 1}
            text={s.text}
            isLast={i === excerpt.sentences.length - 1}
            onEdit={(text) => update((d) => editSentence(d, excerpt.id, s.id, text))}
            onSplit={(offset) => update((d) => splitSentence(d, excerpt.id, s.id, offset))}
            onMerge={() => update((d) => mergeSentenceWithNext(d, excerpt.id, s.id))}
            onNewExcerpt={i > 0 ? () => update((d) => splitExcerptAt(d, excerpt.id, s.id)) : undefined}
          />
        ))}
      </ol>

      <h3 className="editor-subhead">Questions on this excerpt</h3>
      {excerpt.questions.length === 0 && <p className="muted small">No questions yet.</p>}
      {excerpt.questions.map((q, i) => (
        <QuestionEditor
          key={keyOf(q.id)}
          question={q}
          path={`${path}.questions[${i}]`}
          excerpt={excerpt}
          excerptName={name}
          number={i + 1}
          count={excerpt.questions.length}
          onChange={(next) => setQuestions((qs) => qs.map((other) => (other.id === q.id ? next : other)))}
          onMove={(by) => setQuestions((qs) => move(qs, i, by))}
          onDelete={() => setQuestions((qs) => qs.filter((other) => other.id !== q.id))}
        />
      ))}
      <AddQuestion
        excerptIndex={index}
        onAdd={(q) => {
          const at = excerpt.questions.length;
          setQuestions((qs) => [...qs, q]);
          // Straight to the new question's prompt, which appears above the button.
          requestAnimationFrame(() => document.getElementById(fieldId(`${path}.questions[${at}].prompt`))?.focus());
        }}
      />
      <QuestionImport lessonId={lessonId} excerptName={name} onImport={(qs) => setQuestions((existing) => [...existing, ...qs])} />
    </section>
  );
}

function AddQuestion({ excerptIndex, onAdd }: { excerptIndex: number; onAdd: (q: DraftQuestion) => void }) {
  const [type, setType] = useState<DraftQuestion["type"]>("single");
  const id = `add-question-${excerptIndex}`;
  return (
    <div className="row-form add-question">
      <div className="field">
        <label htmlFor={id}>New question type</label>
        <select id={id} value={type} onChange={(e) => setType(e.target.value as DraftQuestion["type"])}>
          {QUESTION_TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button button-secondary" onClick={() => onAdd(blankQuestion(type, () => tempId()))}>
        Add question
      </button>
    </div>
  );
}

type RowProps = {
  path: string;
  number: number;
  text: string;
  isLast: boolean;
  onEdit: (text: string) => void;
  onSplit: (offset: number) => void;
  onMerge: () => void;
  onNewExcerpt?: () => void;
};

function SentenceRow({ path, number, text, isLast, onEdit, onSplit, onMerge, onNewExcerpt }: RowProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  // Where the cursor was last put in this sentence: a split needs one (the browser's default is the end).
  const [cursorSet, setCursorSet] = useState(false);
  const [hint, setHint] = useState("");
  const problems = useProblems(`${path}.text`);
  const problemId = `${fieldId(path)}-problems`;
  return (
    <li className="sentence-row">
      <label className="visually-hidden" htmlFor={fieldId(`${path}.text`)}>
        Sentence {number}
      </label>
      <textarea
        ref={ref}
        id={fieldId(`${path}.text`)}
        className="sentence-text"
        rows={Math.max(1, Math.ceil(text.length / 90))}
        value={text}
        maxLength={5000}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={problems.length ? problemId : undefined}
        onChange={(e) => onEdit(e.target.value)}
        onSelect={() => {
          setCursorSet(true);
          setHint("");
        }}
      />
      <FieldProblems id={problemId} problems={problems} />
      {hint && (
        <p className="hint" role="status">
          {hint}
        </p>
      )}
      <Toolbar label={`Sentence ${number}: split or join`}>
        <button
          type="button"
          className="button button-small button-secondary"
          title="Splits before the word the cursor is in"
          aria-label={`Split sentence ${number} at the cursor`}
          onClick={() => {
            const at = ref.current?.selectionStart ?? 0;
            if (!cursorSet || at <= 0 || at >= text.length) setHint("Put the cursor in this sentence where the second part should start, then choose “Split here”.");
            else onSplit(at);
          }}
        >
          Split here
        </button>
        {!isLast && (
          <button type="button" className="button button-small button-secondary" onClick={onMerge} aria-label={`Join sentence ${number} with sentence ${number + 1}`}>
            Join with next
          </button>
        )}
        {onNewExcerpt && (
          <button type="button" className="button button-small button-secondary" onClick={onNewExcerpt} aria-label={`Start a new excerpt at sentence ${number}`}>
            New excerpt from here
          </button>
        )}
      </Toolbar>
    </li>
  );
}
