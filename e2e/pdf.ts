import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/*
 * Reading the PDFs Chromium prints, with Debian's poppler-utils (pdfinfo, pdftotext, pdftoppm). Installed
 * with apt-get when missing and we are root, as scripts/lib/setup.mjs installs Chromium; `npm test` does it
 * first (ensurePoppler).
 */
export function ensurePoppler(): void {
  if (spawnSync("sh", ["-c", "command -v pdftotext && command -v pdfinfo && command -v pdftoppm"], { stdio: "ignore" }).status === 0) return;
  if (typeof process.getuid !== "function" || process.getuid() !== 0) throw new Error("The print tests need poppler-utils: sudo apt-get install -y poppler-utils");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { env, stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "poppler-utils"], { env, stdio: "inherit" });
}

export type ReadPdf = { file: string; pages: number; text: string; pageTexts: string[] };

/** Writes the PDF to a temporary file and reads its page count and its text, page by page (pdftotext's form feeds). */
export function readPdf(pdf: Buffer, name: string): ReadPdf {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-pdf-"));
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  // -layout off: the text in reading order, one line per printed line; whitespace is normalised for matching.
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  const pageTexts = text.split("\f").slice(0, pages).map((t) => t.replace(/\s+/g, " "));
  return { file, pages, text: text.replace(/\s+/g, " "), pageTexts };
}

/** Renders the first `count` pages to PNG beside `outPrefix` (pdftoppm), for a person to look at. */
export function renderPages(file: string, outPrefix: string, count: number): string[] {
  fs.mkdirSync(path.dirname(outPrefix), { recursive: true });
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", String(count), file, outPrefix]);
  return fs.readdirSync(path.dirname(outPrefix)).filter((f) => f.startsWith(path.basename(outPrefix)) && f.endsWith(".png")).map((f) => path.join(path.dirname(outPrefix), f));
}
