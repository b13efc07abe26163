import type { DraftExcerpt, DraftLesson } from "./draft";
import { TEMP_PREFIX } from "./ids";

/*
 * The editor's changes to a draft's text, as pure functions (the editor and the tests run the same code).
 * New parts get temporary ids; the server replaces them on save (lib/authoring/ids.ts), so the first part of
 * a split keeps its id and a merge keeps the first one.
 */

export type TempId = () => string;

let counter = 0;
/** Temporary ids unique in this browser tab. */
export const tempId: TempId = () => `${TEMP_PREFIX}${Date.now().toString(36)}-${(++counter).toString(36)}`;

function mapExcerpt(draft: DraftLesson, excerptId: string, change: (x: DraftExcerpt) => DraftExcerpt): DraftLesson {
  return { ...draft, excerpts: draft.excerpts.map((x) => (x.id === excerptId ? change(x) : x)) };
}

/** Where a split at `offset` really falls: the start of the word the offset is in (or the next word). */
export function wordBoundary(text: string, offset: number): number {
  let at = Math.max(0, Math.min(offset, text.length));
  while (at > 0 && !/\s/.test(text[at - 1]!)) at--;
  if (at === 0) {
    at = Math.max(0, Math.min(offset, text.length));
    while (at < text.length && !/\s/.test(text[at]!)) at++;
  }
  return at;
}

/** Splits a sentence before the word at `offset`; no-op if either part would be empty. */
export function splitSentence(draft: DraftLesson, excerptId: string, sentenceId: string, offset: number, newId: TempId = tempId): DraftLesson {
  return mapExcerpt(draft, excerptId, (x) => {
    const i = x.sentences.findIndex((s) => s.id === sentenceId);
    const sentence = x.sentences[i];
    if (!sentence) return x;
    const at = wordBoundary(sentence.text, offset);
    const first = sentence.text.slice(0, at).trim();
    const second = sentence.text.slice(at).trim();
    if (!first || !second) return x;
    const sentences = [...x.sentences];
    sentences.splice(i, 1, { id: sentence.id, text: first }, { id: newId(), text: second });
    return { ...x, sentences };
  });
}

/** Joins a sentence with the next one; the first id stays, and key sentences that pointed to the second point to it. */
export function mergeSentenceWithNext(draft: DraftLesson, excerptId: string, sentenceId: string): DraftLesson {
  return mapExcerpt(draft, excerptId, (x) => {
    const i = x.sentences.findIndex((s) => s.id === sentenceId);
    const first = x.sentences[i];
    const second = x.sentences[i + 1];
    if (!first || !second) return x;
    const sentences = [...x.sentences];
    sentences.splice(i, 2, { id: first.id, text: `${first.text.trimEnd()} ${second.text.trimStart()}`.trim() });
    const questions = x.questions.map((q) => (q.type === "evidence" ? { ...q, key: dedupe(q.key.map((k) => (k === second.id ? first.id : k))) } : q));
    return { ...x, sentences, questions };
  });
}

export function editSentence(draft: DraftLesson, excerptId: string, sentenceId: string, text: string): DraftLesson {
  return mapExcerpt(draft, excerptId, (x) => ({ ...x, sentences: x.sentences.map((s) => (s.id === sentenceId ? { ...s, text } : s)) }));
}

/**
 * Starts a new excerpt at a sentence: it and the sentences after it move to a new excerpt placed after this
 * one (without a heading; questions stay where they were, and key sentences that moved are flagged by validation).
 */
export function splitExcerptAt(draft: DraftLesson, excerptId: string, sentenceId: string, newId: TempId = tempId): DraftLesson {
  const i = draft.excerpts.findIndex((x) => x.id === excerptId);
  const excerpt = draft.excerpts[i];
  const at = excerpt?.sentences.findIndex((s) => s.id === sentenceId) ?? -1;
  if (!excerpt || at <= 0) return draft;
  const excerpts = [...draft.excerpts];
  excerpts.splice(
    i,
    1,
    { ...excerpt, sentences: excerpt.sentences.slice(0, at) },
    { id: newId(), heading: "", sentences: excerpt.sentences.slice(at), questions: [] },
  );
  return { ...draft, excerpts };
}

/** Joins an excerpt with the next: sentences and questions follow on, the first id and heading stay. */
export function mergeExcerptWithNext(draft: DraftLesson, excerptId: string): DraftLesson {
  const i = draft.excerpts.findIndex((x) => x.id === excerptId);
  const first = draft.excerpts[i];
  const second = draft.excerpts[i + 1];
  if (!first || !second) return draft;
  const excerpts = [...draft.excerpts];
  excerpts.splice(i, 2, {
    ...first,
    heading: first.heading || second.heading,
    sentences: [...first.sentences, ...second.sentences],
    questions: [...first.questions, ...second.questions],
  });
  const debates = draft.debates.map((d) => ({ ...d, suggestedExcerpts: dedupe(d.suggestedExcerpts.map((id) => (id === second.id ? first.id : id))) }));
  return { ...draft, excerpts, debates };
}

/** Removes an excerpt with its questions; debate prompts stop suggesting it. */
export function dropExcerpt(draft: DraftLesson, excerptId: string): DraftLesson {
  return {
    ...draft,
    excerpts: draft.excerpts.filter((x) => x.id !== excerptId),
    debates: draft.debates.map((d) => ({ ...d, suggestedExcerpts: d.suggestedExcerpts.filter((id) => id !== excerptId) })),
  };
}

/** Moves an item of a list one place up (-1) or down (+1); a move past either end changes nothing. */
export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

function dedupe(ids: string[]): string[] {
  return [...new Set(ids)];
}
