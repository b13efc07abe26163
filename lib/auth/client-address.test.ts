import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxyHops } from "./client-address";

describe("clientAddress", () => {
  it("uses the one address the server filled in when no proxy is trusted", () => {
    expect(clientAddress("127.0.0.1", 0)).toBe("127.0.0.1");
  });
  it("with n trusted proxies, takes the n-th address from the right, ignoring what the client prepended", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientAddress("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
    expect(clientAddress("203.0.113.7", 3)).toBe("203.0.113.7");
  });
  it("says unknown when there is nothing", () => {
    expect(clientAddress(undefined, 0)).toBe("unknown");
    expect(clientAddress(" , ", 1)).toBe("unknown");
  });
  it("reads TRUST_PROXY", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("false")).toBe(0);
    expect(trustedProxyHops("true")).toBe(1);
    expect(trustedProxyHops("2")).toBe(2);
    expect(trustedProxyHops("nonsense")).toBe(0);
  });
});
