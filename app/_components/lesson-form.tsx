"use client";

import { startTransition, useActionState, useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from "react";
import { isAnswered, itemIdOfField, readAnswers, writeAnswer, type FormItem } from "@/lib/answer-form";
import { unsavedKey } from "./unsaved-key";

/** What the lesson form's server action answers (the student's save/submit, or an instructor's preview). */
export type LessonFormState =
  | { status: "idle" }
  | { status: "saved"; message: string; saved?: SavedNow }
  | { status: "confirm"; unanswered: { id: string; label: string }[]; saved?: SavedNow }
  /**
   * Not saved for these items (another device saved a different answer after the page last saw them), the
   * rest saved (`saved`); `submitting`: the student was handing the lesson in, which did not happen.
   */
  | { status: "conflict"; items: ItemLabel[]; saved: SavedNow; submitting: boolean }
  | { status: "error"; message: string }
  /** Preview only: the answers scored, rendered on the server (nothing was stored). */
  | { status: "results"; results: ReactNode };

/** The answers a save wrote or found as they were: item id → its save time (null: none), the page's `seen` from then on. */
export type SavedNow = Record<string, number | null>;
type ItemLabel = { id: string; label: string };
/** The answers another device changed, as the page says so. */
type Conflicts = { items: ItemLabel[]; submitting: boolean };

/**
 * Where the answers go: a student's attempt (saved in the background, backed up in this browser), or an
 * instructor's preview of the lesson, where nothing is saved anywhere.
 */
export type LessonFormMode =
  | {
      kind: "attempt";
      assignmentId: number;
      studentId: number;
      /** When the server last saved this attempt. */
      serverSavedAt: number;
      /** When the server last saved each answer (item id → time): an answer kept in the browser from before that is not put back. */
      itemsSavedAt: Record<string, number>;
      /** Set when the student may not change their work now (closed at the due date, archived class): why. */
      readOnly?: string;
    }
  | { kind: "preview" };

type SaveStatus =
  | { kind: "idle" }
  | { kind: "unsaved" }
  | { kind: "saving" }
  | { kind: "saved"; at: number }
  | { kind: "retrying"; inSeconds: number }
  | { kind: "failed"; message: string }
  /** The session ended (expired, or signed out elsewhere): answers wait in this browser until the student signs in again. */
  | { kind: "signed-out" };

const RETRY_DELAYS_S = [1, 2, 4, 8, 15];
/** An autosave that has not answered by then is given up and retried (a submit waits for the one under way). */
const SAVE_TIMEOUT_MS = 15_000;
const CONFLICT_STATUS = "some answers changed on another device.";

/*
 * Answers not yet acknowledged by the server are also kept in this browser's localStorage, so that a tab
 * that crashes (or a laptop lid closed mid-sentence) loses nothing: the next visit puts them back into the
 * form and saves them. Keyed by student, and emptied as soon as the server has them.
 */
/** `base`: the server's last save this tab knew of (server time, so client clock skew does not matter). */
type Unsaved = { base: number; answers: Record<string, unknown> };

const NONE_SAVED: Record<string, number> = {};

function readUnsaved(key: string | null): Unsaved | null {
  if (key === null) return null;
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? "null") as Unsaved | null;
    return value && typeof value.base === "number" && value.answers && typeof value.answers === "object" ? value : null;
  } catch {
    return null;
  }
}

function writeUnsaved(key: string | null, unsaved: Unsaved | null) {
  if (key === null) return;
  try {
    if (!unsaved || Object.keys(unsaved.answers).length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(unsaved));
  } catch {
    // Storage full or blocked: the server save still runs.
  }
}

/**
 * The lesson form. Without JavaScript it is a plain form posting to the server action (Save draft /
 * Submit). With it, every change is saved in the background: changed items are batched into one request,
 * a failed save is retried until it lands, and the state is always on screen. In preview mode none of
 * that runs: the form is answered as a student would, and Submit shows the results the action returns.
 */
export function LessonForm({
  mode,
  items,
  initialAnswered,
  action,
  children,
}: {
  mode: LessonFormMode;
  items: FormItem[];
  initialAnswered: number;
  action: (state: LessonFormState, formData: FormData) => Promise<LessonFormState>;
  children: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  const preview = mode.kind === "preview";
  // Null in preview: no draft route to save to, and no browser backup.
  const assignmentId = mode.kind === "attempt" ? mode.assignmentId : null;
  const storageKey = mode.kind === "attempt" ? unsavedKey(mode.assignmentId, mode.studentId) : null;
  const serverSavedAt = mode.kind === "attempt" ? mode.serverSavedAt : 0;
  const itemsSavedAt = mode.kind === "attempt" ? mode.itemsSavedAt : NONE_SAVED;
  const readOnly = mode.kind === "attempt" ? mode.readOnly : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  const [answered, setAnswered] = useState(initialAnswered);
  const [save, setSave] = useState<SaveStatus>({ kind: "idle" });
  // Until the page is hydrated, nothing saves by itself: the status says so (and stays so without JavaScript).
  const [hydrated, setHydrated] = useState(false);
  const warningRef = useRef<HTMLDivElement>(null);
  // Items changed since their last successful save, with a version so a change during a save is not lost.
  const dirty = useRef(new Map<string, number>());
  const version = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef(false);
  const attempt = useRef(0);
  const stopped = useRef(false);
  const byId = useRef(new Map(items.map((item) => [item.id, item])));
  const lastServerSave = useRef(serverSavedAt);
  // What this page has of each answer as the server saved it (item id → save time), sent with the whole
  // form so that it does not overwrite what another device saved since (db/queries/attempts.ts, writeAnswers).
  const seen = useRef<Record<string, number>>({ ...itemsSavedAt });
  const noteSaved = useCallback((saved: SavedNow) => {
    for (const [id, at] of Object.entries(saved)) {
      if (at === null) delete seen.current[id];
      else seen.current[id] = at;
    }
  }, []);
  // Answers another device saved differently since this page saw them: not saved from here any more (the
  // page says so and offers a reload); what was typed in them stays on the page.
  const conflicted = useRef(new Set<string>());
  const [conflicts, setConflicts] = useState<Conflicts | null>(null);
  const noteConflicts = useCallback((found: ItemLabel[], submitting: boolean) => {
    for (const item of found) conflicted.current.add(item.id);
    setConflicts((shown) => ({
      items: [...(shown?.items ?? []), ...found.filter((item) => !shown?.items.some((s) => s.id === item.id))],
      submitting: submitting || (shown?.submitting ?? false),
    }));
  }, []);
  // One save at a time from this page, so that each answer's save time arrives in the order it was written:
  // the autosave under way (a submit waits for it), and the form's action (no autosave while it is on its way).
  const saving = useRef<Promise<void> | null>(null);
  const formSending = useRef(false);
  const [queued, setQueued] = useState(false);
  // The dirty items (with their versions) that the last form submission carried: cleared once it saved them.
  const sentWithForm = useRef(new Map<string, number>());
  // Following "Sign in again" or "Reload": the unsaved answers are in this browser's backup, put back on return.
  const leavingOnPurpose = useRef(false);

  const countAnswered = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    const all = readAnswers(items, new FormData(form));
    setAnswered(items.filter((item) => isAnswered(all[item.id])).length);
  }, [items]);

  const flush = useCallback(async () => {
    const form = formRef.current;
    if (!form || assignmentId === null || readOnly || inFlight.current || formSending.current || stopped.current) return;
    const batch = new Map([...dirty.current].filter(([id]) => !conflicted.current.has(id)));
    if (batch.size === 0) return;
    const answers = readAnswers(
      [...batch.keys()].map((id) => byId.current.get(id)!),
      new FormData(form),
    );
    inFlight.current = true;
    let settled!: () => void;
    saving.current = new Promise((resolve) => (settled = resolve));
    setSave({ kind: "saving" });
    let retry = false;
    try {
      const response = await fetch(`/api/assignments/${assignmentId}/draft`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers, seen: Object.fromEntries([...batch.keys()].flatMap((id) => (id in seen.current ? [[id, seen.current[id]]] : []))) }),
        keepalive: true,
        signal: AbortSignal.timeout(SAVE_TIMEOUT_MS),
      });
      if (response.ok) {
        const saved = (await response.json()) as { savedAt: number; times: SavedNow; conflicts: ItemLabel[] };
        lastServerSave.current = saved.savedAt;
        noteSaved(saved.times);
        const unsaved = readUnsaved(storageKey);
        for (const [id, v] of batch) {
          if (dirty.current.get(id) !== v || !(id in saved.times)) continue;
          dirty.current.delete(id);
          if (unsaved) delete unsaved.answers[id];
        }
        writeUnsaved(storageKey, unsaved && { ...unsaved, base: saved.savedAt });
        attempt.current = 0;
        if (saved.conflicts.length > 0) noteConflicts(saved.conflicts, false);
        setSave(conflicted.current.size > 0 ? { kind: "failed", message: CONFLICT_STATUS } : { kind: "saved", at: saved.savedAt });
      } else if (response.status >= 500 || response.status === 429) {
        retry = true;
      } else if (response.status === 401) {
        // Not stopped: once signed in again (in another tab, say), the next change saves everything.
        setSave({ kind: "signed-out" });
      } else {
        const { error } = (await response.json().catch(() => ({ error: "" }))) as { error?: string };
        // Not something a retry can fix (signed out, submitted elsewhere, refused): say so and stop.
        stopped.current = response.status === 409 || response.status === 404;
        setSave({ kind: "failed", message: error || `The server refused the save (${response.status}).` });
      }
    } catch {
      retry = true;
    } finally {
      inFlight.current = false;
      saving.current = null;
      settled();
    }
    if (retry) {
      const delay = RETRY_DELAYS_S[Math.min(attempt.current++, RETRY_DELAYS_S.length - 1)]!;
      setSave({ kind: "retrying", inSeconds: delay });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delay * 1000);
    } else if ([...dirty.current.keys()].some((id) => !conflicted.current.has(id))) {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), 300);
    }
  }, [assignmentId, storageKey, readOnly, noteSaved, noteConflicts]);

  const onEdit = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      const target = event.target as HTMLInputElement;
      const id = itemIdOfField(target.name ?? "");
      const form = formRef.current;
      if (!id || !form) return;
      if (assignmentId === null) return countAnswered();
      dirty.current.set(id, ++version.current);
      const unsaved = readUnsaved(storageKey) ?? { base: lastServerSave.current, answers: {} };
      Object.assign(unsaved.answers, readAnswers([byId.current.get(id)!], new FormData(form)));
      writeUnsaved(storageKey, { ...unsaved, base: lastServerSave.current });
      countAnswered();
      // An answer another device changed is not saved from here (the notice says why); the status keeps saying so.
      if (!stopped.current) setSave(conflicted.current.has(id) ? { kind: "failed", message: CONFLICT_STATUS } : { kind: "unsaved" });
      clearTimeout(timer.current);
      // Typing settles for a moment before saving; a click or a choice saves almost at once.
      timer.current = setTimeout(() => void flush(), target.tagName === "TEXTAREA" ? 800 : 250);
    },
    [flush, countAnswered, storageKey, assignmentId],
  );

  // Answers this browser kept but the server never acknowledged (a crashed tab): put them back and save,
  // once, as the page opens (later renders bring the server's answers after this browser's own saves).
  const restored = useRef(false);
  useEffect(() => {
    const form = formRef.current;
    // Read-only: what this browser kept stays kept, for when the lesson is reopened.
    if (!form || readOnly || restored.current) return;
    restored.current = true;
    const unsaved = readUnsaved(storageKey);
    if (!unsaved) return;
    // An answer saved from elsewhere (another device) after this browser kept its own: the server's wins.
    // The rest were never saved anywhere since, and are put back and saved. (An answer cleared elsewhere
    // has no save time left, so this browser's is put back: keeping typed work beats losing it.)
    const kept = Object.entries(unsaved.answers).filter(([id]) => byId.current.has(id) && (itemsSavedAt[id] ?? 0) <= unsaved.base);
    if (kept.length === 0) return writeUnsaved(storageKey, null);
    writeUnsaved(storageKey, { base: unsaved.base, answers: Object.fromEntries(kept) });
    for (const [id, raw] of kept) {
      writeAnswer(form, byId.current.get(id)!, raw);
      dirty.current.set(id, ++version.current);
    }
    countAnswered();
    void flush();
  }, [storageKey, itemsSavedAt, countAnswered, flush, readOnly]);

  useEffect(() => setHydrated(true), []);
  // What the form's action saved is now the page's `seen`, and no longer needs saving (nor its backup), unless
  // it changed again since. A conflict's answers are not saved from here any more (the page says so).
  useEffect(() => {
    if (!("saved" in state) || !state.saved) return;
    noteSaved(state.saved);
    const at = Math.max(0, ...Object.values(state.saved).filter((v) => v !== null));
    if (at > lastServerSave.current) lastServerSave.current = at;
    const unsaved = readUnsaved(storageKey);
    for (const id of Object.keys(state.saved)) {
      if (!sentWithForm.current.has(id) || dirty.current.get(id) !== sentWithForm.current.get(id)) continue;
      dirty.current.delete(id);
      if (unsaved) delete unsaved.answers[id];
    }
    writeUnsaved(storageKey, unsaved && { ...unsaved, base: lastServerSave.current });
    if (state.status === "conflict") noteConflicts(state.items, state.submitting);
    if (stopped.current) return;
    if (conflicted.current.size > 0) setSave({ kind: "failed", message: CONFLICT_STATUS });
    // Everything is saved now (the form carried what an autosave was waiting to send): the status says so.
    else if (dirty.current.size === 0) setSave({ kind: "saved", at: Date.now() });
  }, [state, noteSaved, noteConflicts, storageKey]);

  // The form's action has answered: what was typed meanwhile is saved now.
  useEffect(() => {
    if (pending || !formSending.current) return;
    formSending.current = false;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), 300);
  }, [pending, flush]);

  useEffect(() => {
    if (state.status === "confirm" || state.status === "conflict") warningRef.current?.focus();
    // The results replace the form, as the results page follows a student's submission: read from the top.
    if (state.status === "results") {
      document.getElementById("main")?.scrollIntoView();
      resultsRef.current?.focus({ preventScroll: true });
    }
  }, [state]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current.size > 0 && !stopped.current && !leavingOnPurpose.current) event.preventDefault();
    };
    const online = () => void flush();
    window.addEventListener("beforeunload", warn);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("beforeunload", warn);
      window.removeEventListener("online", online);
      clearTimeout(timer.current);
    };
  }, [flush]);

  // Submitting sends the whole form to the server action; the automatic form reset React does after an
  // action is not wanted here (a student may keep typing), so the action is started by hand.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const form = event.currentTarget;
    // The whole form goes with this request: what it saves is no longer dirty (see the effect on `state`).
    // (The browser's backup of unsent answers stays until the server has them: the results page clears it.)
    if (formSending.current || queued) return;
    const send = () => {
      setQueued(false);
      const data = new FormData(form, submitter);
      if (assignmentId !== null) data.set("seen", JSON.stringify(seen.current));
      sentWithForm.current = new Map(dirty.current);
      formSending.current = true;
      startTransition(() => formAction(data));
    };
    // An autosave on its way first (it gives up within SAVE_TIMEOUT_MS): the form then says what the page has.
    const under = saving.current;
    if (!under) return send();
    setQueued(true);
    void under.then(send);
  };

  // Enter in a text field or on a radio button must not hand in the lesson: it saves instead.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    if (event.key === "Enter" && target instanceof HTMLInputElement) {
      event.preventDefault();
      clearTimeout(timer.current);
      void flush();
    }
  };

  if (state.status === "results") {
    return (
      <div ref={resultsRef} tabIndex={-1} className="preview-results">
        {state.results}
      </div>
    );
  }

  const total = items.length;
  // The form's action answers when it finds a conflict; an autosave says so on its own (with JavaScript).
  const shownConflicts = conflicts ?? (state.status === "conflict" ? { items: state.items, submitting: state.submitting } : null);
  const busy = pending || queued;
  if (readOnly) {
    return (
      <div className="lesson-form">
        <p className="notice notice-warn" role="status">
          {readOnly}
        </p>
        {/* No form: nothing is sent. The answer fields are disabled where they are rendered (lesson-reading.tsx),
            not by a disabled fieldset around everything, which would disable the phone's Previous/Next and
            read-aloud too. */}
        <div className="read-only-lesson">{children}</div>
      </div>
    );
  }
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} onChange={onEdit} onKeyDown={onKeyDown} className="lesson-form">
      {/* The form's default button (what Enter presses without JavaScript) saves (in preview: nothing); it never submits. */}
      <button type="submit" name="intent" value="save" className="default-submit" tabIndex={-1} aria-hidden="true">
        Save draft
      </button>
      {/* Without JavaScript, what the page was rendered with (with it, onSubmit sends what the page has now). */}
      {!preview && <input type="hidden" name="seen" value={JSON.stringify(itemsSavedAt)} readOnly />}
      <div className="lesson-status" role="region" aria-label="Progress">
        <div className="lesson-progress">
          <label htmlFor="lesson-progress">
            <strong>{answered}</strong> of {total} answered
          </label>
          <progress id="lesson-progress" max={total} value={answered} />
        </div>
        <p className={`save-status save-${save.kind}`} role="status" aria-live="polite">
          {preview ? "Preview — nothing is saved." : hydrated ? saveLabel(save) : "Use “Save draft” at the end to keep your answers."}{" "}
          {save.kind === "signed-out" && (
            <a href={signInHref()} className="small" onClick={() => (leavingOnPurpose.current = true)}>
              Sign in again
            </a>
          )}
          {state.status === "saved" && !hydrated && state.message}
          {state.status === "confirm" && (
            <a href="#submit-warning" className="small">
              {state.unanswered.length} not answered — see Finish
            </a>
          )}
          {shownConflicts && state.status !== "confirm" && (
            <a href="#conflict-warning" className="small">
              See Finish
            </a>
          )}
        </p>
        <a href="#submit" className="small">
          Go to Finish
        </a>
      </div>
      {children}
      <section className="card submit-card" aria-labelledby="submit-heading" id="submit">
        <h2 id="submit-heading">Finish</h2>
        {state.status === "error" && (
          <p className="notice notice-error" role="alert">
            {state.message}
          </p>
        )}
        {state.status === "saved" && (
          <p className="notice notice-success" role="status">
            {state.message}
          </p>
        )}
        {shownConflicts && <ConflictNotice conflicts={shownConflicts} hydrated={hydrated} reloadHref={assignmentId === null ? "" : `/assignments/${assignmentId}`} onReload={() => (leavingOnPurpose.current = true)} ref={state.status === "conflict" ? warningRef : undefined} />}
        {state.status === "confirm" ? (
          <div className="notice notice-warn" role="alert" id="submit-warning" tabIndex={-1} ref={warningRef}>
            <p>
              <strong>
                {state.unanswered.length} of {total} not answered yet:
              </strong>{" "}
              {state.unanswered.map((item, i) => (
                <span key={item.id}>
                  {i > 0 && ", "}
                  <a href={`#item-${item.id}`}>{item.label}</a>
                </span>
              ))}
              . Once you submit, you cannot change your answers.
            </p>
            <div className="row">
              <button type="submit" name="intent" value="submit-confirmed" className="button" disabled={busy}>
                Submit anyway
              </button>
              <button type="submit" name="intent" value="save" className="button button-secondary" disabled={busy}>
                Keep working
              </button>
            </div>
          </div>
        ) : (
          <>
            <p className="muted">
              {preview
                ? "Preview: nothing is saved. Submit to see the score and feedback a student would see."
                : "Your answers are saved as a draft as you go. When you submit, they are final."}
            </p>
            <div className="row">
              <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
                {busy ? "Working…" : "Submit lesson"}
              </button>
              {!preview && (
                <button type="submit" name="intent" value="save" className="button button-secondary" disabled={busy}>
                  Save draft
                </button>
              )}
            </div>
          </>
        )}
      </section>
    </form>
  );
}

function saveLabel(save: SaveStatus): string {
  switch (save.kind) {
    case "idle":
      return "Answers save automatically.";
    case "unsaved":
      return "Unsaved changes…";
    case "saving":
      return "Saving…";
    case "saved":
      return `All changes saved at ${new Date(save.at).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" })}.`;
    case "retrying":
      return `Not saved — retrying in ${save.inSeconds} s. Keep this page open.`;
    case "failed":
      return `Not saved: ${save.message}`;
    case "signed-out":
      return "Not saved: your session has ended. Your answers are kept in this browser; sign in again to save them and come back here.";
  }
}

/** Sign-in that returns to this very page (a full page load: the header is rendered afresh, signed out). */
function signInHref(): string {
  return `/signin?${new URLSearchParams({ callbackUrl: `${window.location.pathname}${window.location.search}` })}`;
}

/**
 * Answers another device saved differently after this page last saw them. With JavaScript the page still
 * shows what was typed here, and offers a reload; without it, the page was just rendered again from the
 * server, so it shows the other device's answers already.
 */
function ConflictNotice({
  conflicts: { items, submitting },
  hydrated,
  reloadHref,
  onReload,
  ref,
}: {
  conflicts: Conflicts;
  hydrated: boolean;
  reloadHref: string;
  onReload: () => void;
  ref?: Ref<HTMLDivElement>;
}) {
  const one = items.length === 1;
  return (
    <div className="notice notice-warn" role="alert" id="conflict-warning" tabIndex={-1} ref={ref}>
      <p>
        <strong>Another device saved {one ? "a different answer" : "different answers"} after this page loaded:</strong>{" "}
        {items.map((item, i) => (
          <span key={item.id}>
            {i > 0 && ", "}
            <a href={`#item-${item.id}`}>{item.label}</a>
          </span>
        ))}
        .{" "}
        {hydrated
          ? `This page's ${one ? "answer to it was" : "answers to them were"} not saved`
          : `This page now shows ${one ? "that answer" : "those answers"}; what it had there was not saved`}
        {submitting ? ", and the lesson was not submitted" : ""}. Your other answers are saved.
      </p>
      {hydrated && (
        <p>
          <a href={reloadHref} className="button" onClick={onReload}>
            Reload to see the newer {one ? "answer" : "answers"}
          </a>{" "}
          <span className="small muted">(copy anything you typed in {one ? "it" : "them"} here first, if you want to keep it)</span>
        </p>
      )}
    </div>
  );
}
