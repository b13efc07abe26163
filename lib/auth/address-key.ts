import { isIPv6 } from "node:net";

/**
 * The address a per-address limit counts under. An IPv4 address as itself (also when written IPv4-mapped,
 * `::ffff:198.51.100.7`, as a dual-stack socket reports it); an IPv6 address by its /64, the block a single
 * home or school network is given, so that one network cannot draw fresh counters from its 2^64 addresses.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
