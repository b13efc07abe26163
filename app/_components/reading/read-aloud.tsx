"use client";

import { useEffect, useRef, useState } from "react";

/*
 * Read-aloud of one excerpt with the browser's own speech synthesis, a sentence at a time, so the sentence
 * being read is highlighted (its element gets data-reading="now") and nothing depends on boundary events,
 * which many voices never send. Where the browser has no speech synthesis or no voice, it says so.
 */

let availability: Promise<boolean> | null = null;

/** Whether the browser can speak: it has speech synthesis and, once its voices have loaded, at least one voice. */
function speechAvailable(): Promise<boolean> {
  availability ??= new Promise((resolve) => {
    const synth = window.speechSynthesis as SpeechSynthesis | undefined;
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return resolve(false);
    if (synth.getVoices().length > 0) return resolve(true);
    // Voices load after the page in some browsers: wait for them a moment (Chromium without voices sends
    // voiceschanged with none, so only a list with voices ends the wait early).
    const done = () => {
      clearTimeout(timer);
      synth.removeEventListener?.("voiceschanged", check);
      resolve(synth.getVoices().length > 0);
    };
    const check = () => {
      if (synth.getVoices().length > 0) done();
    };
    synth.addEventListener?.("voiceschanged", check);
    const timer = setTimeout(done, 2000);
  });
  return availability;
}

/** The one reading under way on the page (its component's token, and how to stop it): starting another stops it. */
let current: { owner: object; stop: () => void } | null = null;

type State = { kind: "checking" } | { kind: "unavailable" } | { kind: "idle" } | { kind: "reading"; index: number; paused: boolean };

export function ReadAloud({ sentences, label }: { sentences: { elementId: string; text: string }[]; label: string }) {
  const [state, setState] = useState<State>({ kind: "checking" });
  // Each reading has its own token: events of an utterance from a stopped reading are ignored.
  const token = useRef(0);
  const highlighted = useRef<HTMLElement | null>(null);
  const controls = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    void speechAvailable().then((ok) => live && setState({ kind: ok ? "idle" : "unavailable" }));
    return () => {
      live = false;
      if (current?.owner === token) current.stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The pressed button goes when reading starts or stops: the keyboard stays in the controls (Pause, or Read aloud).
  const refocus = useRef(false);
  const reading = state.kind === "reading";
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    controls.current?.querySelector("button")?.focus();
  }, [reading]);

  function highlight(index: number | null) {
    highlighted.current?.removeAttribute("data-reading");
    highlighted.current = index === null ? null : document.getElementById(sentences[index]!.elementId);
    highlighted.current?.setAttribute("data-reading", "now");
    highlighted.current?.scrollIntoView({ block: "nearest" });
  }

  function stop() {
    token.current++;
    if (current?.owner === token) current = null;
    window.speechSynthesis?.cancel();
    highlight(null);
    setState((s) => (s.kind === "reading" ? { kind: "idle" } : s));
  }

  function speak(index: number, mine: number) {
    if (mine !== token.current) return;
    if (index >= sentences.length) return stop();
    const synth = window.speechSynthesis;
    const utterance = new SpeechSynthesisUtterance(sentences[index]!.text);
    utterance.lang = document.documentElement.lang || "en";
    utterance.onend = () => speak(index + 1, mine);
    utterance.onerror = (event) => {
      // "interrupted"/"canceled": this reading was stopped or replaced, which has already been handled.
      if (mine === token.current && event.error !== "interrupted" && event.error !== "canceled") stop();
    };
    highlight(index);
    setState({ kind: "reading", index, paused: false });
    synth.speak(utterance);
  }

  function start() {
    refocus.current = true;
    current?.stop();
    window.speechSynthesis.cancel();
    const mine = ++token.current;
    current = { owner: token, stop };
    speak(0, mine);
  }

  function pause() {
    if (state.kind !== "reading") return;
    if (state.paused) window.speechSynthesis.resume();
    else window.speechSynthesis.pause();
    setState({ ...state, paused: !state.paused });
  }

  if (state.kind === "unavailable") {
    return (
      <div className="read-aloud read-aloud-none small muted">
        <button type="button" className="button button-secondary button-small" disabled>
          Read aloud
        </button>{" "}
        Read aloud is not available in this browser (it has no voice to read with).
      </div>
    );
  }
  const context = <span className="visually-hidden"> {label}</span>;
  return (
    <div className="read-aloud" role="group" aria-label={`Read aloud: ${label}`} ref={controls}>
      {state.kind === "reading" ? (
        <>
          <button type="button" className="button button-secondary button-small" onClick={pause} aria-pressed={state.paused}>
            {state.paused ? "Resume" : "Pause"}
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              refocus.current = true;
              stop();
            }}
          >
            Stop
          </button>
          <span className="small muted">
            {state.paused ? "Paused at" : "Reading"} sentence {state.index + 1} of {sentences.length}
          </span>
        </>
      ) : (
        <button type="button" className="button button-secondary button-small" onClick={start} disabled={state.kind === "checking"}>
          <span aria-hidden="true">▶</span> Read aloud{context}
        </button>
      )}
    </div>
  );
}
