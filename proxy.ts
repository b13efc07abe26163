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

/** Read once. scripts/server.mjs refuses an invalid value at start; under `next dev` one counts as no proxy. */
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
  // x-nonce: for a server component that ever adds a <Script> (headers().get("x-nonce")); there is none
  // today, since nothing of ours is inline. Both are overwritten: a client's own must not reach the render.
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
       * Pages, not: /api (JSON, event streams and next-auth, no documents; and Proxy makes Next buffer a
       * request's whole body before the route sees it, defeating the draft route's size limit), Next's
       * static files, or the icon. A no-JavaScript form post does pass through, because its answer is a
       * page that needs the nonce; Next buffers its body (up to experimental.proxyClientMaxBodySize,
       * 10 MB by default) before the server action reads it.
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
