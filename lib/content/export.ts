import { Document, isPair, isScalar, isSeq, visit, type Scalar } from "yaml";
import type { DebatePrompt, Lesson, Question } from "./schema";

/*
 * A lesson as a file in the content/ format, reading like one written by hand (content/lessons/*.yaml):
 * keys in the schema's order, sentences single-quoted, long prose as folded blocks, id lists inline,
 * defaults and absent optional fields left out. The yaml library does the quoting, so a value with an
 * apostrophe, ": ", " #", a leading quote or dash, or one that looks like a number or boolean stays text.
 */

/** Text fields written as folded blocks (`>-`) once they are long. */
const PROSE = new Set(["explanation", "sampleAnswer", "background", "attribution", "summary", "authorBio"]);
const INLINE_LISTS = new Set(["key", "suggestedExcerpts"]);
const FOLD_FROM = 80;

export function lessonFileName(lesson: Pick<Lesson, "id">): string {
  return `${lesson.id}.yaml`;
}

export function lessonToYaml(lesson: Lesson): string {
  const doc = new Document(plain(lesson));
  doc.commentBefore = [
    ` ${lesson.title}`,
    " Format: content/README.md (schema: lib/content/schema.ts). Exported from Colloquy.",
    " Sentence, question and choice ids are cited by stored answers: never renumber them; add new ids instead.",
  ].join("\n");
  visit(doc, {
    Pair(_key, pair, path) {
      if (!isScalar(pair.key)) return;
      const name = String(pair.key.value);
      const value = pair.value;
      if (isSeq(value) && INLINE_LISTS.has(name)) value.flow = true;
      if (!isScalar(value) || typeof value.value !== "string") return;
      if (name === "text" && inList(path, "sentences")) (value as Scalar).type = "QUOTE_SINGLE";
      else if (PROSE.has(name) && value.value.length > FOLD_FROM) (value as Scalar).type = "BLOCK_FOLDED";
    },
  });
  return doc.toString({ lineWidth: 110, minContentWidth: 40, blockQuote: "folded" });
}

/** Whether the nearest enclosing key is `name` (a sentence's text is under `sentences`, a choice's under `choices`). */
function inList(path: readonly unknown[], name: string): boolean {
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i];
    if (isPair(node) && isScalar(node.key)) return node.key.value === name;
  }
  return false;
}

/** The lesson with its keys in the schema's order and defaults left out. */
function plain(lesson: Lesson): Record<string, unknown> {
  const source = compact({ publication: lesson.source.publication, year: lesson.source.year, url: lesson.source.url });
  return compact({
    id: lesson.id,
    title: lesson.title,
    subtitle: lesson.subtitle,
    author: lesson.author,
    authorBio: lesson.authorBio,
    source: Object.keys(source).length ? source : undefined,
    attribution: lesson.attribution,
    summary: lesson.summary,
    excerpts: lesson.excerpts.map((x) =>
      compact({
        id: x.id,
        heading: x.heading,
        sentences: x.sentences.map((s) => ({ id: s.id, text: s.text })),
        questions: x.questions.length ? x.questions.map(question) : undefined,
      }),
    ),
    debates: lesson.debates.length ? lesson.debates.map(debate) : undefined,
  });
}

function question(q: Question): Record<string, unknown> {
  const base = { id: q.id, type: q.type, prompt: q.prompt, points: q.points };
  switch (q.type) {
    case "single":
    case "multiple":
      return { ...base, choices: q.choices.map((c) => (c.correct ? { id: c.id, text: c.text, correct: true } : { id: c.id, text: c.text })), explanation: q.explanation };
    case "truefalse":
      return { ...base, answer: q.answer, explanation: q.explanation };
    case "short":
      return { ...base, sampleAnswer: q.sampleAnswer, rubric: q.rubric.map((r) => ({ points: r.points, description: r.description })), explanation: q.explanation };
    case "evidence":
      return { ...base, claim: q.claim, key: [...q.key], explanation: q.explanation };
  }
}

function debate(d: DebatePrompt): Record<string, unknown> {
  return compact({
    id: d.id,
    motion: d.motion,
    sides: { for: d.sides.for, against: d.sides.against },
    background: d.background,
    suggestedExcerpts: d.suggestedExcerpts.length ? [...d.suggestedExcerpts] : undefined,
    points: d.points === 4 ? undefined : d.points,
  });
}

function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
