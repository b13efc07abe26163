import "server-only";
import { headers } from "next/headers";
import { addressKey } from "./address-key";

/**
 * The client address of the request being served, as the per-address limits count it (lib/auth/address-key.ts).
 * scripts/server.mjs has already reduced X-Forwarded-For to the one address it trusts (see
 * scripts/lib/client-address.mjs).
 */
export function firstForwardedAddress(value: string | string[] | null | undefined): string {
  const header = Array.isArray(value) ? value[0] : value;
  return addressKey(header?.split(",")[0]?.trim() || "unknown");
}

export async function requestAddress(): Promise<string> {
  return firstForwardedAddress((await headers()).get("x-forwarded-for"));
}
