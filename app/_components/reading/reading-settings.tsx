"use client";

import { createContext, startTransition, useActionState, useContext, useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from "react";
import { saveReadingPrefsAction } from "@/app/account/reading/actions";
import { READING_LABELS, READING_OPTIONS, readingAttributes, type ReadingPref, type ReadingPrefs } from "@/lib/reading-prefs";
import type { FormState } from "@/lib/forms";

const PrefsContext = createContext<{ prefs: ReadingPrefs; setPrefs: (prefs: ReadingPrefs) => void } | null>(null);

/**
 * The page's <main>, carrying the student's reading supports as data attributes (app/globals.css applies
 * them). Rendered with the saved prefs on the server, so a reload shows them at once; the settings panel
 * inside changes them live.
 */
export function ReadingMain({ prefs: saved, className, children }: { prefs: ReadingPrefs; className: string; children: ReactNode }) {
  const [prefs, setPrefs] = useState(saved);
  return (
    <PrefsContext.Provider value={{ prefs, setPrefs }}>
      <main id="main" className={className} {...readingAttributes(prefs)}>
        {children}
      </main>
    </PrefsContext.Provider>
  );
}

/**
 * The "Reading" disclosure: text size, line spacing, colours and font. A change applies at once and is
 * saved for the student in the background; without JavaScript, Save posts the form.
 */
export function ReadingSettings() {
  const context = useContext(PrefsContext);
  const [state, formAction, pending] = useActionState<FormState, FormData>(saveReadingPrefsAction, { status: "idle" });
  const [hydrated, setHydrated] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => setHydrated(true), []);
  // It opens over the page: a click elsewhere closes it, as Escape does.
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (details.current?.open && !details.current.contains(event.target as Node)) details.current.open = false;
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, []);
  if (!context) return null;
  const { prefs, setPrefs } = context;

  const onChange = (event: ChangeEvent<HTMLFormElement>) => {
    const input = event.target as unknown as HTMLInputElement;
    const key = input.name as ReadingPref;
    if (!(key in READING_OPTIONS)) return;
    setPrefs({ ...prefs, [key]: input.value });
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== "Escape" || !details.current?.open) return;
    details.current.open = false;
    details.current.querySelector("summary")?.focus();
  };

  return (
    <details className="reading-settings" ref={details} onKeyDown={onKeyDown}>
      <summary>
        <span aria-hidden="true">Aa</span> Reading settings
      </summary>
      <form action={formAction} onChange={onChange} className="reading-settings-panel">
        {(Object.keys(READING_OPTIONS) as ReadingPref[]).map((key) => (
          <fieldset key={key} className="reading-choice">
            <legend>{READING_LABELS[key]}</legend>
            <div className="reading-options">
              {Object.entries(READING_OPTIONS[key]).map(([value, label]) => (
                <label key={value} className={`reading-option reading-option-${key}-${value}`}>
                  <input type="radio" name={key} value={value} checked={prefs[key] === value} onChange={() => {}} />
                  <span>{label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        {!hydrated && (
          <button type="submit" className="button button-secondary button-small">
            Save reading settings
          </button>
        )}
        <p className="small reading-settings-status" role="status">
          {pending ? "Saving…" : state.status === "success" ? "Saved for next time." : ""}
        </p>
        {state.status === "error" && !pending && (
          <p className="notice notice-error small" role="alert">
            {state.message}
          </p>
        )}
      </form>
    </details>
  );
}
