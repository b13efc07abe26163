import "server-only";
import { headers } from "next/headers";

/**
 * The address people reach this site at, for links to share (join links, QR codes on login cards) and for
 * redirects: the configured NEXTAUTH_URL, else the address this request was made to. X-Forwarded-Host is set
 * by Next from Host, or comes from a proxy TRUST_PROXY trusts (scripts/server.mjs drops a client's own).
 */
export function originOf(h: Headers): string {
  if (process.env.NEXTAUTH_URL) return new URL(process.env.NEXTAUTH_URL).origin;
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
}

export async function siteOrigin(): Promise<string> {
  return originOf(await headers());
}
