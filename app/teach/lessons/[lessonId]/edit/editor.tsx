"use client";

// First: zod decides at the first schema it builds whether it may compile parsers (see the file).
import "./zod-jitless";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { draftToLesson, type DraftLesson } from "@/lib/authoring/draft";
import { applyRenames } from "@/lib/authoring/ids";
import { describeProblems, type Problem } from "@/lib/content/problems";
import { publishLessonAction, saveLessonDraftAction } from "./actions";
import { DebatesEditor } from "./debate-editor";
import { ExcerptEditor } from "./excerpt-editor";
import { fieldId, KeyContext, NumberField, ProblemsContext, TextField } from "./fields";

type Save = { kind: "saved"; at: number } | { kind: "unsaved" } | { kind: "saving" } | { kind: "retrying"; message: string } | { kind: "stopped"; message: string };

const SAVE_DELAY_MS = 800;
const RETRY_MS = [1000, 2000, 4000, 8000, 15000];

type Props = { lessonId: number; initialDraft: DraftLesson; initialRevision: number; savedAt: number; published: { version: number } | null; hasUnpublished: boolean };

/**
 * The lesson editor. The draft lives here and is saved in the background shortly after each change (a failed
 * save is retried until it lands, and leaving with unsaved changes asks first); the lesson schema checks it on
 * every change, and each problem is shown beside its field and in one list at the top.
 */
export function LessonEditor({ lessonId, initialDraft, initialRevision, savedAt, published, hasUnpublished }: Props) {
  const [draft, setDraft] = useState(initialDraft);
  const [save, setSave] = useState<Save>({ kind: "saved", at: savedAt });
  const [publishState, setPublishState] = useState<{ kind: "idle" | "working" } | { kind: "done" | "error"; message: string }>({ kind: "idle" });
  const [version, setVersion] = useState(published?.version ?? null);
  const [unpublished, setUnpublished] = useState(hasUnpublished || !published);
  const revision = useRef(initialRevision);
  const latest = useRef(draft);
  const changes = useRef(0);
  const savedChanges = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const attempt = useRef(0);
  const stopped = useRef(false);
  const lostSave = useRef<string | undefined>(undefined);
  // React keys that survive the server's renames, so a field being typed in is not remounted (and blurred).
  const keys = useRef(new Map<string, string>());
  const keyOf = useCallback((id: string) => keys.current.get(id) ?? id, []);
  const rememberRenames = (renamed: Record<string, string>) => {
    for (const [from, to] of Object.entries(renamed)) keys.current.set(to, keyOf(from));
  };

  const problems = useMemo(() => describeProblems(draftToLesson(draft)), [draft]);
  const byPath = useMemo(() => {
    const map = new Map<string, Problem[]>();
    for (const p of problems) map.set(p.path, [...(map.get(p.path) ?? []), p]);
    return map;
  }, [problems]);

  /** Sends the draft as it is now; resolves true once the server has everything typed before the call. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (stopped.current) return false;
    // One save at a time: a second would carry the same revision and be refused as a conflict.
    while (inFlight.current) await inFlight.current;
    if (savedChanges.current === changes.current) return true;
    const sending = changes.current;
    const saveId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const run = (async () => {
      setSave({ kind: "saving" });
      try {
        const reply = await saveLessonDraftAction(lessonId, revision.current, JSON.stringify(latest.current), { id: saveId, lost: lostSave.current });
        if (reply.status === "saved") {
          revision.current = reply.revision;
          savedChanges.current = sending;
          attempt.current = 0;
          lostSave.current = undefined;
          rememberRenames(reply.renamed);
          // The server's whole draft only if nothing was typed since it was sent; else the renames, and save again.
          const next = reply.draft && changes.current === sending ? reply.draft : applyRenames(latest.current, reply.renamed);
          if (next !== latest.current) {
            latest.current = next;
            setDraft(next);
          }
          setUnpublished(true);
          setSave(changes.current === sending ? { kind: "saved", at: reply.savedAt } : { kind: "unsaved" });
          return true;
        }
        if (reply.status === "error" && reply.signedOut) return retryLater(reply.message, 5000);
        stopped.current = true;
        setSave({ kind: "stopped", message: reply.message });
        return false;
      } catch {
        // The save may have landed with its reply lost: the next one says so, and is not taken for a conflict.
        lostSave.current = saveId;
        const delay = RETRY_MS[Math.min(attempt.current++, RETRY_MS.length - 1)]!;
        return retryLater(`Not saved yet: no connection to the server. Trying again in ${Math.round(delay / 1000)} s.`, delay);
      }
    })();
    inFlight.current = run;
    const ok = await run;
    inFlight.current = null;
    if (ok && savedChanges.current !== changes.current) schedule();
    return ok && savedChanges.current === changes.current;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lessonId]);

  function retryLater(message: string, delay: number): false {
    setSave({ kind: "retrying", message });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), delay);
    return false;
  }

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
  }, [flush]);

  const update = useCallback(
    (change: (d: DraftLesson) => DraftLesson) => {
      if (stopped.current) return;
      const next = change(latest.current);
      if (next === latest.current) return;
      latest.current = next;
      changes.current++;
      setDraft(next);
      setSave((s) => (s.kind === "retrying" ? s : { kind: "unsaved" }));
      setPublishState({ kind: "idle" });
      schedule();
    },
    [schedule],
  );

  useEffect(() => {
    const unsaved = () => savedChanges.current !== changes.current;
    const warn = (event: BeforeUnloadEvent) => {
      if (unsaved()) event.preventDefault();
    };
    // A link inside the app leaves without unloading the page (no beforeunload): save first, then follow it.
    const followAfterSaving = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
      if (!link || !unsaved() || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target || link.hasAttribute("download")) return;
      event.preventDefault();
      event.stopPropagation();
      clearTimeout(timer.current);
      void flush().then((saved) => {
        if (saved || window.confirm("Your latest changes could not be saved. Leave anyway and lose them?")) window.location.assign(link.href);
      });
    };
    // A tab being closed or switched away from saves at once rather than after the pause.
    const saveNow = () => {
      if (document.visibilityState === "hidden" && unsaved()) {
        clearTimeout(timer.current);
        void flush();
      }
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", followAfterSaving, true);
    document.addEventListener("visibilitychange", saveNow);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", followAfterSaving, true);
      document.removeEventListener("visibilitychange", saveNow);
    };
  }, [flush]);

  async function publish() {
    if (problems.length > 0) {
      setPublishState({ kind: "error", message: `Not published: fix the ${problems.length === 1 ? "problem" : `${problems.length} problems`} listed at the top first.` });
      document.getElementById("problems")?.focus();
      return;
    }
    setPublishState({ kind: "working" });
    clearTimeout(timer.current);
    if (!(await flush())) {
      setPublishState({ kind: "error", message: "Not published: the latest changes are not saved yet. Try again in a moment." });
      return;
    }
    const reply = await publishLessonAction(lessonId, revision.current);
    if (reply.status === "published" || reply.status === "unchanged") {
      setVersion(reply.version);
      setUnpublished(false);
      setPublishState({
        kind: "done",
        message: reply.status === "published" ? `Published as version ${reply.version}. Assign it from a class page; existing assignments keep the version they were given.` : `Version ${reply.version} is already this draft: nothing new to publish.`,
      });
    } else {
      if (reply.status === "conflict") stopped.current = true;
      setPublishState({ kind: "error", message: reply.message });
    }
  }

  const set = (change: Partial<DraftLesson>) => update((d) => ({ ...d, ...change }));

  return (
    <ProblemsContext.Provider value={byPath}>
      <KeyContext.Provider value={keyOf}>
      <div className="editor-bar" role="region" aria-label="Saving and publishing">
        <SaveStatus save={save} />
        <p className="small muted editor-version">{version ? `Version ${version} published${unpublished ? " · this draft has changes not published yet" : ""}` : "Not published yet"}</p>
        <div className="row">
          {/* With changes not saved yet, the document's link handler saves them before the preview opens. */}
          <Link className="button button-secondary button-small" href={`/teach/lessons/${lessonId}/preview`}>
            Preview as a student
          </Link>
          <button type="button" className="button button-small" onClick={() => void publish()} disabled={publishState.kind === "working"}>
            {publishState.kind === "working" ? "Publishing…" : version ? "Publish changes" : "Publish"}
          </button>
        </div>
      </div>
      {publishState.kind === "done" && (
        <p className="notice notice-success" role="status">
          {publishState.message} <Link href={`/teach/lessons/${lessonId}`}>Back to the lesson</Link>
        </p>
      )}
      {publishState.kind === "error" && (
        <p className="notice notice-error" role="alert">
          {publishState.message}
        </p>
      )}

      <ProblemList problems={problems} upToDate={Boolean(version) && !unpublished} />

      <section className="card" aria-labelledby="about-heading">
        <h2 id="about-heading">About the text</h2>
        <div className="stack">
          <TextField path="title" label="Title" value={draft.title} maxLength={300} onChange={(title) => set({ title })} />
          <TextField path="subtitle" label="Subtitle (optional)" value={draft.subtitle} maxLength={500} onChange={(subtitle) => set({ subtitle })} />
          <div className="two-fields">
            <TextField path="author" label="Author (optional)" hint="Leave empty for an unsigned text." value={draft.author} maxLength={200} onChange={(author) => set({ author })} />
            <TextField path="source.publication" label="Publication (optional)" value={draft.source.publication} maxLength={200} onChange={(publication) => set({ source: { ...draft.source, publication } })} />
          </div>
          <div className="two-fields">
            <NumberField path="source.year" label="Year (optional)" value={draft.source.year} min={1000} max={3000} step="1" onChange={(year) => set({ source: { ...draft.source, year } })} />
            <TextField path="source.url" label="Source URL (optional)" placeholder="https://…" value={draft.source.url} maxLength={2000} onChange={(url) => set({ source: { ...draft.source, url } })} />
          </div>
          <TextField
            path="attribution"
            label="Attribution"
            hint="What is quoted from whom, and what is your own — shown to students under the title."
            value={draft.attribution}
            multiline={2}
            maxLength={1000}
            onChange={(attribution) => set({ attribution })}
          />
          <TextField path="summary" label="Summary for instructors (optional)" value={draft.summary} multiline={2} maxLength={1000} onChange={(summary) => set({ summary })} />
        </div>
      </section>

      {draft.excerpts.map((x, i) => (
        <ExcerptEditor key={keyOf(x.id)} lessonId={lessonId} draft={draft} index={i} update={update} />
      ))}

      <DebatesEditor draft={draft} update={update} />
      </KeyContext.Provider>
    </ProblemsContext.Provider>
  );
}

function SaveStatus({ save }: { save: Save }) {
  const text = (() => {
    switch (save.kind) {
      case "saved":
        return `All changes saved${save.at ? ` at ${new Date(save.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}` : ""}.`;
      case "unsaved":
        return "Changes not saved yet…";
      case "saving":
        return "Saving…";
      case "retrying":
      case "stopped":
        return save.message;
    }
  })();
  return (
    <p className={save.kind === "stopped" ? "save-status notice notice-error" : "save-status"} role="status" aria-live="polite">
      {text}
      {save.kind === "stopped" && (
        <>
          {" "}
          <button type="button" className="button button-small" onClick={() => window.location.reload()}>
            Reload
          </button>
        </>
      )}
    </p>
  );
}

function ProblemList({ problems, upToDate }: { problems: Problem[]; upToDate: boolean }) {
  return (
    <section id="problems" tabIndex={-1} className={problems.length ? "card problems-card" : "card problems-card problems-none"} aria-labelledby="problems-heading">
      <h2 id="problems-heading">{problems.length === 0 ? "Ready to publish" : problems.length === 1 ? "1 problem to fix before publishing" : `${problems.length} problems to fix before publishing`}</h2>
      {problems.length === 0 ? (
        <p className="muted small">{upToDate ? "The lesson checks out, and the published version is this draft." : "The lesson checks out. Preview it, then publish."}</p>
      ) : (
        <ul className="problem-list">
          {problems.map((p, i) => (
            <li key={`${p.path}-${i}`}>
              <a href={`#${fieldId(p.path)}`}>{p.message}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
