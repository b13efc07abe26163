import type { Lesson } from "@/lib/content/schema";

/** The lesson's text as a debate page needs it: numbered paragraphs of sentences (what posts cite). */
export function excerptTexts(lesson: Lesson) {
  return lesson.excerpts.map((x, i) => ({ id: x.id, number: i + 1, sentences: x.sentences.map(({ id, text }) => ({ id, text })) }));
}
