import { describe, expect, it } from "vitest";
import { resolveClientAddress, trustedProxyHops } from "./lib/client-address.mjs";

describe("the client address", () => {
  it("is the socket's when no proxy is trusted, whatever the client claims", () => {
    expect(resolveClientAddress("6.6.6.6", "127.0.0.1", 0)).toBe("127.0.0.1");
    expect(resolveClientAddress(undefined, "::1", 0)).toBe("::1");
  });
  it("is the address the trusted proxy saw, never what the client prepended", () => {
    expect(resolveClientAddress("203.0.113.7", "10.0.0.2", 1)).toBe("203.0.113.7");
    expect(resolveClientAddress("6.6.6.6, 203.0.113.7", "10.0.0.2", 1)).toBe("203.0.113.7");
    expect(resolveClientAddress("6.6.6.6, 203.0.113.7, 10.0.0.3", "10.0.0.2", 2)).toBe("203.0.113.7");
  });
  it("falls back to the leftmost address when the chain is shorter than the proxies", () => {
    expect(resolveClientAddress(undefined, "10.0.0.2", 1)).toBe("10.0.0.2");
    expect(resolveClientAddress("203.0.113.7", "10.0.0.2", 5)).toBe("203.0.113.7");
  });
  it("reads TRUST_PROXY strictly", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("FALSE")).toBe(0);
    expect(trustedProxyHops("off")).toBe(0);
    expect(trustedProxyHops("true")).toBe(1);
    expect(trustedProxyHops("2")).toBe(2);
    expect(() => trustedProxyHops("maybe")).toThrow(/TRUST_PROXY/);
  });
});
