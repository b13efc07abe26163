/** A route segment such as "12" as a row id; anything else (e.g. "12abc", "-1", "1e3") is no id at all. */
export function parseId(segment: string): number | null {
  if (!/^[1-9]\d{0,15}$/.test(segment)) return null;
  const id = Number(segment);
  return Number.isSafeInteger(id) ? id : null;
}
