import type { DraftLesson } from "./draft";
import { TEMP_PREFIX } from "./ids";
import { splitSentences } from "./sentences";

/** A draft from plain paragraphs: one excerpt each, split into sentences; every id is minted when it is stored. */
export function newDraftFromText(paragraphs: string[], title: string): DraftLesson {
  let n = 0;
  const temp = () => `${TEMP_PREFIX}${++n}`;
  return {
    id: "new-lesson",
    title: title.slice(0, 300),
    subtitle: "",
    author: "",
    authorBio: "",
    source: { publication: "", year: null, url: "" },
    attribution: "The text is quoted for classroom study; the questions and debate prompts are the instructor's own.",
    summary: "",
    excerpts: paragraphs.map(withoutControls).map((p) => ({ id: temp(), heading: "", sentences: splitSentences(p).map((text) => ({ id: temp(), text })), questions: [] })),
    debates: [],
  };
}

/** Control characters (a NUL, a stray escape) have no place in a reading text. */
function withoutControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}
