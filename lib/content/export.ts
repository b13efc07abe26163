import { Document, Scalar, YAMLMap, YAMLSeq, type ScalarTag, type Tags } from "yaml";
import type { DebatePrompt, Excerpt, Lesson, Question } from "./schema";

/*
 * A lesson → the text of a content/lessons/<id>.yaml file that reads like a hand-written one (see
 * content/lessons/north-korea-legacy.yaml): keys in the order content/README.md documents them, sentences
 * single-quoted, prompts and choices double-quoted, prose as folded blocks, defaults and absent optional
 * fields left out. Every scalar is written by the `yaml` package, which falls back to a safe quoting
 * whenever the preferred style would change the value (a `: `, a ` #`, "true", "123", a leading quote…).
 */

export function lessonFileName(lesson: Pick<Lesson, "id">): string {
  return `${lesson.id}.yaml`;
}

const HEADER = [
  " Format: see content/README.md (schema: lib/content/schema.ts).",
  " Sentence texts are quoted verbatim from the source: keep curly quotes and dashes as they are.",
  " Sentence ids are cited by stored answers and debate posts: never renumber them; add new ids instead.",
].join("\n");

/** Folded prose is wrapped at this width, as in the hand-written lessons; quoted text is never wrapped. */
const LINE_WIDTH = 110;

export function lessonToYaml(lesson: Lesson): string {
  // compat: values that YAML 1.1 tools read as booleans or numbers (yes, on, 0x1F…) get quoted too.
  const doc = new Document(null, { customTags: keepFlowScalarsOnOneLine, compat: "yaml-1.1" });
  doc.commentBefore = HEADER;
  doc.contents = lessonNode(lesson);
  return doc.toString({ lineWidth: LINE_WIDTH, indentSeq: true, flowCollectionPadding: false });
}

// ------------------------------------------------------------------------------------------- styles

/** plain for ids and labels, single quotes for sentences and titles, double for prompts, folded prose. */
type Style = "plain" | "single" | "double" | "prose";

const SCALAR_TYPES: Record<Style, Scalar.Type> = {
  plain: Scalar.PLAIN,
  single: Scalar.QUOTE_SINGLE,
  double: Scalar.QUOTE_DOUBLE,
  prose: Scalar.BLOCK_FOLDED,
};

function text(value: string, style: Style): Scalar {
  const node = new Scalar(value);
  // An empty explanation (an import still to be written) cannot be a folded block.
  node.type = SCALAR_TYPES[style === "prose" && !value ? "double" : style];
  return node;
}

/**
 * The `yaml` package wraps every kind of scalar at `lineWidth`. Hand-written lessons keep a sentence or a
 * prompt on one line (easier to find and to diff) and wrap only folded prose, so the string tag is given
 * an unlimited width for everything but block scalars.
 */
function keepFlowScalarsOnOneLine(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== "object" || tag.tag !== "tag:yaml.org,2002:str" || !tag.stringify) return tag;
    const stringify = tag.stringify;
    const unwrapped: ScalarTag = {
      ...(tag as ScalarTag),
      stringify(item, ctx, onComment, onChompKeep) {
        const block = item.type === Scalar.BLOCK_FOLDED || item.type === Scalar.BLOCK_LITERAL;
        return stringify(item, block ? ctx : { ...ctx, options: { ...ctx.options, lineWidth: 0 } }, onComment, onChompKeep);
      },
    };
    return unwrapped;
  });
}

/** A mapping in the given key order; `undefined` values (absent optional fields, defaults) are left out. */
function map(entries: [string, unknown][], spacedKeys: string[] = []): YAMLMap {
  const node = new YAMLMap();
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    const keyNode = new Scalar(key);
    if (spacedKeys.includes(key)) keyNode.spaceBefore = true;
    node.add({ key: keyNode, value: value instanceof YAMLMap || value instanceof YAMLSeq || value instanceof Scalar ? value : new Scalar(value) });
  }
  return node;
}

/** A block list, with a blank line between items when `spaced` (questions, excerpts, debates). */
function list<T>(items: T[], toNode: (item: T, i: number) => YAMLMap, spaced = false): YAMLSeq {
  const node = new YAMLSeq();
  items.forEach((item, i) => {
    const child = toNode(item, i);
    if (spaced && i > 0) child.spaceBefore = true;
    node.items.push(child);
  });
  return node;
}

/** A list of ids on one line: `key: [hanoi-3, hanoi-4]`. */
function idList(ids: string[]): YAMLSeq {
  const node = new YAMLSeq();
  node.flow = true;
  for (const id of ids) node.items.push(text(id, "plain"));
  return node;
}

const optional = <T>(value: T | undefined, toNode: (value: T) => unknown) => (value === undefined ? undefined : toNode(value));

// -------------------------------------------------------------------------------------------- lesson

function lessonNode(lesson: Lesson): YAMLMap {
  const { publication, year, url } = lesson.source;
  const source = map([
    ["publication", optional(publication, (v) => text(v, "plain"))],
    ["year", year],
    ["url", optional(url, (v) => text(v, "plain"))],
  ]);
  return map(
    [
      ["id", text(lesson.id, "plain")],
      ["title", text(lesson.title, "single")],
      ["subtitle", optional(lesson.subtitle, (v) => text(v, "single"))],
      ["author", optional(lesson.author, (v) => text(v, "plain"))],
      ["authorBio", optional(lesson.authorBio, (v) => text(v, "single"))],
      ["source", source.items.length ? source : undefined],
      ["attribution", text(lesson.attribution, "prose")],
      ["summary", optional(lesson.summary, (v) => text(v, "prose"))],
      ["excerpts", list(lesson.excerpts, excerptNode, true)],
      ["debates", lesson.debates.length ? list(lesson.debates, debateNode, true) : undefined],
    ],
    ["excerpts", "debates"],
  );
}

function excerptNode(excerpt: Excerpt, i: number): YAMLMap {
  const node = map([
    ["id", text(excerpt.id, "plain")],
    ["heading", optional(excerpt.heading, (v) => text(v, "plain"))],
    ["sentences", list(excerpt.sentences, (s) => map([["id", text(s.id, "plain")], ["text", text(s.text, "single")]]))],
    ["questions", excerpt.questions.length ? list(excerpt.questions, questionNode, true) : undefined],
  ]);
  node.commentBefore = ` ${"-".repeat(64)} paragraph ${i + 1}`;
  return node;
}

/** Keys as the README's examples write them: what the question is first, its explanation last. */
function questionNode(question: Question): YAMLMap {
  const head: [string, unknown][] = [
    ["id", text(question.id, "plain")],
    ["type", text(question.type, "plain")],
    ["prompt", text(question.prompt, "double")],
    ["points", question.points],
  ];
  return map([...head, ...typeFields(question), ["explanation", text(question.explanation, "prose")]]);
}

function typeFields(question: Question): [string, unknown][] {
  switch (question.type) {
    case "single":
    case "multiple":
      return [
        [
          "choices",
          list(question.choices, (c) =>
            map([
              ["id", text(c.id, "plain")],
              ["text", text(c.text, "double")],
              ["correct", c.correct ? true : undefined],
            ]),
          ),
        ],
      ];
    case "truefalse":
      return [["answer", question.answer]];
    case "short":
      return [
        ["sampleAnswer", text(question.sampleAnswer, "prose")],
        ["rubric", list(question.rubric, (r) => map([["points", r.points], ["description", text(r.description, "double")]]))],
      ];
    case "evidence":
      return [
        ["claim", text(question.claim, "double")],
        ["key", idList(question.key)],
      ];
  }
}

const DEFAULT_DEBATE_POINTS = 4;

function debateNode(debate: DebatePrompt): YAMLMap {
  return map([
    ["id", text(debate.id, "plain")],
    ["motion", text(debate.motion, "double")],
    [
      "sides",
      map([
        ["for", text(debate.sides.for, "plain")],
        ["against", text(debate.sides.against, "plain")],
      ]),
    ],
    ["background", text(debate.background, "prose")],
    ["suggestedExcerpts", debate.suggestedExcerpts.length ? idList(debate.suggestedExcerpts) : undefined],
    ["points", debate.points === DEFAULT_DEBATE_POINTS ? undefined : debate.points],
  ]);
}
