/*
 * Markup reduced to blocks of plain text, for lesson authoring. Nothing here renders or keeps markup:
 * HTML and Markdown are parsed by maintained parsers (parse5, mdast-util-from-markdown) and only their
 * text is taken, so a tag in the input can never reach a page as a tag.
 */
import { fromMarkdown } from "mdast-util-from-markdown";
import type { Nodes as MarkdownNode } from "mdast";
import { parse, type DefaultTreeAdapterMap } from "parse5";
import { normaliseWhitespace, splitParagraphs } from "./sentences";

/** One paragraph-sized piece of text; `heading` is 1–6 for a heading, absent for body text. */
export type TextBlock = { text: string; heading?: number };
export type BlockDocument = { blocks: TextBlock[]; documentTitle?: string };

type HtmlNode = DefaultTreeAdapterMap["node"];
type HtmlElement = DefaultTreeAdapterMap["element"];

// Elements whose content is not part of the article's text.
const SKIPPED = new Set(
  "head script style template noscript svg math iframe object embed canvas audio video select textarea button".split(" "),
);
// Elements that start and end a block of text; everything else (b, a, span, em …) is inline.
const BLOCKS = new Set(
  (
    "html body address article aside blockquote caption center dd details dialog dir div dl dt fieldset figcaption " +
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol p pre section summary " +
    "table tbody thead tfoot tr td th ul"
  ).split(" "),
);
const HEADING = /^h([1-6])$/;

/*
 * Text blocks of an HTML document: p, h1–h6, li, blockquote, div … start and end a block. Inside one,
 * <br> ends a line and the lines are read like plain text (splitParagraphs): two <br> in a row, or lines
 * of whole-paragraph length, make separate paragraphs; a single <br> in a sentence or a poem does not.
 */
export function htmlBlocks(html: string): BlockDocument {
  const document = parse(html);
  const blocks: TextBlock[] = [];
  let text = "";
  let heading: number | undefined;
  let inPre = false;
  const flush = () => {
    for (const paragraph of splitParagraphs(text)) blocks.push(heading ? { text: paragraph, heading } : { text: paragraph });
    text = "";
  };
  // Iterative, so that deeply nested markup cannot overflow the stack.
  type Step = { enter: HtmlNode } | { leave: HtmlElement; heading: number | undefined; inPre: boolean };
  const stack: Step[] = [{ enter: document }];
  for (let step = stack.pop(); step; step = stack.pop()) {
    if ("leave" in step) {
      flush();
      ({ heading, inPre } = step);
      continue;
    }
    const node = step.enter;
    // Line breaks in the HTML source are spaces, except inside <pre>.
    if (node.nodeName === "#text" && "value" in node) text += inPre ? node.value : node.value.replace(/\s+/g, " ");
    if (!("childNodes" in node) || ("tagName" in node && SKIPPED.has(node.tagName))) continue;
    if ("tagName" in node && node.tagName === "br") text += "\n";
    if ("tagName" in node && BLOCKS.has(node.tagName)) {
      flush();
      stack.push({ leave: node, heading, inPre });
      const level = HEADING.exec(node.tagName)?.[1];
      if (level) heading = Number(level);
      if (node.tagName === "pre") inPre = true;
    }
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push({ enter: node.childNodes[i]! });
  }
  flush();
  const documentTitle = normaliseWhitespace(findText(document, "title"));
  return documentTitle ? { blocks, documentTitle } : { blocks };
}

/** The text of the first element named `tagName` (head included), or "". */
function findText(root: HtmlNode, tagName: string): string {
  const stack: HtmlNode[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if ("tagName" in node && node.tagName === tagName) {
      return node.childNodes.map((child) => ("value" in child ? child.value : "")).join("");
    }
    if ("childNodes" in node) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
  return "";
}

/*
 * Markdown: headings, paragraphs, list items, quotes and code blocks each become a block. List markers,
 * emphasis, link targets and images are dropped ([text](url) gives "text"). Raw HTML in the Markdown is
 * kept as literal text, never interpreted, the same as in a .txt file.
 */
export function markdownBlocks(markdown: string): BlockDocument {
  const blocks: TextBlock[] = [];
  collectMarkdown(fromMarkdown(markdown), blocks);
  return { blocks };
}

// Iterative, like htmlBlocks: "> > > …" nests as deep as the input is long.
function collectMarkdown(root: MarkdownNode, blocks: TextBlock[]): void {
  const stack: MarkdownNode[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    switch (node.type) {
      case "heading":
        pushBlock(blocks, inlineMarkdown(node), node.depth);
        break;
      case "paragraph":
        pushBlock(blocks, inlineMarkdown(node));
        break;
      case "code":
      case "html":
        pushBlock(blocks, node.value);
        break;
      case "root":
      case "blockquote":
      case "list":
      case "listItem":
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
        break;
      default:
        break; // thematic breaks, link definitions: no text of their own
    }
  }
}

function pushBlock(blocks: TextBlock[], text: string, heading?: number): void {
  const normalised = normaliseWhitespace(text);
  if (normalised) blocks.push(heading ? { text: normalised, heading } : { text: normalised });
}

function inlineMarkdown(node: MarkdownNode): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "html":
      return node.value;
    case "break":
      return " ";
    case "image":
    case "imageReference":
    case "footnoteReference":
      return "";
    default:
      return "children" in node ? node.children.map(inlineMarkdown).join("") : "";
  }
}
