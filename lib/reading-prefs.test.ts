import { describe, expect, it } from "vitest";
import { DEFAULT_READING_PREFS, parseReadingPrefs, readingAttributes, storedReadingPrefs } from "./reading-prefs";

const valid = { size: "larger", spacing: "wide", theme: "contrast", font: "readable" };

describe("reading prefs", () => {
  it("accept every setting with one of its options", () => {
    expect(parseReadingPrefs(valid)).toEqual({ ok: true, prefs: valid });
    expect(parseReadingPrefs(DEFAULT_READING_PREFS)).toEqual({ ok: true, prefs: DEFAULT_READING_PREFS });
  });

  it("refuse an unknown value, naming the setting and its options", () => {
    expect(parseReadingPrefs({ ...valid, size: "huge" })).toEqual({ ok: false, error: "Text size must be one of: standard, large, larger, largest." });
    expect(parseReadingPrefs({ ...valid, theme: "dark" })).toMatchObject({ ok: false, error: expect.stringContaining("Colours") });
  });

  it("refuse a missing or unknown setting, and values that are not strings", () => {
    const { font: _font, ...missing } = valid;
    expect(parseReadingPrefs(missing)).toMatchObject({ ok: false, error: expect.stringContaining("Font") });
    expect(parseReadingPrefs({ ...valid, colour: "red" })).toEqual({ ok: false, error: "Unknown reading setting: colour." });
    expect(parseReadingPrefs({ ...valid, spacing: 2 })).toMatchObject({ ok: false });
    expect(parseReadingPrefs({ ...valid, size: ["large"] })).toMatchObject({ ok: false });
    // Not an own option even if the name exists up the prototype chain.
    expect(parseReadingPrefs({ ...valid, size: "toString" })).toMatchObject({ ok: false });
  });

  it("refuse what is not an object", () => {
    for (const input of [null, undefined, "large", 3, ["large"]]) expect(parseReadingPrefs(input)).toMatchObject({ ok: false });
  });

  it("fall back to the defaults for nothing stored or something that no longer parses", () => {
    expect(storedReadingPrefs(null)).toEqual(DEFAULT_READING_PREFS);
    expect(storedReadingPrefs({ size: "gigantic" })).toEqual(DEFAULT_READING_PREFS);
    expect(storedReadingPrefs(valid)).toEqual(valid);
  });

  it("become data attributes for what differs from the defaults only", () => {
    expect(readingAttributes(DEFAULT_READING_PREFS)).toEqual({});
    expect(readingAttributes({ ...DEFAULT_READING_PREFS, theme: "contrast" })).toEqual({ "data-reading-theme": "contrast" });
  });
});
