/*
 * A student's reading supports: text size, line spacing, theme and font. Stored as JSON in
 * users.reading_prefs (null: the defaults) and applied on the lesson and debate pages as data attributes of
 * <main> (app/globals.css, "Reading supports"), so a reload shows them at once. Plain TypeScript (no zod):
 * the settings panel in the browser uses the same options.
 */

export const READING_OPTIONS = {
  size: { standard: "Standard", large: "Large", larger: "Larger", largest: "Largest" },
  spacing: { standard: "Standard", wide: "Wide", wider: "Wider" },
  theme: { standard: "Standard", contrast: "High contrast" },
  font: { standard: "Standard", readable: "Easy to read (Verdana)" },
} as const;

export type ReadingPref = keyof typeof READING_OPTIONS;
export type ReadingPrefs = { [K in ReadingPref]: keyof (typeof READING_OPTIONS)[K] };

export const READING_LABELS: Record<ReadingPref, string> = { size: "Text size", spacing: "Line spacing", theme: "Colours", font: "Font" };

export const DEFAULT_READING_PREFS: ReadingPrefs = { size: "standard", spacing: "standard", theme: "standard", font: "standard" };

const KEYS = Object.keys(READING_OPTIONS) as ReadingPref[];

export type ParsedReadingPrefs = { ok: true; prefs: ReadingPrefs } | { ok: false; error: string };

/**
 * Reads prefs sent by a browser: an object with exactly the four settings, each one of its options.
 * Anything else (a missing or unknown setting, an unknown value, a non-string) is refused with a message.
 */
export function parseReadingPrefs(input: unknown): ParsedReadingPrefs {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { ok: false, error: "Reading settings must be an object." };
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !(KEYS as string[]).includes(key));
  if (unknown.length > 0) return { ok: false, error: `Unknown reading setting: ${unknown.join(", ")}.` };
  const prefs: Record<string, string> = {};
  for (const key of KEYS) {
    const value = record[key];
    const options = Object.keys(READING_OPTIONS[key]);
    if (typeof value !== "string" || !options.includes(value)) {
      return { ok: false, error: `${READING_LABELS[key]} must be one of: ${options.join(", ")}.` };
    }
    prefs[key] = value;
  }
  return { ok: true, prefs: prefs as ReadingPrefs };
}

/** The stored prefs, or the defaults when there are none (or, after a change of options, they no longer parse). */
export function storedReadingPrefs(stored: unknown): ReadingPrefs {
  const parsed = parseReadingPrefs(stored);
  return parsed.ok ? parsed.prefs : DEFAULT_READING_PREFS;
}

/** The data attributes <main> carries for the CSS; the defaults carry none. */
export function readingAttributes(prefs: ReadingPrefs): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const key of KEYS) if (prefs[key] !== DEFAULT_READING_PREFS[key]) attributes[`data-reading-${key}`] = prefs[key];
  return attributes;
}
