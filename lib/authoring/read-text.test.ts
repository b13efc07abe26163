import { readFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { buildDocx, LESSON_DOCX_BODY } from "./fixtures/docx";
import { AUTHORING_LIMITS, readLessonText, type ReadResult } from "./read-text";

const fixture = (name: string) => new Uint8Array(readFileSync(path.join(__dirname, "fixtures", name)));
const utf8 = (text: string) => new TextEncoder().encode(text);
const readFile = (name: string, bytes: Uint8Array, type?: string) => readLessonText(type ? { name, type, bytes } : { name, bytes });

const wordParagraph = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}<w:r><w:t>${text}</w:t></w:r></w:p>`;

function refusal(result: ReadResult): string {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.message;
}

describe("readLessonText: accepted sources", () => {
  it("keeps pasted text verbatim, markup included, with no title", async () => {
    const pasted = "\uFEFF# Not a heading\r\n\r\n<script>alert(1)</script> is text.\r\nStill <b>the same</b> paragraph.\n\n\n";
    expect(await readLessonText({ pasted })).toEqual({
      ok: true,
      paragraphs: ["# Not a heading", "<script>alert(1)</script> is text. Still <b>the same</b> paragraph."],
    });
  });

  it("reads a .txt file: blank lines separate paragraphs, wrapped lines are joined, markup stays text", async () => {
    expect(await readFile("lesson.txt", fixture("lesson.txt"), "text/plain")).toEqual({
      ok: true,
      paragraphs: [
        "The Hanoi summit ended early. Nobody in the U.S. delegation expected it, and Dr. Kim said so at 9 p.m. that night.",
        "Teachers sometimes paste markup: <script>alert(1)</script> and <b>bold</b> stay as text.",
        "“Why now?” he asked. Talks resumed on Jan. 20.",
      ],
    });
  });

  it("strips a UTF-8 byte order mark and accepts an upper-case extension", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Café au lait.")]);
    expect(await readFile("NOTES.TXT", bytes)).toEqual({ ok: true, paragraphs: ["Café au lait."] });
  });

  it("reads Markdown as text: the leading # heading is the title, syntax is dropped, raw HTML stays literal", async () => {
    expect(await readFile("lesson.md", fixture("lesson.md"))).toEqual({
      ok: true,
      title: "The Hanoi Summit",
      paragraphs: [
        "An opening paragraph with bold text, code, a link and an image that is dropped.",
        "What happened",
        "A quoted paragraph from the source.",
        "First item, with emphasis.",
        "Second item continues here.",
        "Numbered one.",
        "Numbered two.",
        "Raw HTML stays literal: <script>alert(1)</script> and <em>this</em>.",
        "<div>Block HTML is literal too.</div>",
        "Line one with a hard break line two.",
      ],
    });
  });

  it("gives Markdown no title when it does not open with a level-1 heading", async () => {
    const result = await readFile("notes.markdown", utf8("## Part one\n\nText *here*.\n\n# Later heading\n"));
    expect(result).toEqual({ ok: true, title: "Later heading", paragraphs: ["Part one", "Text here.", "Later heading"] });
    expect(await readFile("notes.md", utf8("Just text.\n"))).toEqual({ ok: true, paragraphs: ["Just text."] });
  });

  it("reduces HTML to text paragraphs: no tags, no scripts, styles or templates, entities decoded", async () => {
    const result = await readFile("lesson.html", fixture("lesson.html"));
    expect(result).toEqual({
      ok: true,
      title: "The Hanoi Summit",
      paragraphs: [
        "Talks in Hanoi & Singapore were “historic.” Nobody agreed on <anything>.",
        "A bare div is a paragraph. Inline markup is dropped.",
        "A nested div.",
        "Background",
        "First item",
        "Second item",
        "A quotation.",
        "An image has no text.",
      ],
    });
  });

  it("takes an HTML page's <title> when no h1 opens it, and keeps a later h1 in the text", async () => {
    const html = "<title>Page &amp; title</title><p>Intro.</p><h1>Heading</h1><p>Body.</p>";
    expect(await readFile("page.htm", utf8(html))).toEqual({ ok: true, title: "Page & title", paragraphs: ["Intro.", "Heading", "Body."] });
    expect(await readFile("page.htm", utf8("<p>Intro.</p><h1>Heading</h1>"))).toEqual({ ok: true, title: "Heading", paragraphs: ["Intro.", "Heading"] });
  });

  it("reads <br> as a line break: two in a row or whole-paragraph lines separate paragraphs", async () => {
    const long = "A line as long as a whole paragraph, far longer than any line of hard-wrapped text would ever be, so it is one.";
    const html = `<p>Roses are red,<br>violets are blue.</p><p>One.<br><br>Two.</p><div>${long}<br>${long}</div>`;
    expect(await readFile("poem.html", utf8(html))).toEqual({ ok: true, paragraphs: ["Roses are red, violets are blue.", "One.", "Two.", long, long] });
  });

  it("keeps escaped markup in HTML as literal text and never outputs a tag from the markup", async () => {
    const html = "<p>Type &lt;script&gt;alert(1)&lt;/script&gt; to see.</p><p onclick=\"x()\"><img src=x onerror=alert(1)>Safe.</p><script>alert(2)</script>";
    expect(await readFile("x.html", utf8(html))).toEqual({ ok: true, paragraphs: ["Type <script>alert(1)</script> to see.", "Safe."] });
  });

  it("reads a .docx with mammoth: Title is the title, headings and paragraphs become paragraphs, markup typed in Word is text", async () => {
    expect(await readFile("lesson.docx", fixture("lesson.docx"))).toEqual({
      ok: true,
      title: "The Hanoi Summit",
      paragraphs: [
        "Background",
        "Talks in Hanoi collapsed after two days. Dr. Kim left at 9 p.m. that night.",
        "A line after a line break.",
        "What happened next",
        "Markup typed in Word stays text: <script>alert(1)</script> & <b>bold</b>.",
      ],
    });
  });

  it("has a committed .docx fixture that its script reproduces", async () => {
    expect(Buffer.from(await buildDocx(LESSON_DOCX_BODY)).equals(Buffer.from(fixture("lesson.docx")))).toBe(true);
  });

  it("takes a leading Heading 1 as a Word document's title", async () => {
    const bytes = await buildDocx([wordParagraph("Chapter One", "Heading1"), wordParagraph("It began.")]);
    expect(await readFile("chapter.docx", bytes)).toEqual({ ok: true, title: "Chapter One", paragraphs: ["It began."] });
  });

  it("reads a .docx that was renamed to .doc", async () => {
    const bytes = await buildDocx([wordParagraph("Renamed.")]);
    expect(await readFile("renamed.doc", bytes)).toEqual({ ok: true, paragraphs: ["Renamed."] });
  });

  it("uses the MIME type only for a name without an extension", async () => {
    expect(await readFile("lesson", utf8("# T\n\nText."), "text/markdown; charset=utf-8")).toEqual({ ok: true, title: "T", paragraphs: ["Text."] });
    expect(await readFile("lesson", utf8("<p>x</p>"), "text/plain")).toEqual({ ok: true, paragraphs: ["<p>x</p>"] });
  });
});

describe("readLessonText: refusals", () => {
  it("refuses a file type it cannot read and says what to upload", async () => {
    for (const [name, type] of [["notes.pdf", "application/pdf"], ["notes.rtf", "text/plain"], ["notes", undefined], ["notes", "image/png"]] as const) {
      expect(refusal(await readFile(name, utf8("text"), type))).toContain("Upload a .txt, .md, .html or .docx file, or paste the text.");
    }
    expect(refusal(await readFile("C:\\fakepath\\scan.pdf", utf8("x")))).toMatch(/^“scan\.pdf” is not a file/);
  });

  it("refuses empty and whitespace-only files and pastes", async () => {
    const empty = "The file has no text. Check that you chose the right file, or paste the text.";
    expect(refusal(await readFile("a.txt", new Uint8Array()))).toBe(empty);
    expect(refusal(await readFile("a.txt", utf8(" \n\t\r\n ")))).toBe(empty);
    expect(refusal(await readFile("a.txt", new Uint8Array([0xef, 0xbb, 0xbf, 0x20])))).toBe(empty);
    expect(refusal(await readFile("a.md", utf8("---\n\n# Only a title\n")))).toBe(empty);
    expect(refusal(await readFile("a.html", utf8("<script>alert(1)</script><p> </p>")))).toBe(empty);
    expect(refusal(await readFile("a.docx", await buildDocx([wordParagraph("")])))).toBe(empty);
    expect(refusal(await readFile("a.docx", new Uint8Array()))).toBe(empty);
    expect(refusal(await readLessonText({ pasted: "  \n \n" }))).toMatch(/^There is no text to read\. Paste/);
  });

  it("refuses text files that are not UTF-8", async () => {
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x2e]); // "Café." in Latin-1
    const utf16 = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]);
    const binary = new Uint8Array([0x41, 0x00, 0x42]);
    for (const name of ["a.txt", "a.md", "a.html"]) {
      for (const bytes of [latin1, utf16, binary]) {
        expect(refusal(await readFile(name, bytes))).toBe(`“${name}” is not UTF-8 text. Save it again with the encoding UTF-8, or paste the text.`);
      }
    }
  });

  it("refuses a corrupt .docx with what to do", async () => {
    const lesson = fixture("lesson.docx");
    const zip = new JSZip();
    zip.file("hello.txt", "a zip, but not a Word document");
    const notWord = await zip.generateAsync({ type: "uint8array" });
    for (const bytes of [utf8("plain text, not a zip"), lesson.slice(0, lesson.length / 2), notWord]) {
      const message = refusal(await readFile("broken.docx", bytes));
      expect(message).toMatch(/^“broken\.docx” could not be read as a Word document/);
      expect(message).toContain("save it again as .docx");
    }
  });

  it("refuses a legacy .doc, and a .docx that is really one or is protected by a password", async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
    expect(refusal(await readFile("old.doc", ole, "application/msword"))).toBe(
      "“old.doc” is an older Word document (.doc), which Colloquy cannot read. Open it in Word, save it again as .docx (Word Document), and upload that, or paste the text.",
    );
    expect(refusal(await readFile("locked.docx", ole))).toContain("protected by a password");
    expect(refusal(await readFile("junk.doc", utf8("not a document")))).toMatch(/could not be read as a Word document\. Open it in Word, save it again as \.docx/);
  });

  it("refuses a .docx that unpacks to far more than any lesson, before unpacking it", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "a".repeat(41 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bomb.length).toBeLessThan(AUTHORING_LIMITS.uploadBytes);
    expect(refusal(await readFile("bomb.docx", bomb))).toBe(
      "“bomb.docx” unpacks to more than 40 MB, too much for one lesson. Split the document into smaller ones, or paste part of the text.",
    );
  });

  it("refuses an upload over 2 MB, stating both sizes, whatever its type", async () => {
    const justOver = new Uint8Array(AUTHORING_LIMITS.uploadBytes + 1).fill(0x61);
    expect(refusal(await readFile("big.txt", justOver))).toBe("The file is 2.1 MB; the limit is 2 MB. Split it into smaller files, or paste part of the text.");
    expect(refusal(await readFile("big.docx", new Uint8Array(3_250_000)))).toMatch(/^The file is 3\.1 MB; the limit is 2 MB\./);
    expect(refusal(await readLessonText({ pasted: "é".repeat(AUTHORING_LIMITS.uploadBytes) }))).toBe("The text is 4 MB; the limit is 2 MB. Paste a shorter part of it.");
    // Exactly 2 MB passes the size check (and then meets the paragraph limit).
    expect(refusal(await readFile("exact.txt", new Uint8Array(AUTHORING_LIMITS.uploadBytes).fill(0x61)))).toMatch(/^Paragraph 1 /);
  });

  it("refuses more than 200 paragraphs", async () => {
    const text = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i + 1}.`).join("\n\n");
    expect(refusal(await readLessonText({ pasted: text(201) }))).toBe("The text has 201 paragraphs; the limit is 200. Split it into shorter lessons.");
    expect(refusal(await readFile("many.html", utf8(Array.from({ length: 250 }, () => "<li>Item.</li>").join(""))))).toMatch(/^The text has 250 paragraphs/);
    const ok = await readLessonText({ pasted: text(200) });
    expect(ok.ok && ok.paragraphs.length).toBe(200);
  });

  it("refuses a paragraph over 5,000 characters and says which one", async () => {
    const long = `It was the best of times. ${"a".repeat(AUTHORING_LIMITS.paragraphChars - 26)}`;
    expect(long.length).toBe(AUTHORING_LIMITS.paragraphChars);
    expect((await readLessonText({ pasted: `Short.\n\n${long}` })).ok).toBe(true);
    expect(refusal(await readLessonText({ pasted: `Short.\n\n${long}b` }))).toBe(
      "Paragraph 2 (“It was the best of times. aaaaaaaaaaaaaa…”) has 5,001 characters; the limit is 5,000. Break it into shorter paragraphs with blank lines between them.",
    );
  });

  it("never throws, even on pathological markup", async () => {
    const deepHtml = "<div>".repeat(50_000) + "Deep." + "</div>".repeat(50_000);
    const deepMarkdown = `${"> ".repeat(10_000)}Deep.`;
    const results = await Promise.all([
      readFile("deep.html", utf8(deepHtml)),
      readFile("deep.md", utf8(deepMarkdown)),
      readFile("weird.html", utf8("<p><b><i>unclosed</p></b> <table><td>cell</table><svg><text>no</text></svg>")),
      readFile("weird.md", utf8("[a](<javascript:alert(1)>) *** ___ ``` unclosed")),
    ]);
    for (const result of results) expect(typeof result.ok).toBe("boolean");
    expect(results[0]).toEqual({ ok: true, paragraphs: ["Deep."] });
    expect(results[1]).toEqual({ ok: true, paragraphs: ["Deep."] });
    expect(results[2]).toEqual({ ok: true, paragraphs: ["unclosed", "cell"] });
  });
});
