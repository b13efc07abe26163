/*
 * The per-request security headers (proxy.ts sets them): a Content-Security-Policy whose scripts need this
 * request's nonce, and HSTS when the site is served over https. The fixed headers (X-Frame-Options,
 * nosniff, …) stay in next.config.js. Pure functions, so the policy is unit-tested, not just eyeballed.
 */

/** What a nonce source may contain (base64, or base64url); anything else could break out of the header. */
const NONCE_PATTERN = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** 128 random bits, base64: unguessable, and fresh for every request (a reused nonce protects nothing). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The Content-Security-Policy for one page response.
 *
 * Scripts: only those carrying this request's nonce (Next puts it on its own scripts, reading it back from
 * this header on the request), and with 'strict-dynamic' whatever those load (route chunks). No
 * 'unsafe-inline', so an injected <script> or onclick= does not run. 'self' is only a fallback for
 * browsers without 'strict-dynamic' (CSP 2), which ignore that keyword; CSP 3 browsers ignore 'self'.
 * `dev`: React's dev build evaluates server error stacks with eval; production never needs it.
 *
 * Styles: 'unsafe-inline', because React renders `style={…}` props as style attributes (widths of bars and
 * heat maps, a margin here and there), and attributes cannot carry a nonce. No nonce in style-src: a
 * nonce there would make browsers ignore 'unsafe-inline'. Inline CSS cannot run script, so the cost is
 * small next to rewriting every computed style as a class.
 *
 * `siteUrl`: NEXTAUTH_URL, the site's public address (see form-action).
 *
 * No `upgrade-insecure-requests`: every URL here is same-origin already, and on a plain-http school network
 * (http://192.168.1.20:3000) it would send the page's own scripts to an https port that does not exist.
 */
export function buildCsp(nonce: string, { dev = false, siteUrl }: { dev?: boolean; siteUrl?: string } = {}): string {
  if (!NONCE_PATTERN.test(nonce)) throw new Error("A CSP nonce must be at least 16 base64 characters");
  const site = httpOrigin(siteUrl);
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    // QR codes are inline SVG today; data:/blob: keep a generated image (or a canvas export) working.
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    // Live debates and dashboards use EventSource on our own origin; nothing else is fetched.
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    // next-auth answers the sign-in and sign-out forms with a redirect to NEXTAUTH_URL, and browsers hold
    // a form's redirects to form-action too: when someone uses another address for the site, that
    // redirect must not be blocked (it is the site's own public address, not a third party).
    ["form-action", "'self'", ...(site ? [site] : [])],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((parts) => parts.join(" ")).join("; ");
}

/** The origin of an http(s) URL, or undefined for anything else (which must not reach the header). */
function httpOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Two years, the preload list's minimum; subdomains too, so a sibling host cannot be used to strip TLS. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/**
 * Whether people reach this site over https, for HSTS. Kept simple, in two rules:
 * - NEXTAUTH_URL is the site's public address; if it is https, the site is an https site, even when the
 *   last hop to us (from a TLS-terminating proxy) is plain http.
 * - Otherwise only a trusted proxy (TRUST_PROXY set) can say so, through X-Forwarded-Proto: without one,
 *   any client could send that header. The first value is the one the proxy nearest the browser saw.
 * Browsers ignore HSTS received over plain http (RFC 6797 §8.1), so a forged header on an http request
 * gains nothing; the trust rule keeps the decision to the operator's own configuration all the same.
 */
export function servedOverHttps({
  siteUrl,
  trustProxy,
  forwardedProto,
}: {
  siteUrl: string | undefined;
  trustProxy: boolean;
  forwardedProto: string | null | undefined;
}): boolean {
  if (siteUrl) {
    try {
      if (new URL(siteUrl).protocol === "https:") return true;
    } catch {
      // A malformed NEXTAUTH_URL is next-auth's error to report; here it just does not say https.
    }
  }
  if (!trustProxy || !forwardedProto) return false;
  return forwardedProto.split(",")[0]?.trim().toLowerCase() === "https";
}
