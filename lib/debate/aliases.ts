/*
 * Anonymous aliases for a session: the n-th student to join is always the same alias, so switching
 * anonymity off and on again changes nothing. 16 × 16 = 256 distinct aliases before a number is added.
 */
const ADJECTIVES = ["Amber", "Brave", "Calm", "Clever", "Coral", "Eager", "Gentle", "Golden", "Jade", "Keen", "Lively", "Misty", "Quiet", "Silver", "Swift", "Witty"];
const ANIMALS = ["Otter", "Heron", "Fox", "Owl", "Lynx", "Badger", "Falcon", "Panda", "Seal", "Wren", "Yak", "Koala", "Moose", "Gecko", "Ibis", "Hare"];

export function aliasFor(joinIndex: number): string {
  const a = ADJECTIVES[joinIndex % ADJECTIVES.length]!;
  const b = ANIMALS[Math.floor(joinIndex / ADJECTIVES.length) % ANIMALS.length]!;
  const round = Math.floor(joinIndex / (ADJECTIVES.length * ANIMALS.length));
  return round === 0 ? `${a} ${b}` : `${a} ${b} ${round + 1}`;
}
