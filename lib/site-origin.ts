import "server-only";
import { headers } from "next/headers";

/** The address people reach this site at, for links to share (join links, QR codes on login cards). */
export async function siteOrigin(): Promise<string> {
  if (process.env.NEXTAUTH_URL) return new URL(process.env.NEXTAUTH_URL).origin;
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
}
