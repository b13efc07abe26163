/*
 * Anonymous aliases for a session: the n-th student to join is always the same alias, so switching
 * anonymity off and on again changes nothing. 16 × 16 = 256 distinct aliases before a number is added.
 */
const ADJECTIVES = ["Amber", "Brave", "Calm", "Clever", "Coral", "Eager", "Gentle", "Golden", "Jade", "Keen", "Lively", "Misty", "Quiet", "Silver", "Swift", "Witty"];
const ANIMALS = ["Otter", "Heron", "Fox", "Owl", "Lynx", "Badger", "Falcon", "Panda", "Seal", "Wren", "Yak", "Koala", "Moose", "Gecko", "Ibis", "Hare"];

export function aliasFor(joinIndex: number): string {
  const n = ADJECTIVES.length;
  // Adjective and animal both change from one student to the next; over 256 students every pair is used once.
  const a = ADJECTIVES[joinIndex % n]!;
  const b = ANIMALS[(joinIndex + Math.floor(joinIndex / n)) % ANIMALS.length]!;
  const round = Math.floor(joinIndex / (n * ANIMALS.length));
  return round === 0 ? `${a} ${b}` : `${a} ${b} ${round + 1}`;
}
