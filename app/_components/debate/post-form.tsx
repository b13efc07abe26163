"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import { postAction } from "@/app/debates/[debateId]/actions";
import { SentencePicker } from "@/app/_components/sentence-picker";
import { DEBATE_LIMITS, DEFAULT_KIND, isRound, KIND_LABEL, POST_KINDS } from "@/lib/debate/rules";
import { newClientId } from "@/lib/client-id";
import { initialFormState } from "@/lib/forms";
import { useLiveDebate } from "./live";
import { useTimeLeft } from "./timer";

const KIND_HINT = {
  claim: "a point for your side",
  rebuttal: "an answer to a post of the other side",
  question: "something you want answered",
} as const;

/**
 * A student's post: claim, rebuttal or question, with sentences of the text as evidence. A plain form
 * posting to a server action, so it also works without JavaScript; a refused post keeps what was typed.
 */
export function PostForm({ groupId, suggested, initialReply, initialClientId }: { groupId: number; suggested: string[]; initialReply: number | null; initialClientId: string }) {
  const { state, snapshot, excerpts, replyTarget } = useLiveDebate();
  const [result, action, pending] = useActionState(postAction, initialFormState);
  const form = useRef<HTMLFormElement>(null);
  const id = useId();
  const kept = result.status === "error" ? result.values : undefined;
  const [length, setLength] = useState(kept?.body?.length ?? 0);
  // This post's id: the same post sent again (Next resends a form whose answer was lost) is stored once.
  // A new one for each new post; a refused post keeps its id, since nothing was stored.
  const [clientId, setClientId] = useState(initialClientId);
  // After a post, the cursor goes back to the text box for the next one (the button was busy meanwhile).
  useEffect(() => {
    if (result.status !== "success") return;
    setClientId(newClientId());
    setLength(0);
    (form.current?.elements.namedItem("body") as HTMLTextAreaElement | null)?.focus();
  }, [result]);

  // "Rebut #n" on a post fills in the form and puts the cursor in it.
  useEffect(() => {
    const el = form.current;
    if (!replyTarget || !el) return;
    (el.elements.namedItem("kind") as RadioNodeList).value = "rebuttal";
    (el.elements.namedItem("replyTo") as HTMLSelectElement).value = String(replyTarget.post.id);
    (el.elements.namedItem("body") as HTMLTextAreaElement).focus();
  }, [replyTarget]);

  const round = isRound(state.phase) ? state.phase : "opening";
  const kind = kept?.kind || (initialReply ? "rebuttal" : DEFAULT_KIND[round]);
  const replyTo = kept?.replyTo ?? (initialReply ? String(initialReply) : "");
  const cited = kept?.cite ? kept.cite.split(" ") : [];
  const others = state.posts;
  // The server decides (by its clock) and refuses a late post with the same words; this says so in time.
  const timeUp = useTimeLeft() === 0 && isRound(state.phase);
  return (
    <form ref={form} action={action} className="stack post-form" id="compose" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Your post</h2>
      {result.message && (
        <p role={result.status === "error" ? "alert" : "status"} className={`notice ${result.status === "error" ? "notice-error" : "notice-success"}`}>
          {result.message}
        </p>
      )}
      {timeUp && (
        <p className="notice notice-info" role="status">
          Time is up for this round: posting is closed until your instructor adds time. What you have typed stays here.
        </p>
      )}
      <input type="hidden" name="sessionId" value={snapshot.sessionId} />
      <input type="hidden" name="groupId" value={groupId} />
      <input type="hidden" name="clientId" value={clientId} />
      {/* Keyed by round: a new round starts from that round's usual kind of post. */}
      <fieldset className="kind-choice" key={round}>
        <legend>Kind of post</legend>
        {POST_KINDS.map((k) => (
          <label key={k} className="option">
            <input type="radio" name="kind" value={k} defaultChecked={kind === k} />
            <span>
              <strong>{KIND_LABEL[k]}</strong> <span className="muted small">{KIND_HINT[k]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reply`}>In reply to</label>
        {/* Keyed by its starting value: a form reset after a refused post must come back to the kept choice. */}
        <select id={`${id}-reply`} name="replyTo" defaultValue={replyTo} key={`reply-${replyTo}`}>
          <option value="">Nothing: a new point</option>
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              #{p.number} ({p.side === "for" ? "for" : "against"}): {p.body.length > 70 ? `${p.body.slice(0, 70)}…` : p.body}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>Your argument</label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={5}
          required
          maxLength={DEBATE_LIMITS.bodyMax}
          defaultValue={kept?.body ?? ""}
          aria-describedby={`${id}-count`}
          onChange={(e) => setLength(e.target.value.length)}
        />
        <p id={`${id}-count`} className="hint">
          {length > 0 ? `${length} of ${DEBATE_LIMITS.bodyMax} characters` : `Up to ${DEBATE_LIMITS.bodyMax} characters.`}
        </p>
      </div>
      <details className="cite-picker" open={cited.length > 0}>
        <summary>Cite evidence from the text (up to {DEBATE_LIMITS.citationsMax} sentences)</summary>
        {/* One disclosure per excerpt, so the keyboard passes closed ones in one step. */}
        {excerpts.map((x) => (
          <details key={x.id} className="cite-excerpt" open={x.sentences.some((s) => cited.includes(s.id))}>
            <summary>
              {x.name}
              {suggested.includes(x.id) ? " (suggested)" : ""}: <span className="muted">{x.sentences[0]!.text.split(" ").slice(0, 8).join(" ")}…</span>
            </summary>
            <fieldset>
              <legend className="visually-hidden">Sentences of {x.name}</legend>
              <SentencePicker name="cite" sentences={x.sentences} picked={cited} />
            </fieldset>
          </details>
        ))}
      </details>
      <button type="submit" className="button" aria-disabled={pending} onClick={(e) => pending && e.preventDefault()}>
        {pending ? "Posting…" : "Post to the debate"}
      </button>
    </form>
  );
}
