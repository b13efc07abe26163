import type { DraftLesson } from "./draft";
import { TEMP_PREFIX } from "./ids";
import { splitSentences } from "./sentences";

/** A draft from plain paragraphs: one excerpt each, split into sentences; every id is minted when it is stored. */
export function newDraftFromText(paragraphs: string[], title: string): DraftLesson {
  let n = 0;
  const temp = () => `${TEMP_PREFIX}${++n}`;
  return {
    id: "new-lesson",
    title,
    subtitle: "",
    author: "",
    authorBio: "",
    source: { publication: "", year: null, url: "" },
    attribution: "The text is quoted for classroom study; the questions and debate prompts are the instructor's own.",
    summary: "",
    excerpts: paragraphs.map((p) => ({ id: temp(), heading: "", sentences: splitSentences(p).map((text) => ({ id: temp(), text })), questions: [] })),
    debates: [],
  };
}
