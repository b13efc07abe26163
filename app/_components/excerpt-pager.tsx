"use client";

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";

/*
 * On a phone, the lesson one part at a time (an excerpt with its questions, then the debate prompts):
 * Previous/Next and a picker move between them. Only CSS hides the other parts (app/globals.css, narrow
 * screens), so every field stays in the one form: saving and submitting see every answer. Without
 * JavaScript, and on wider screens, the whole lesson shows as before.
 */

type Go = (index: number, then?: "focus" | "scroll" | null) => void;
const PagerContext = createContext<{ current: number; labels: string[]; go: Go } | null>(null);

export function ExcerptPager({ labels, children }: { labels: string[]; children: ReactNode }) {
  const [current, setCurrent] = useState(0);
  const [hydrated, setHydrated] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // What to do once the new part shows: a button moves focus to it; the picker (arrow keys change it) only scrolls.
  const after = useRef<"focus" | "scroll" | null>(null);
  // The element a #hash on load points at, to scroll to once its part shows.
  const target = useRef<string | null>(null);

  const go = (index: number, then: "focus" | "scroll" | null = "focus") => {
    after.current = then;
    setCurrent(Math.max(0, Math.min(labels.length - 1, index)));
  };

  useEffect(() => setHydrated(true), []);

  // After moving on: the new part from its top, its heading focused (so a screen reader starts there).
  useEffect(() => {
    if (target.current) document.getElementById(target.current)?.scrollIntoView();
    target.current = null;
    const then = after.current;
    after.current = null;
    if (!then) return;
    const part = root.current?.querySelector<HTMLElement>(`[data-part="${current}"]`);
    part?.scrollIntoView({ block: "start" });
    if (then === "focus") part?.querySelector<HTMLElement>("h2")?.focus({ preventScroll: true });
  }, [current]);

  // A link to something in a hidden part (an unanswered question listed at Finish, a #hash on load) opens that part first.
  useEffect(() => {
    const partOf = (hash: string) => {
      const element = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
      const part = element?.closest<HTMLElement>("[data-part]");
      return part && root.current?.contains(part) ? Number(part.dataset.part) : null;
    };
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.("a[href^='#']");
      const index = link ? partOf(link.getAttribute("href")!) : null;
      if (index !== null) flushSync(() => go(index, null));
    };
    const initial = partOf(window.location.hash);
    if (initial !== null) {
      target.current = decodeURIComponent(window.location.hash.slice(1));
      setCurrent(initial);
    }
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <PagerContext.Provider value={{ current, labels, go }}>
      <div ref={root} className="excerpt-pager" data-paged={hydrated ? "" : undefined}>
        {children}
      </div>
    </PagerContext.Provider>
  );
}

/** One part of the lesson, with the phone's navigation above and below it. */
export function PagerPart({ index, children }: { index: number; children: ReactNode }) {
  const pager = useContext(PagerContext)!;
  return (
    <div className="pager-part" data-part={index} data-current={pager.current === index ? "" : undefined}>
      <PagerNav where="top" />
      {children}
      <PagerNav where="bottom" />
    </div>
  );
}

function PagerNav({ where }: { where: "top" | "bottom" }) {
  const { current, labels, go } = useContext(PagerContext)!;
  const last = labels.length - 1;
  return (
    <nav className={`pager-nav pager-nav-${where}`} aria-label={where === "top" ? "Parts of the lesson" : "Next part"}>
      <button type="button" className="button button-secondary button-small" onClick={() => go(current - 1)} disabled={current === 0}>
        ← Previous
      </button>
      {where === "top" && (
        <label className="pager-pick">
          <span className="visually-hidden">Go to</span>
          <select value={current} onChange={(event) => go(Number(event.target.value), "scroll")}>
            {labels.map((label, i) => (
              <option key={label} value={i}>
                {label}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="button button-small" onClick={() => go(current + 1)} disabled={current === last}>
        Next →
      </button>
    </nav>
  );
}
