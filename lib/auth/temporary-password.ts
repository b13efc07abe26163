import { randomInt } from "node:crypto";

// Lower-case, without the look-alikes 0 o 1 l i: read aloud or off a card, it is typed right.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** e.g. "k7m-p3x-q9t": 9 random characters (≈ 44 bits), grouped for reading. */
export function generateTemporaryPassword(): string {
  const group = () => Array.from({ length: 3 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${group()}-${group()}-${group()}`;
}
