import { describe, expect, it } from "vitest";
import { HEAT_BASE, heatColours } from "./heat";

// Written out again from WCAG 2.1 (not imported), so the test does not grade the code with its own formula.
function luminance(css: string): number {
  const [r, g, b] = css.match(/\d+/g)!.map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

describe("heatColours", () => {
  for (const [name, base] of Object.entries(HEAT_BASE)) {
    it(`keeps text at 4.5:1 or more on every level of the ${name} heat map, 0–100%`, () => {
      for (let percent = 0; percent <= 100; percent++) {
        const { backgroundColor, color } = heatColours(percent / 100, base);
        expect(contrast(backgroundColor, color), `${percent}%: ${color} on ${backgroundColor}`).toBeGreaterThanOrEqual(4.5);
      }
    });

    it(`gets darker (never lighter) as the share grows on the ${name} map, and uses white text only on the dark end`, () => {
      let previous = Infinity;
      for (let percent = 0; percent <= 100; percent += 5) {
        const { backgroundColor, color } = heatColours(percent / 100, base);
        const l = luminance(backgroundColor);
        expect(l).toBeLessThanOrEqual(previous);
        previous = l;
        if (color === "rgb(255, 255, 255)") expect(l).toBeLessThan(0.2);
      }
      expect(heatColours(0, base).color).not.toBe("rgb(255, 255, 255)");
      expect(luminance(heatColours(1, base).backgroundColor)).toBeLessThan(luminance(heatColours(0.5, base).backgroundColor));
    });
  }

  it("reads a share out of range, or not a number, as the nearest end", () => {
    expect(heatColours(-1, HEAT_BASE.picked)).toEqual(heatColours(0, HEAT_BASE.picked));
    expect(heatColours(7, HEAT_BASE.picked)).toEqual(heatColours(1, HEAT_BASE.picked));
    expect(heatColours(Number.NaN, HEAT_BASE.picked)).toEqual(heatColours(0, HEAT_BASE.picked));
  });
});
