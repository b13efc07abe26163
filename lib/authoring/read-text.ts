/*
 * Reads a lesson's text from what a teacher pastes or uploads, as paragraphs of plain text (each to become
 * an excerpt, split into sentences by ./sentences). Server-side and pure apart from parsing: it never
 * throws, and every refusal says what to do instead.
 *
 * Titles: a level-1 heading (# Title, <h1>, Word's Title or Heading 1 style) that opens the document is
 * the title and not a paragraph. Without one, an HTML page's <title> is the title, and failing that the
 * first level-1 heading, which then also stays in the text as a paragraph. Other headings are paragraphs.
 * Plain text and pasted text have no title and are kept verbatim: "<b>" in them is the text "<b>".
 */
import mammoth from "mammoth";
import { normaliseWhitespace, splitParagraphs } from "./sentences";
import { AUTHORING_LIMITS } from "./limits";
import { htmlBlocks, markdownBlocks, type BlockDocument } from "./text-blocks";

export { AUTHORING_LIMITS };

// A .docx is a zip; 2 MB of it can hold far more XML than any lesson. Refused before it is unpacked.
const DOCX_UNPACKED_BYTES = 40 * 1024 * 1024;

export type LessonFile = { name: string; type?: string; bytes: Uint8Array };
export type LessonSource = LessonFile | { pasted: string };
export type ReadResult = { ok: true; title?: string; paragraphs: string[] } | { ok: false; message: string };

type Kind = "text" | "markdown" | "html" | "docx" | "doc";

const KIND_BY_EXTENSION: Record<string, Kind> = { txt: "text", text: "text", md: "markdown", markdown: "markdown", html: "html", htm: "html", docx: "docx", doc: "doc" };
const KIND_BY_TYPE: Record<string, Kind> = {
  "text/plain": "text",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/html": "html",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/msword": "doc",
};

const ASK_FOR_ANOTHER = "Upload a .txt, .md, .html or .docx file, or paste the text.";

export async function readLessonText(source: LessonSource): Promise<ReadResult> {
  try {
    return "pasted" in source ? readPasted(source.pasted) : await readFile(source);
  } catch (error) {
    // Parsers are not supposed to throw on any input; if one does, the teacher still gets an answer.
    console.error("readLessonText: unexpected failure", error);
    return refuse("The text could not be read. Check that the file opens on your computer, or paste the text.");
  }
}

function readPasted(pasted: string): ReadResult {
  const size = new TextEncoder().encode(pasted).length;
  if (size > AUTHORING_LIMITS.uploadBytes) {
    return refuse(`The text is ${megabytes(size)}; the limit is ${megabytes(AUTHORING_LIMITS.uploadBytes)}. Paste a shorter part of it.`);
  }
  return finish({ blocks: splitParagraphs(pasted.replace(/^\uFEFF/, "")).map((text) => ({ text })) }, "pasted");
}

async function readFile(file: LessonFile): Promise<ReadResult> {
  const name = displayName(file.name);
  const kind = fileKind(file);
  if (!kind) return refuse(`“${name}” is not a file Colloquy can read. ${ASK_FOR_ANOTHER}`);
  if (file.bytes.length > AUTHORING_LIMITS.uploadBytes) {
    return refuse(`The file is ${megabytes(file.bytes.length)}; the limit is ${megabytes(AUTHORING_LIMITS.uploadBytes)}. Split it into smaller files, or paste part of the text.`);
  }
  if (kind === "doc" || kind === "docx") return readWord(file.bytes, name, kind);
  const text = decodeUtf8(file.bytes);
  if (text === undefined) return refuse(`“${name}” is not UTF-8 text. Save it again with the encoding UTF-8, or paste the text.`);
  if (kind === "html") return finish(htmlBlocks(text), "file");
  if (kind === "markdown") return finish(markdownBlocks(text), "file");
  return finish({ blocks: splitParagraphs(text).map((paragraph) => ({ text: paragraph })) }, "file");
}

/** The kind by extension; the MIME type only counts for a name without one. */
function fileKind(file: LessonFile): Kind | undefined {
  const match = /\.([^./\\]+)$/.exec(file.name.trim());
  if (match) return KIND_BY_EXTENSION[match[1]!.toLowerCase()];
  const type = file.type?.split(";")[0]?.trim().toLowerCase();
  return type ? KIND_BY_TYPE[type] : undefined;
}

/** The text, BOM removed, or undefined if the bytes are not UTF-8 (or hold NUL, as binary files do). */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.includes("\0") ? undefined : text;
  } catch {
    return undefined;
  }
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
// Compound File Binary: Word 97–2003 .doc, and also a .docx protected by a password.
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

async function readWord(bytes: Uint8Array, name: string, kind: "doc" | "docx"): Promise<ReadResult> {
  const resave = "Open it in Word, save it again as .docx (Word Document), and upload that, or paste the text.";
  if (bytes.length === 0) return finish({ blocks: [] }, "file");
  if (startsWith(bytes, OLE_SIGNATURE)) {
    return refuse(kind === "doc"
      ? `“${name}” is an older Word document (.doc), which Colloquy cannot read. ${resave}`
      : `“${name}” is an older Word document or protected by a password. Remove any password, then save it again as .docx and upload that, or paste the text.`);
  }
  // A .docx renamed to .doc is still read, since its content is what counts.
  if (!startsWith(bytes, ZIP_SIGNATURE)) {
    return refuse(kind === "doc"
      ? `“${name}” could not be read as a Word document. ${resave}`
      : `“${name}” could not be read as a Word document: it may be damaged. ${resave}`);
  }
  const unpacked = declaredUnpackedBytes(bytes);
  if (unpacked === undefined) return refuse(`“${name}” could not be read as a Word document: it may be damaged. ${resave}`);
  if (unpacked > DOCX_UNPACKED_BYTES) {
    return refuse(`“${name}” unpacks to more than ${megabytes(DOCX_UNPACKED_BYTES)}, too much for one lesson. Split the document into smaller ones, or paste part of the text.`);
  }
  const html = await docxToHtml(bytes);
  if (html === undefined) return refuse(`“${name}” could not be read as a Word document: it may be damaged. ${resave}`);
  return finish(htmlBlocks(html), "file");
}

async function docxToHtml(bytes: Uint8Array): Promise<string | undefined> {
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Word's Title style has no HTML counterpart in mammoth's defaults; as h1 it becomes the title.
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
        // Images are not lesson text; not reading them saves encoding each one as a data URI.
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      },
    );
    return result.value;
  } catch {
    return undefined; // not a zip, or a zip without word/document.xml
  }
}

/** Sum of the sizes a zip's central directory declares for its files, or undefined if it has none. */
function declaredUnpackedBytes(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-directory record (22 bytes) closes the file, followed only by a comment of ≤ 65 535 bytes.
  for (let end = bytes.length - 22; end >= Math.max(0, bytes.length - 22 - 0xffff); end--) {
    if (view.getUint32(end, true) !== 0x06054b50) continue;
    const entries = view.getUint16(end + 10, true);
    let at = view.getUint32(end + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return undefined;
      total += view.getUint32(at + 24, true);
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return undefined;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

/** Picks the title (see the top of the file), then applies the limits. */
function finish(document: BlockDocument, from: "file" | "pasted"): ReadResult {
  const blocks = [...document.blocks];
  let title: string | undefined;
  if (blocks[0]?.heading === 1) title = blocks.shift()!.text;
  else title = document.documentTitle ?? blocks.find((block) => block.heading === 1)?.text;
  const paragraphs = blocks.map((block) => normaliseWhitespace(block.text)).filter((text) => text !== "");
  if (paragraphs.length === 0) {
    return refuse(from === "file"
      ? "The file has no text. Check that you chose the right file, or paste the text."
      : "There is no text to read. Paste the lesson’s text, or upload a file.");
  }
  const tooLong = limitProblem(paragraphs);
  if (tooLong) return refuse(tooLong);
  return title ? { ok: true, title, paragraphs } : { ok: true, paragraphs };
}

function limitProblem(paragraphs: string[]): string | undefined {
  const { paragraphs: maxParagraphs, paragraphChars } = AUTHORING_LIMITS;
  if (paragraphs.length > maxParagraphs) {
    return `The text has ${count(paragraphs.length)} paragraphs; the limit is ${count(maxParagraphs)}. Split it into shorter lessons.`;
  }
  const index = paragraphs.findIndex((paragraph) => paragraph.length > paragraphChars);
  if (index < 0) return undefined;
  const paragraph = paragraphs[index]!;
  return `Paragraph ${index + 1} (“${paragraph.slice(0, 40).trimEnd()}…”) has ${count(paragraph.length)} characters; the limit is ${count(paragraphChars)}. Break it into shorter paragraphs with blank lines between them.`;
}

function refuse(message: string): ReadResult {
  return { ok: false, message };
}

/** Rounded up, so a file just over the limit never reads as "2 MB; the limit is 2 MB". */
function megabytes(bytes: number): string {
  const tenths = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)} MB`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** The file's own name, without a browser's "C:\fakepath\" and cut short for a message. */
function displayName(name: string): string {
  const base = name.split(/[/\\]/).pop()?.trim() || "The file";
  return base.length > 80 ? `${base.slice(0, 77)}…` : base;
}
