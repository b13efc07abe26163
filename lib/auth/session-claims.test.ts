import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { claimsFromToken } from "./session-claims";

const secret = "session-claims-test-secret-0123456789";
const mint = (token: Record<string, unknown>, maxAge = 60, withSecret = secret) => encode({ secret: withSecret, maxAge, token: { sub: "7", name: "Ann", role: "student", ...token } });

describe("claimsFromToken", () => {
  it("reads whose session a token is, and remembers a verified token rather than decrypting it again", async () => {
    const token = await mint({ uid: 7, sv: 3 });
    const first = await claimsFromToken(token, secret);
    expect(first).toEqual({ userId: 7, sessionVersion: 3 });
    expect(await claimsFromToken(token, secret)).toBe(first);
  });

  it("refuses a token of another secret, a tampered one, and garbage, and remembers none of them", async () => {
    const token = await mint({ uid: 8, sv: 0 });
    expect(await claimsFromToken(token, "another-secret-entirely-0123456789")).toBeNull();
    const tampered = token.slice(0, -6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    expect(await claimsFromToken(tampered, secret)).toBeNull();
    expect(await claimsFromToken("not-a-token", secret)).toBeNull();
    // A refusal is not cached as one: the same token under its own secret is still good.
    expect(await claimsFromToken(token, secret)).toEqual({ userId: 8, sessionVersion: 0 });
  });

  it("refuses a token without a user or session version", async () => {
    expect(await claimsFromToken(await mint({ sv: 1 }), secret)).toBeNull();
    expect(await claimsFromToken(await mint({ uid: 9 }), secret)).toBeNull();
  });

  it("stops accepting a remembered token once it has expired", async () => {
    const token = await mint({ uid: 10, sv: 1 }, 60);
    expect(await claimsFromToken(token, secret)).not.toBeNull();
    expect(await claimsFromToken(token, secret, Date.now() + 61_000)).toBeNull();
    expect(await claimsFromToken(token, secret, Date.now() + 61_000)).toBeNull();
  });
});
