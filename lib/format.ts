/* Dates as people read them. The server's time zone (TZ) is the school's: set TZ where the app runs. */

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

export function formatDateTime(ms: number): string {
  return dateTime.format(new Date(ms));
}

export function formatDate(ms: number): string {
  return dateOnly.format(new Date(ms));
}

/** "2026-12-01T15:30" (an <input type="datetime-local"> value, in the server's time zone) → epoch ms. */
export function parseLocalDateTime(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  // Refuses dates that do not exist (Feb 30) and clock times skipped by a daylight-saving change.
  const exact = date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d && date.getHours() === h && date.getMinutes() === mi;
  return exact ? date.getTime() : null;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const timeOnly = new Intl.DateTimeFormat("en-US", { timeStyle: "short" });
export function formatTime(ms: number): string {
  return timeOnly.format(new Date(ms));
}

/** Epoch ms → "2026-12-01T15:30" in the server's time zone (an <input type="datetime-local"> value). */
export function toLocalDateTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
