import type { Answer, DebateAnswer, EvidenceAnswer, MultipleAnswer, ShortAnswer, SingleAnswer, TrueFalseAnswer } from "@/lib/answers";
import { ANSWER_LIMITS } from "@/lib/answers";
import type { Lesson } from "@/lib/content/schema";
import { excerptHeading } from "@/lib/content/display";
import type { LessonItem } from "@/lib/lesson-items";
import { plural } from "@/lib/format";
import { choiceLetter } from "@/lib/letters";
import { STANCES } from "@/lib/stances";
import { DebateSides } from "@/app/_components/debate-sides";
import { SentencePicker } from "@/app/_components/sentence-picker";

/*
 * The inputs of each kind of item, as plain form controls: they work without JavaScript, and their
 * names are the ones lib/answer-form.ts reads. `answer` is the saved draft they start from.
 */


const TYPE_HINT = {
  single: "Choose one.",
  multiple: "Choose all that apply.",
  truefalse: "True or false?",
  short: "Answer in your own words, using the text.",
  evidence: "Select every sentence of the excerpt that supports the claim.",
} as const;

/** `disabled`: shown as answered, nothing can be changed (a read-only lesson). */
export function QuestionField({ item, answer, disabled }: { item: Extract<LessonItem, { kind: "question" }>; answer: Answer | undefined; disabled?: boolean }) {
  const q = item.question;
  const name = `q:${q.id}`;
  const hintId = `hint-${q.id}`;
  return (
    <fieldset className="question" id={`item-${q.id}`} aria-describedby={hintId} disabled={disabled}>
      <legend>
        <span className="question-number">{item.label}</span> {q.prompt}
      </legend>
      <p className="hint" id={hintId}>
        {TYPE_HINT[q.type]} <span className="badge">{plural(q.points, "point")}</span>
      </p>
      {(q.type === "single" || q.type === "multiple") && (
        <div className="options">
          {q.choices.map((c, i) => (
            <label key={c.id} className="option">
              <input
                type={q.type === "single" ? "radio" : "checkbox"}
                name={name}
                value={c.id}
                defaultChecked={q.type === "single" ? (answer as SingleAnswer | undefined)?.choice === c.id : (answer as MultipleAnswer | undefined)?.choices.includes(c.id)}
              />
              <span className="choice-letter" aria-hidden="true">
                {choiceLetter(i)}
              </span>
              <span>{c.text}</span>
            </label>
          ))}
        </div>
      )}
      {q.type === "truefalse" && (
        <div className="options options-inline">
          {[true, false].map((value) => (
            <label key={String(value)} className="option">
              <input type="radio" name={name} value={String(value)} defaultChecked={(answer as TrueFalseAnswer | undefined)?.value === value} />
              <span>{value ? "True" : "False"}</span>
            </label>
          ))}
        </div>
      )}
      {q.type === "short" && (
        <textarea
          name={name}
          aria-label={`Your answer to ${item.label}`}
          rows={5}
          maxLength={ANSWER_LIMITS.textMax}
          defaultValue={(answer as ShortAnswer | undefined)?.text}
        />
      )}
      {q.type === "evidence" && (
        <>
          <p className="claim">
            <span className="eyebrow">Claim</span> {q.claim}
          </p>
          <SentencePicker name={name} sentences={item.excerpt.sentences} picked={(answer as EvidenceAnswer | undefined)?.sentences} />
        </>
      )}
    </fieldset>
  );
}

export function DebateField({
  item,
  lesson,
  answer,
  disabled,
}: {
  item: Extract<LessonItem, { kind: "debate" }>;
  lesson: Lesson;
  answer: DebateAnswer | undefined;
  disabled?: boolean;
}) {
  const d = item.debate;
  // Any sentence of the lesson may be cited, as in a live debate: the suggested excerpts first, open; the
  // others folded, one step each for the keyboard.
  const suggested = (x: { id: string }) => d.suggestedExcerpts.includes(x.id);
  const citable = [...lesson.excerpts.filter(suggested), ...lesson.excerpts.filter((x) => !suggested(x))];
  const picked = answer?.citations ?? [];
  return (
    <div className="question debate" id={`item-${d.id}`}>
      <h3>
        <span className="question-number">{item.label}</span> {d.motion}
      </h3>
      <p>{d.background}</p>
      <DebateSides sides={d.sides} />
      <fieldset className="stance" disabled={disabled}>
        <legend>Your position on the motion</legend>
        <div className="stance-scale">
          {STANCES.map((s) => (
            <label key={s.value} className="option">
              <input type="radio" name={`d:${d.id}:stance`} value={s.value} defaultChecked={answer?.stance === s.value} />
              <span>
                {s.label}
                {s.value === 5 && <span className="muted small"> ({d.sides.for})</span>}
                {s.value === 1 && <span className="muted small"> ({d.sides.against})</span>}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field-label" htmlFor={`arg-${d.id}`}>
        Your argument
      </label>
      <p className="hint" id={`arg-hint-${d.id}`}>
        Make your case and support it with evidence from the text; select the sentences you cite below.
      </p>
      <textarea
        id={`arg-${d.id}`}
        name={`d:${d.id}:argument`}
        rows={7}
        maxLength={ANSWER_LIMITS.textMax}
        aria-describedby={`arg-hint-${d.id}`}
        defaultValue={answer?.argument}
        disabled={disabled}
      />
      {/* Folded until wanted, so the keyboard does not tab through every sentence of the lesson. */}
      <details className="citations-box" open={(answer?.citations.length ?? 0) > 0}>
        <summary>Choose the sentences you cite</summary>
        <fieldset className="citations" disabled={disabled}>
          <legend>Sentences you cite</legend>
          {citable.map((x) => (
            <details key={x.id} className="cite-excerpt" open={suggested(x) || d.suggestedExcerpts.length === 0 || x.sentences.some((s) => picked.includes(s.id))}>
              <summary>
                {excerptHeading(lesson, x.id)}
                {suggested(x) ? " (suggested)" : ""}
              </summary>
              <SentencePicker name={`d:${d.id}:cite`} sentences={x.sentences} picked={picked} />
            </details>
          ))}
        </fieldset>
      </details>
    </div>
  );
}
