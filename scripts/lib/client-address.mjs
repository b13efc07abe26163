/*
 * Who a request came from, decided once, in the server (scripts/server.mjs), before Next sees it.
 *
 * TRUST_PROXY is the number of reverse proxies in front of the app, each appending the address it saw to
 * X-Forwarded-For. The chain is those entries followed by the socket's address; the client is the entry
 * `hops` places from its right end. Anything further left was written by the client and is ignored.
 */

/** @param {string | undefined} value */
export function trustedProxyHops(value) {
  const v = (value ?? "").trim().toLowerCase();
  if (["", "0", "false", "no", "off"].includes(v)) return 0;
  if (["true", "yes", "on"].includes(v)) return 1;
  if (/^\d+$/.test(v)) return Number(v);
  throw new Error(`TRUST_PROXY must be a number of proxies (or true/false), not "${value}"`);
}

/**
 * @param {string | string[] | undefined} forwardedFor the X-Forwarded-For header as received
 * @param {string | undefined} socketAddress
 * @param {number} hops
 */
export function resolveClientAddress(forwardedFor, socketAddress, hops) {
  const socket = socketAddress || "unknown";
  if (hops === 0) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = [...header.split(",").map((part) => part.trim()).filter(Boolean), socket];
  return chain[Math.max(0, chain.length - 1 - hops)] ?? socket;
}
