"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { saveGrade, type GradeFormState } from "./actions";

/**
 * The grading form. Keyboard: digits type the score (when not in the comment), Ctrl+Enter saves and
 * goes on, N and P move to the next and previous response. After a save the next response's score box
 * has the focus. Without JavaScript it is a plain form.
 */
export function GradeForm({
  hidden,
  max,
  score,
  comment,
  snippets,
  prevHref,
  nextHref,
  focusScore = false,
}: {
  hidden: Record<string, string>;
  max: number;
  score: number | null;
  comment: string | null;
  snippets: { id: number; text: string }[];
  prevHref?: string;
  nextHref?: string;
  /** Just arrived here from saving the previous grade: the score box takes the focus. */
  focusScore?: boolean;
}) {
  const [answer, formAction, pending] = useActionState<GradeFormState, FormData>(saveGrade, { status: "idle" });
  // A redirect after a later save does not reset the state: once the page shows a newer grade, this answer is old news.
  const state: GradeFormState = answer.status !== "idle" && answer.version < Number(hidden.version) ? { status: "idle" } : answer;
  const formRef = useRef<HTMLFormElement>(null);
  const scoreRef = useRef<HTMLInputElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const typed = state.status === "idle" ? undefined : state.typed;

  useEffect(() => {
    if (focusScore) scoreRef.current?.focus();
  }, [focusScore, hidden.version]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const typing = target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && (target as HTMLInputElement).type !== "radio");
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        formRef.current?.requestSubmit();
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      // A score box takes no letters, so N and P still move on from it (where the focus is after a save).
      const inScore = target === scoreRef.current;
      if (typing && !(inScore && (event.key === "n" || event.key === "p"))) return;
      if (/^[0-9]$/.test(event.key) && scoreRef.current) {
        event.preventDefault();
        scoreRef.current.value = event.key;
        scoreRef.current.focus();
      } else if (event.key === "n" && nextHref) {
        window.location.href = nextHref;
      } else if (event.key === "p" && prevHref) {
        window.location.href = prevHref;
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [nextHref, prevHref]);

  // Started by hand so React does not reset the form afterwards: on a conflict, what was typed stays.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };

  // A second digit replaces the score when keeping both would be out of range ("2" then "3" of 3 is 3, not 23);
  // within range it is typed as usual (1 then 0 of 10 is 10, and 2, ".", 5 is 2.5).
  // A number box reports "2." as "2": whether a decimal point was just typed is remembered here.
  const afterPoint = useRef(false);
  const onScoreKey = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (!/^[0-9]$/.test(event.key)) {
      afterPoint.current = event.key === "." || event.key === ",";
      return;
    }
    const box = event.currentTarget;
    const kept = `${box.value}${afterPoint.current && !box.value.includes(".") ? "." : ""}${event.key}`;
    afterPoint.current = false;
    if (box.value !== "" && Number(kept) > max) {
      event.preventDefault();
      box.value = event.key;
    }
  };

  const insertSnippet = (text: string) => {
    const box = commentRef.current;
    if (!box) return;
    box.value = box.value.trim() ? `${box.value.trim()} ${text}` : text;
    box.focus();
  };

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="stack grade-form">
      {Object.entries(hidden).map(([name, value]) => (
        // After a conflict, saving again means "replace the grade I was just shown": its version goes along.
        <input key={name} type="hidden" name={name} value={name === "version" && state.status === "conflict" ? String(state.current.version) : value} />
      ))}
      {state.status === "error" && (
        <p className="notice notice-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === "conflict" && (
        <div className="notice notice-warn" role="alert">
          <p>{state.message}</p>
          <p>
            Their grade: <strong>{state.current.score ?? "–"}</strong> / {max}
            {state.current.comment ? <> — “{state.current.comment}”</> : null}
          </p>
          <p className="small">Press “Save and next” again to replace it with yours, or reload to keep theirs.</p>
        </div>
      )}
      <div className="field">
        <label htmlFor="score">
          Score (0–{max})
        </label>
        <input ref={scoreRef} id="score" name="score" type="number" min={0} max={max} step="any" required defaultValue={typed ? typed.score : (score ?? "")} className="score-input" aria-describedby="score-hint" onKeyDown={onScoreKey} />
        <p className="hint" id="score-hint">
          Keys: a digit types the score (another replaces it) · Ctrl+Enter saves and goes to the next · N next · P previous
        </p>
      </div>
      <div className="field">
        <label htmlFor="comment">Comment for the student</label>
        <textarea ref={commentRef} id="comment" name="comment" rows={4} maxLength={2000} defaultValue={typed ? typed.comment : (comment ?? "")} />
      </div>
      {snippets.length > 0 && (
        <div className="snippets" role="group" aria-label="Saved comments">
          <p className="small muted">Saved comments for this question:</p>
          {snippets.map((s) => (
            <button key={s.id} type="button" className="snippet" onClick={() => insertSnippet(s.text)}>
              {s.text}
            </button>
          ))}
        </div>
      )}
      <label className="checkbox-line">
        <input type="checkbox" name="saveSnippet" value="1" defaultChecked={typed?.saveSnippet} /> Save this comment for reuse on this question
      </label>
      <div className="row">
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : "Save and next"}
        </button>
        {prevHref && (
          <a className="button button-secondary" href={prevHref}>
            Previous
          </a>
        )}
        {nextHref && (
          <a className="button button-secondary" href={nextHref}>
            Next
          </a>
        )}
      </div>
    </form>
  );
}
