import { describe, expect, it } from "vitest";
import { buildCsp, HSTS_VALUE, newNonce, servedOverHttps } from "./security-headers";

/** The policy as a map from directive to its sources, the way a browser reads it. */
function parse(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((directive) => {
      const [name = "", ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("the Content-Security-Policy", () => {
  const nonce = newNonce();

  it("lets scripts run only with this request's nonce (and what they load), never inline", () => {
    const scripts = parse(buildCsp(nonce)).get("script-src");
    expect(scripts).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
  });

  it("allows eval only in development, where React's dev build needs it", () => {
    expect(parse(buildCsp(nonce, { dev: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(parse(buildCsp(nonce, { dev: false })).get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("cannot be framed, rebased, or post forms or fetch elsewhere, and loads no plugins", () => {
    const policy = parse(buildCsp(nonce));
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  });

  it("lets forms post to this site only, and next-auth's redirect go to the site's public address", () => {
    expect(parse(buildCsp(nonce)).get("form-action")).toEqual(["'self'"]);
    expect(parse(buildCsp(nonce, { siteUrl: "http://colloquy.local:3000/some/path" })).get("form-action")).toEqual(["'self'", "http://colloquy.local:3000"]);
    expect(parse(buildCsp(nonce, { siteUrl: "https://colloquy.school.example" })).get("form-action")).toEqual(["'self'", "https://colloquy.school.example"]);
    // Nothing but an http(s) origin reaches the header.
    for (const bad of ["not a url", "javascript:alert(1)", "data:text/html,x", ""]) {
      expect(parse(buildCsp(nonce, { siteUrl: bad })).get("form-action")).toEqual(["'self'"]);
    }
  });

  it("allows inline styles (React style props) without a nonce, which would cancel 'unsafe-inline'", () => {
    const styles = parse(buildCsp(nonce)).get("style-src");
    expect(styles).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("is one header line with no stray separators", () => {
    const csp = buildCsp(nonce);
    expect(csp).not.toMatch(/[\r\n]/);
    expect(csp).not.toMatch(/;\s*;|;\s*$/);
  });

  it("refuses a nonce that could break out of its quotes or the header", () => {
    for (const bad of ["", "short", "abc' 'unsafe-inline", "aaaaaaaaaaaaaaaaaaaa; script-src *", "aaaaaaaaaaaaaaaaaaaa\r\nX-Evil: 1"]) {
      expect(() => buildCsp(bad)).toThrow(/nonce/);
    }
  });
});

describe("nonces", () => {
  it("are fresh each time, 128 bits of base64, in the form Next extracts from the header", () => {
    const nonces = new Set(Array.from({ length: 200 }, newNonce));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      // Next's own pattern (next/dist/server/app-render/get-script-nonce-from-header).
      expect(`'nonce-${nonce}'`).toMatch(/^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/);
    }
  });
});

describe("HSTS is sent only over https", () => {
  it("is two years, subdomains included", () => {
    expect(HSTS_VALUE).toBe("max-age=63072000; includeSubDomains");
  });

  it("when the public address (NEXTAUTH_URL) is https, whatever the last hop was", () => {
    expect(servedOverHttps({ siteUrl: "https://colloquy.school.example", trustProxy: false, forwardedProto: null })).toBe(true);
    expect(servedOverHttps({ siteUrl: "https://colloquy.school.example", trustProxy: false, forwardedProto: "http" })).toBe(true);
  });

  it("not for a plain-http address, or with no address and no trusted proxy", () => {
    expect(servedOverHttps({ siteUrl: "http://192.168.1.20:3000", trustProxy: false, forwardedProto: null })).toBe(false);
    expect(servedOverHttps({ siteUrl: undefined, trustProxy: false, forwardedProto: null })).toBe(false);
    expect(servedOverHttps({ siteUrl: "not a url", trustProxy: false, forwardedProto: null })).toBe(false);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    expect(servedOverHttps({ siteUrl: undefined, trustProxy: false, forwardedProto: "https" })).toBe(false);
    expect(servedOverHttps({ siteUrl: "http://localhost:3000", trustProxy: false, forwardedProto: "https" })).toBe(false);
    expect(servedOverHttps({ siteUrl: undefined, trustProxy: true, forwardedProto: "https" })).toBe(true);
    expect(servedOverHttps({ siteUrl: "http://10.0.0.5:3000", trustProxy: true, forwardedProto: "HTTPS" })).toBe(true);
    expect(servedOverHttps({ siteUrl: undefined, trustProxy: true, forwardedProto: "http" })).toBe(false);
    expect(servedOverHttps({ siteUrl: undefined, trustProxy: true, forwardedProto: null })).toBe(false);
  });

  it("reads the value of the proxy nearest the browser when proxies are chained", () => {
    expect(servedOverHttps({ siteUrl: undefined, trustProxy: true, forwardedProto: "https, http" })).toBe(true);
    expect(servedOverHttps({ siteUrl: undefined, trustProxy: true, forwardedProto: "http, https" })).toBe(false);
  });
});
