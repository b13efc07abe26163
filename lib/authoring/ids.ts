import type { DraftLesson } from "./draft";

/*
 * Ids in a lesson written in the browser are made by the server and are permanent: evidence answers,
 * debate citations and statistics store them. The rules:
 *   - an id the lesson has already used for the same kind of thing keeps meaning that thing: editing a
 *     sentence's text keeps its id;
 *   - anything else the editor sends (a temporary id of a new sentence, question or choice, an id of another
 *     kind, a second use of an id) gets a new one, so a split keeps the id on its first part and mints
 *     one for the second, and a merge (which drops the second sentence) keeps the first id;
 *   - new ids are never one the lesson has used before, even if that thing was deleted since.
 * The ledger records every id ever used, with its kind, and is stored beside the draft.
 */

export type IdKind = "excerpt" | "sentence" | "question" | "choice" | "debate";
export type IdLedger = { next: number; kinds: Record<string, IdKind> };

const PREFIX: Record<IdKind, string> = { excerpt: "p", sentence: "s", question: "q", choice: "c", debate: "d" };

/** The prefix of ids the editor makes up for new things until the server has minted real ones. */
export const TEMP_PREFIX = "new-";

export function emptyLedger(): IdLedger {
  return { next: 1, kinds: {} };
}

/** A ledger for a lesson that arrives whole (a duplicate, an imported file): its ids are all kept. */
export function ledgerOf(draft: DraftLesson): IdLedger {
  const ledger = emptyLedger();
  const note = (id: string, kind: IdKind) => {
    if (!id.startsWith(TEMP_PREFIX) && !(id in ledger.kinds)) ledger.kinds[id] = kind;
  };
  for (const x of draft.excerpts) {
    note(x.id, "excerpt");
    for (const s of x.sentences) note(s.id, "sentence");
    for (const q of x.questions) {
      note(q.id, "question");
      if (q.type === "single" || q.type === "multiple") for (const c of q.choices) note(c.id, "choice");
    }
  }
  for (const d of draft.debates) note(d.id, "debate");
  return ledger;
}

export type Assigned = {
  draft: DraftLesson;
  ledger: IdLedger;
  /** The editor's temporary ids and the ids minted for them: applied to the editor's own copy. */
  renamed: Record<string, string>;
  /** Some id other than a temporary one had to change (a request the editor would not make): take `draft` whole. */
  rewritten: boolean;
};

/** Gives every part of `draft` its permanent id by the rules above; `ledger` is not changed (a new one is returned). */
export function assignIds(draft: DraftLesson, previous: IdLedger): Assigned {
  const ledger: IdLedger = { next: previous.next, kinds: { ...previous.kinds } };
  const renamed: Record<string, string> = {};
  let rewritten = false;

  const mint = (kind: IdKind): string => {
    let id: string;
    do id = `${PREFIX[kind]}${ledger.next++}`;
    while (id in ledger.kinds);
    ledger.kinds[id] = kind;
    return id;
  };
  /** Keeps `id` if the ledger knows it as this kind and `used` does not have it yet; mints one otherwise. */
  const settle = (id: string, kind: IdKind, used: Set<string>): string => {
    const kept = ledger.kinds[id] === kind && !used.has(id) ? id : mint(kind);
    used.add(kept);
    if (kept !== id) {
      if (id.startsWith(TEMP_PREFIX) && !(id in renamed)) renamed[id] = kept;
      else rewritten = true;
    }
    return kept;
  };

  const used = new Set<string>();
  const sentenceIds = new Map<string, string>();
  const excerptIds = new Map<string, string>();
  const excerpts = draft.excerpts.map((x) => {
    const id = settle(x.id, "excerpt", used);
    if (!excerptIds.has(x.id)) excerptIds.set(x.id, id);
    const sentences = x.sentences.map((s) => {
      const sid = settle(s.id, "sentence", used);
      if (!sentenceIds.has(s.id)) sentenceIds.set(s.id, sid);
      return { ...s, id: sid };
    });
    return { ...x, id, sentences };
  });

  const result: DraftLesson = {
    ...draft,
    excerpts: excerpts.map((x, i) => {
      const own = new Set(x.sentences.map((s) => s.id));
      return {
        ...x,
        questions: draft.excerpts[i]!.questions.map((q) => {
          const qid = settle(q.id, "question", used);
          if (q.type === "single" || q.type === "multiple") {
            const inQuestion = new Set<string>();
            return { ...q, id: qid, choices: q.choices.map((c) => ({ ...c, id: settle(c.id, "choice", inQuestion) })) };
          }
          if (q.type === "evidence") return { ...q, id: qid, key: remap(q.key, sentenceIds, own) };
          return { ...q, id: qid };
        }),
      };
    }),
    debates: draft.debates.map((d) => ({
      ...d,
      id: settle(d.id, "debate", used),
      suggestedExcerpts: remap(d.suggestedExcerpts, excerptIds, new Set(excerpts.map((x) => x.id))),
    })),
  };
  return { draft: result, ledger, renamed, rewritten };
}

/** References (key sentences, suggested excerpts) follow renames; ones to nothing that exists are dropped. */
function remap(ids: string[], renames: Map<string, string>, existing: Set<string>): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const now = renames.get(id) ?? id;
    if (existing.has(now) && !out.includes(now)) out.push(now);
  }
  return out;
}

/** Applies the server's renames to the editor's copy, which may have changed since it was sent. */
export function applyRenames(draft: DraftLesson, renamed: Record<string, string>): DraftLesson {
  if (Object.keys(renamed).length === 0) return draft;
  const r = (id: string) => renamed[id] ?? id;
  return {
    ...draft,
    excerpts: draft.excerpts.map((x) => ({
      ...x,
      id: r(x.id),
      sentences: x.sentences.map((s) => ({ ...s, id: r(s.id) })),
      questions: x.questions.map((q) => {
        const base = { ...q, id: r(q.id) };
        if (base.type === "single" || base.type === "multiple") return { ...base, choices: base.choices.map((c) => ({ ...c, id: r(c.id) })) };
        if (base.type === "evidence") return { ...base, key: base.key.map(r) };
        return base;
      }),
    })),
    debates: draft.debates.map((d) => ({ ...d, id: r(d.id), suggestedExcerpts: d.suggestedExcerpts.map(r) })),
  };
}
