import { stringify } from "csv-stringify/sync";

export type Cell = string | number | null | undefined;

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab or carriage return) as a formula, so
 * text from students could run in an instructor's spreadsheet. Such text gets a leading apostrophe,
 * which Excel and Google Sheets show as plain text. Numbers are left as numbers.
 */
export function neutralizeFormula(value: Cell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180 CSV (CRLF line ends, quotes where needed) with a UTF-8 byte-order mark, so that Excel opens
 * accents and curly quotes correctly; Google Sheets and other readers ignore the mark.
 */
export function toCsv(header: string[], rows: Cell[][]): string {
  return "\uFEFF" + stringify([header, ...rows.map((row) => row.map(neutralizeFormula))], { record_delimiter: "\r\n", quoted_match: /^\s|\s$/ });
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
