import { excerptName } from "@/lib/content/display";
import type { Lesson } from "@/lib/content/schema";

/** The lesson's text as a debate page needs it: named excerpts of sentences (what posts cite). */
export function excerptTexts(lesson: Lesson) {
  return lesson.excerpts.map((x, i) => ({ id: x.id, number: i + 1, name: excerptName(i + 1, x.heading), sentences: x.sentences.map(({ id, text }) => ({ id, text })) }));
}
