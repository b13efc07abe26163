/*
 * Serves the production build: Next's own server through its documented programmatic API, with one thing
 * added. Before Next sees a request, X-Forwarded-For is replaced by the one client address this server
 * decided on (scripts/lib/client-address.mjs, from the socket and TRUST_PROXY), and without a trusted
 * proxy the other X-Forwarded-* headers a client may have sent are dropped (Next fills them in itself).
 * The per-address sign-in limit relies on it; `next start` would pass a forged header through.
 * Also (scripts/lib/request-guard.mjs): a server action POST over Next's 1 MB body limit is answered 413
 * here rather than 500 by Next, a path with a malformed %-escape gets 400 (Next would answer 500), and a
 * client that hangs up mid-request is not logged as an error.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveClientAddress, trustedProxyHops } from "./lib/client-address.mjs";
import { refuseMalformedPath, refuseServerAction, silenceClientHangups } from "./lib/request-guard.mjs";

process.env.NODE_ENV = "production";
const { default: next } = await import("next");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined; // unset: every interface, IPv4 and IPv6 ("localhost" may be ::1)
const hops = trustedProxyHops(process.env.TRUST_PROXY);

silenceClientHangups(console);

const app = next({ dev: false, dir: root, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers["x-forwarded-for"] = resolveClientAddress(req.headers["x-forwarded-for"], req.socket.remoteAddress, hops);
  if (hops === 0) for (const name of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"]) delete req.headers[name];
  const refusal = refuseServerAction(req) ?? refuseMalformedPath(req);
  if (refusal) {
    // The body is left unread; Node discards it as it arrives, so it costs no memory. Exactly "text/plain":
    // for a 4xx in that type, Next's client throws the message itself rather than a generic one.
    res.writeHead(refusal.status, { "Content-Type": "text/plain", "Cache-Control": "no-store" }).end(refusal.message);
    return;
  }
  handle(req, res);
});
// Node closes an idle keep-alive connection after 5 s, and a client (or a load balancer, whose idle timeout
// is typically 60 s) that reuses it at that moment gets ECONNRESET: a dropped request for nothing. Idle
// connections are kept longer than any proxy in front keeps them.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, host, () => {
  console.log(`Colloquy is ready on http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
