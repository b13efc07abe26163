/*
 * Heat maps colour a sentence by how many chose or cited it. The colour is opaque (the base colour laid over
 * white at a strength that grows with the share) and the text on it is whichever of ink or white reads
 * better, computed from the background's luminance (WCAG 2.1). Between the strengths where ink stops being
 * readable and white starts to be there is a band where neither reaches 4.5:1: a share falling there takes
 * the nearest strength outside it, so every level of the map is readable.
 */

export type Rgb = readonly [number, number, number];

export const INK: Rgb = [0x1d, 0x23, 0x30];
export const WHITE: Rgb = [0xff, 0xff, 0xff];
/** The statistics page's blue, and the two debate sides' colours (as in globals.css). */
export const HEAT_BASE = { picked: [31, 95, 139], for: [29, 107, 58], against: [161, 42, 42] } as const satisfies Record<string, Rgb>;

/** WCAG AA for normal text. */
export const MIN_CONTRAST = 4.5;
const LIGHTEST = 0.06;
const DARKEST = 0.9;
const GRID = 200;

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function over(base: Rgb, strength: number): Rgb {
  return base.map((c) => Math.round(255 - strength * (255 - c))) as unknown as Rgb;
}

function readable(background: Rgb): { text: Rgb; contrast: number } {
  const ink = contrastRatio(background, INK);
  const white = contrastRatio(background, WHITE);
  return ink >= white ? { text: INK, contrast: ink } : { text: WHITE, contrast: white };
}

const css = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;

/** Background and text colour for a share (0–1) of the most; every result has text at 4.5:1 or more. */
export function heatColours(share: number, base: Rgb): { backgroundColor: string; color: string } {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  // Strengths on a fixed grid (so a larger share never comes out lighter): the nearest one whose text reads
  // well enough, the lighter on a tie. The lightest end always does.
  const wanted = Math.round((LIGHTEST + clamped * (DARKEST - LIGHTEST)) * GRID);
  for (let step = 0; step <= GRID; step++) {
    for (const k of [wanted - step, wanted + step]) {
      if (k < 0 || k > GRID) continue;
      const background = over(base, k / GRID);
      const { text, contrast } = readable(background);
      if (contrast >= MIN_CONTRAST) return { backgroundColor: css(background), color: css(text) };
    }
  }
  return { backgroundColor: css(WHITE), color: css(INK) };
}
