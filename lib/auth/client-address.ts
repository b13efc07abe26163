/**
 * The address a request came from, for the per-address sign-in limit.
 *
 * scripts/server.mjs removes any X-Forwarded-For a client sent unless TRUST_PROXY is set, and Next then
 * fills the header with the socket's address. So without TRUST_PROXY the header holds exactly one value
 * that no client can choose. With TRUST_PROXY=n (n reverse proxies in front of the app, each appending the
 * address it saw), the client is the n-th address from the right; anything further left is client-supplied.
 */
export function clientAddress(forwardedFor: string | null | undefined, trustedHops: number): string {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (hops.length === 0) return "unknown";
  const index = trustedHops > 0 ? Math.max(0, hops.length - trustedHops) : hops.length - 1;
  return hops[index] ?? "unknown";
}

export function trustedProxyHops(env = process.env.TRUST_PROXY): number {
  if (!env || env === "0" || env === "false") return 0;
  if (env === "true") return 1;
  const n = Number.parseInt(env, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
