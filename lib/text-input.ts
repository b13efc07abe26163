/*
 * U+0000 in what people send: no keyboard types it, PostgreSQL cannot store it in text or JSON (it refuses
 * the whole statement), and on SQLite it cuts strings short in many tools. Text is kept without it, on
 * both databases, where it comes in: answers (lib/answers.ts) and lessons (db/queries/lessons.ts), pasted
 * text, drop it; other form fields (parseForm) are refused with it, since an id or a number with it dropped
 * would turn junk into a valid value.
 */

export function withoutNul(text: string): string {
  return text.includes("\0") ? text.replaceAll("\0", "") : text;
}

/** `value` with U+0000 removed from every string in it, keys included (plain data: JSON's shapes). */
export function withoutNulDeep<T>(value: T): T {
  if (typeof value === "string") return withoutNul(value) as T;
  if (Array.isArray(value)) return value.map(withoutNulDeep) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNulDeep(v)])) as T;
  return value;
}
