import type { DraftLesson } from "./draft";

/*
 * Ids in a lesson written in the browser are made by the server and are permanent: evidence answers,
 * debate citations and statistics store them. The rules:
 *   - an id of the stored draft keeps meaning the same kind of thing (a choice: in the same question):
 *     editing a sentence's text keeps its id;
 *   - anything else the editor sends (a temporary id of a new sentence, question or choice, an id of another
 *     kind, a second use of an id) gets a new one, so a split keeps the id on its first part and mints
 *     one for the second, and a merge (which drops the second sentence) keeps the first id;
 *   - new ids are never one the lesson has used before, even if that thing was deleted since (and an id of
 *     something deleted cannot be brought back by sending it again: it is not in the stored draft).
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

/** Every id of a draft with its kind; a choice as `question/choice` (choice ids are unique per question). */
function idsOf(draft: DraftLesson): Map<string, IdKind> {
  const ids = new Map<string, IdKind>();
  for (const x of draft.excerpts) {
    ids.set(x.id, "excerpt");
    for (const s of x.sentences) ids.set(s.id, "sentence");
    for (const q of x.questions) {
      ids.set(q.id, "question");
      if (q.type === "single" || q.type === "multiple") for (const c of q.choices) ids.set(`${q.id}/${c.id}`, "choice");
    }
  }
  for (const d of draft.debates) ids.set(d.id, "debate");
  return ids;
}

/** A ledger for a lesson that arrives whole (a duplicate, an imported file): its ids are all kept. */
export function ledgerOf(draft: DraftLesson): IdLedger {
  const ledger = emptyLedger();
  for (const [key, kind] of idsOf(draft)) {
    const id = kind === "choice" ? key.slice(key.indexOf("/") + 1) : key;
    ledger.kinds[id] ??= kind;
  }
  return ledger;
}

/** What a save is judged against: the draft as stored (none for a new lesson) and its ledger. */
export type Stored = { draft?: DraftLesson; ledger: IdLedger };

export type Assigned = {
  draft: DraftLesson;
  ledger: IdLedger;
  /** The editor's temporary ids and the ids minted for them: applied to the editor's own copy. */
  renamed: Record<string, string>;
  /** Some id other than a temporary one had to change (a request the editor would not make): take `draft` whole. */
  rewritten: boolean;
};

/** Gives every part of `draft` its permanent id by the rules above; `stored` is not changed (a new ledger is returned). */
export function assignIds(draft: DraftLesson, stored: Stored): Assigned {
  const previous = stored.ledger;
  const existing = stored.draft ? idsOf(stored.draft) : new Map<string, IdKind>();
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
  /** Keeps `id` if the stored draft has it as this kind (`within`: the question of a choice) and it is not used yet. */
  const settle = (id: string, kind: IdKind, used: Set<string>, within?: string): string => {
    const kept = existing.get(within ? `${within}/${id}` : id) === kind && !used.has(id) ? id : mint(kind);
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
      return {
        ...x,
        questions: draft.excerpts[i]!.questions.map((q) => {
          const qid = settle(q.id, "question", used);
          if (q.type === "single" || q.type === "multiple") {
            const inQuestion = new Set<string>();
            return { ...q, id: qid, choices: q.choices.map((c) => ({ ...c, id: settle(c.id, "choice", inQuestion, qid) })) };
          }
          if (q.type === "evidence") return { ...q, id: qid, key: remap(q.key, sentenceIds) };
          return { ...q, id: qid };
        }),
      };
    }),
    debates: draft.debates.map((d) => ({
      ...d,
      id: settle(d.id, "debate", used),
      suggestedExcerpts: remap(d.suggestedExcerpts, excerptIds),
    })),
  };
  return { draft: result, ledger, renamed, rewritten };
}

/**
 * References (key sentences, suggested excerpts) follow renames. One to nothing in its place (a key sentence
 * moved to another excerpt) is kept, for validation to show the author, never dropped behind their back.
 */
function remap(ids: string[], renames: Map<string, string>): string[] {
  return [...new Set(ids.map((id) => renames.get(id) ?? id))];
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
