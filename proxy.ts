import { NextResponse, type NextRequest } from "next/server";
import { buildCsp, HSTS_VALUE, newNonce, servedOverHttps } from "@/lib/security-headers";
import { trustedProxyHops } from "@/scripts/lib/client-address.mjs";

/*
 * Headers only: a fresh CSP nonce per page request, and HSTS over https. No access checks here (every
 * page, action and route handler checks for itself; STYLE.md §4) and no database: Proxy runs before the
 * app, for every matched request.
 *
 * The CSP goes on the request as well as the response: Next reads the nonce from the request's header
 * while rendering and puts it on its own scripts. That only works for pages rendered per request, which
 * every page here is (the root layout reads the session and awaits connection()).
 */

/** Read once: scripts/server.mjs has already refused an invalid value at start; `next dev` gets "no proxy". */
const trustProxy = (() => {
  try {
    return trustedProxyHops(process.env.TRUST_PROXY) > 0;
  } catch {
    return false;
  }
})();

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = buildCsp(nonce, { dev: process.env.NODE_ENV === "development", siteUrl: process.env.NEXTAUTH_URL });

  const requestHeaders = new Headers(request.headers);
  // Overwritten, never passed through: a client's own x-nonce or CSP header must not reach the render.
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (servedOverHttps({ siteUrl: process.env.NEXTAUTH_URL, trustProxy, forwardedProto: request.headers.get("x-forwarded-proto") })) {
    response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  }
  return response;
}

export const config = {
  matcher: [
    {
      /*
       * Pages (and their no-JavaScript form posts), not: /api (JSON, event streams and next-auth, no
       * documents; and Proxy would buffer a request body before the route could refuse it, defeating the
       * draft route's size limit), Next's static files, or the icon.
       */
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        // Link prefetches and server-action calls from the page: RSC payloads, not documents, so no CSP
        // applies to them; skipping actions also keeps Proxy from buffering their bodies.
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
        { type: "header", key: "next-action" },
      ],
    },
  ],
};
