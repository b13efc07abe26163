/*
 * Serves the production build. This is Next's own server through its documented programmatic API, with
 * one thing added: unless TRUST_PROXY is set, a client-sent X-Forwarded-For is dropped before Next sees the
 * request, so Next fills it with the socket's real address (the per-address sign-in limit relies on it).
 * `next start` would keep a forged header.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

process.env.NODE_ENV = "production";
const { default: next } = await import("next");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined; // unset: every interface, IPv4 and IPv6 ("localhost" may be ::1)
const trustProxy = !!process.env.TRUST_PROXY && !["0", "false"].includes(process.env.TRUST_PROXY);

const app = next({ dev: false, dir: root, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  if (!trustProxy) delete req.headers["x-forwarded-for"];
  handle(req, res);
});
server.listen(port, host, () => {
  console.log(`Colloquy is ready on http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
