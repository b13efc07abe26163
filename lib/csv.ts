import { stringify } from "csv-stringify/sync";

export type Cell = string | number | null | undefined;

/*
 * Spreadsheet apps run a cell whose first character is = + - or @ as a formula, so text from students
 * could run in an instructor's spreadsheet. They look past blanks first (spaces, tabs, NBSP, a line
 * break), and some (Excel with an East Asian input method, Numbers) read full-width and small forms of
 * these signs as the ASCII ones. So what counts is the first character that is not blank.
 */
const BLANK = /^[\s\u200b-\u200d\u2060]*/u;
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/u;

/**
 * Text that a spreadsheet would run as a formula gets a leading apostrophe, which Excel and Google
 * Sheets show as plain text; so does text starting with a tab or carriage return (old Excel strips
 * them and then runs what follows). Numbers are left as numbers.
 */
export function neutralizeFormula(value: Cell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  const first = value.replace(BLANK, "");
  return FORMULA_START.test(first) || /^[\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180 CSV: CRLF between records, and any field holding a comma, a quote, a CR or an LF is quoted
 * (csv-stringify quotes commas and quotes itself, but with a "\r\n" record delimiter it leaves a lone
 * "\n" or "\r" bare, which Excel and Sheets read as a new row). Fields with blanks at either end are
 * quoted too, so that no reader trims them. A UTF-8 byte-order mark comes first, so that Excel opens
 * accents and curly quotes correctly; Google Sheets and other readers ignore it.
 */
export function toCsv(header: string[], rows: Cell[][]): string {
  return "\uFEFF" + stringify([header, ...rows.map((row) => row.map(neutralizeFormula))], { record_delimiter: "\r\n", quoted_match: [/[\r\n]/, /^\s|\s$/] });
}

export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]+/g, "-")}"`,
      "Cache-Control": "no-store",
    },
  });
}
