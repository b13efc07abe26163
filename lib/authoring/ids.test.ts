import { describe, expect, it } from "vitest";
import { blankQuestion, type DraftLesson } from "./draft";
import { applyRenames, assignIds, emptyLedger, ledgerOf, type IdLedger } from "./ids";
import { dropExcerpt, editSentence, mergeExcerptWithNext, mergeSentenceWithNext, splitExcerptAt, splitSentence, wordBoundary } from "./ops";

let n = 0;
const temp = () => `new-t${++n}`;

function draftOf(paragraphs: string[][]): DraftLesson {
  return {
    id: "test",
    title: "T",
    subtitle: "",
    author: "",
    authorBio: "",
    source: { publication: "", year: null, url: "" },
    attribution: "A",
    summary: "",
    excerpts: paragraphs.map((sentences) => ({ id: temp(), heading: "", sentences: sentences.map((text) => ({ id: temp(), text })), questions: [] })),
    debates: [],
  };
}

/** A first save: every temporary id minted. */
function saved(paragraphs: string[][]): { draft: DraftLesson; ledger: IdLedger } {
  const { draft, ledger } = assignIds(draftOf(paragraphs), { ledger: emptyLedger() });
  return { draft, ledger };
}

const ids = (d: DraftLesson) => d.excerpts.map((x) => x.sentences.map((s) => s.id));

describe("sentence ids", () => {
  it("are minted by the server for every temporary id, unique across kinds", () => {
    const { draft } = saved([["One.", "Two."], ["Three."]]);
    expect(ids(draft)).toEqual([
      ["s2", "s3"],
      ["s5"],
    ]);
    expect(draft.excerpts.map((x) => x.id)).toEqual(["p1", "p4"]);
  });

  it("editing a sentence's text keeps its id", () => {
    const first = saved([["One.", "Two."]]);
    const edited = editSentence(first.draft, "p1", "s3", "Two, fixed.");
    const again = assignIds(edited, first);
    expect(again.draft.excerpts[0]!.sentences[1]).toEqual({ id: "s3", text: "Two, fixed." });
    expect(again.renamed).toEqual({});
    expect(again.rewritten).toBe(false);
  });

  it("a split keeps the id on the first part and mints a new one for the second", () => {
    const first = saved([["The U.S. and the U.N. agreed. Then it rained."]]);
    const split = splitSentence(first.draft, "p1", "s2", "The U.S. and the U.N. agreed. T".length, temp);
    expect(split.excerpts[0]!.sentences.map((s) => s.text)).toEqual(["The U.S. and the U.N. agreed.", "Then it rained."]);
    const again = assignIds(split, first);
    expect(ids(again.draft)).toEqual([["s2", "s3"]]);
    const tempOfSecond = split.excerpts[0]!.sentences[1]!.id;
    expect(again.renamed).toEqual({ [tempOfSecond]: "s3" });
    expect(applyRenames(split, again.renamed)).toEqual(again.draft);
  });

  it("a merge keeps the first id, and a key sentence merged away points to the merged sentence", () => {
    const first = saved([["One.", "Two.", "Three."]]);
    const withQuestion: DraftLesson = {
      ...first.draft,
      excerpts: first.draft.excerpts.map((x) => ({ ...x, questions: [{ ...blankQuestion("evidence", temp), key: ["s3", "s4"] } as never] })),
    };
    const merged = mergeSentenceWithNext(withQuestion, "p1", "s2");
    const again = assignIds(merged, first);
    expect(again.draft.excerpts[0]!.sentences).toEqual([
      { id: "s2", text: "One. Two." },
      { id: "s4", text: "Three." },
    ]);
    const q = again.draft.excerpts[0]!.questions[0]!;
    expect(q.type === "evidence" && q.key).toEqual(["s2", "s4"]);
  });

  it("are never reused, even after the sentence that had one was deleted", () => {
    const first = saved([["One.", "Two."]]);
    const merged = assignIds(mergeSentenceWithNext(first.draft, "p1", "s2"), first);
    expect(ids(merged.draft)).toEqual([["s2"]]);
    const split = splitSentence(merged.draft, "p1", "s2", 5, temp);
    const again = assignIds(split, merged);
    expect(ids(again.draft)).toEqual([["s2", "s4"]]);
    expect(again.draft.excerpts[0]!.sentences[1]!.id).not.toBe("s3");
    // Sending the deleted id again does not bring it back: it is not in the stored draft.
    const revived = assignIds({ ...merged.draft, excerpts: [{ ...merged.draft.excerpts[0]!, sentences: [...merged.draft.excerpts[0]!.sentences, { id: "s3", text: "Back?" }] }] }, merged);
    expect(ids(revived.draft)[0]![1]).not.toBe("s3");
  });

  it("an id the editor makes up, one of another kind, or a second use of an id is replaced", () => {
    const first = saved([["One.", "Two."]]);
    const forged: DraftLesson = {
      ...first.draft,
      excerpts: [
        {
          ...first.draft.excerpts[0]!,
          sentences: [
            { id: "s2", text: "One." },
            { id: "s2", text: "Copy." },
            { id: "p1", text: "Excerpt id as a sentence." },
            { id: "hanoi-3", text: "Invented." },
          ],
        },
      ],
    };
    const again = assignIds(forged, first);
    const out = ids(again.draft)[0]!;
    expect(out[0]).toBe("s2");
    expect(new Set(out).size).toBe(4);
    expect(out.slice(1).every((id) => /^s\d+$/.test(id) && id !== "s3")).toBe(true);
    expect(again.rewritten).toBe(true);
  });

  it("a duplicated or imported lesson keeps its own ids, and new ones avoid them", () => {
    const imported = draftOf([["One."]]);
    imported.excerpts[0] = { id: "hanoi", heading: "Hanoi", sentences: [{ id: "s1", text: "One." }], questions: [] };
    const ledger = ledgerOf(imported);
    const split = splitSentence(editSentence(imported, "hanoi", "s1", "One. Two."), "hanoi", "s1", 5, temp);
    const again = assignIds(split, { draft: imported, ledger });
    expect(ids(again.draft)).toEqual([["s1", "s2"]]);
    expect(again.draft.excerpts[0]!.id).toBe("hanoi");
  });
});

describe("choice and reference ids", () => {
  it("an imported lesson's ids that look like temporary ones are its own and kept", () => {
    const imported = draftOf([["One."]]);
    imported.excerpts[0] = { id: "new-york", heading: "", sentences: [{ id: "new-york-1", text: "One." }], questions: [] };
    const again = assignIds(imported, { draft: imported, ledger: ledgerOf(imported) });
    expect(ids(again.draft)).toEqual([["new-york-1"]]);
  });

  it("choice ids are kept within their question and new choices are minted", () => {
    const first = saved([["One."]]);
    const q = blankQuestion("single", temp);
    const withQ = { ...first.draft, excerpts: [{ ...first.draft.excerpts[0]!, questions: [q] }] };
    const one = assignIds(withQ, first);
    const choices = (d: DraftLesson) => {
      const question = d.excerpts[0]!.questions[0]!;
      return question.type === "single" ? question.choices.map((c) => c.id) : [];
    };
    expect(choices(one.draft)).toEqual(["c4", "c5", "c6"]);
    const two = assignIds(one.draft, one);
    expect(choices(two.draft)).toEqual(["c4", "c5", "c6"]);
  });

  it("excerpt split, merge and drop keep suggested excerpts pointing at excerpts that exist", () => {
    const first = saved([["A.", "B."], ["C."]]);
    const withDebate: DraftLesson = {
      ...first.draft,
      debates: [{ id: temp(), motion: "M", sides: { for: "F", against: "A" }, background: "B", suggestedExcerpts: ["p1", "p4"], points: 4 }],
    };
    const split = assignIds(splitExcerptAt(withDebate, "p1", "s3", temp), first);
    expect(split.draft.excerpts.map((x) => x.sentences.map((s) => s.text))).toEqual([["A."], ["B."], ["C."]]);
    expect(split.draft.excerpts.map((x) => x.id).slice(0, 1)).toEqual(["p1"]);
    const merged = mergeExcerptWithNext(split.draft, split.draft.excerpts[1]!.id);
    expect(merged.excerpts.map((x) => x.id)).toEqual([split.draft.excerpts[0]!.id, split.draft.excerpts[1]!.id]);
    expect(merged.debates[0]!.suggestedExcerpts).toEqual(["p1", split.draft.excerpts[1]!.id]);
    const dropped = dropExcerpt(merged, "p1");
    expect(dropped.debates[0]!.suggestedExcerpts).toEqual([split.draft.excerpts[1]!.id]);
  });
});

describe("key references", () => {
  it("to a sentence moved to another excerpt are kept for validation to show, never dropped", () => {
    const first = saved([["A.", "B."]]);
    const withKey: DraftLesson = {
      ...first.draft,
      excerpts: first.draft.excerpts.map((x) => ({ ...x, questions: [{ ...blankQuestion("evidence", temp), key: ["s3"] } as never] })),
    };
    const split = assignIds(splitExcerptAt(withKey, "p1", "s3", temp), first);
    const q = split.draft.excerpts[0]!.questions[0]!;
    expect(q.type === "evidence" && q.key).toEqual(["s3"]);
    expect(split.draft.excerpts[1]!.sentences.map((s) => s.id)).toEqual(["s3"]);
  });
});

describe("wordBoundary", () => {
  it("moves a split inside a word to the start of that word", () => {
    expect(wordBoundary("Hello brave world", 8)).toBe(6);
    expect(wordBoundary("Hello brave world", 6)).toBe(6);
    expect(wordBoundary("Hello brave world", 2)).toBe(5);
  });
});
