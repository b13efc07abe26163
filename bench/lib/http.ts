/*
 * A browser's worth of HTTP for the load clients, on node:http with a keep-alive agent rather than fetch:
 * the clients share two cores with the server, and fetch's per-request overhead would be measured as the
 * server's. Cookies, next-auth's credentials sign-in, a minted session cookie, server actions called as
 * Next's client calls them, and Server-Sent Events read as EventSource reads them.
 */
import http from "node:http";
import { encode } from "next-auth/jwt";
import { SESSION_MAX_AGE_SECONDS, sessionCookie } from "../../lib/auth/cookies";

// One pool of sockets for every client: no limit, as many browsers would each have their own.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 10_000 });

/**
 * Closes the pool's idle keep-alive sockets, so that a count of the server's open sockets afterwards shows
 * the connections a scenario opens and releases rather than the pool left over from earlier ones.
 */
export function closeIdleSockets(): void {
  agent.destroy();
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; ms: number; text: () => string };

export type Target = { host: string; port: number; origin: string };

export function target(port: number): Target {
  return { host: "127.0.0.1", port, origin: `http://127.0.0.1:${port}` };
}

/** One request with its whole body read: a reply cut off is an error, never a success. */
export function request(to: Target, method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {}): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    const req = http.request(
      {
        host: to.host,
        port: to.port,
        method,
        path,
        agent,
        headers: { ...(body ? { "Content-Length": String(body.length) } : {}), ...options.headers },
        timeout: options.timeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const buffer = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buffer, ms: performance.now() - started, text: () => buffer.toString("utf8") });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** A cookie jar: name → value, filled from Set-Cookie. */
export class Cookies {
  private jar = new Map<string, string>();
  take(reply: Pick<Reply, "headers">) {
    for (const line of reply.headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      if (at > 0) this.jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    return this;
  }
  set(name: string, value: string) {
    this.jar.set(name, value);
    return this;
  }
  get header() {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  has(name: string) {
    return this.jar.has(name);
  }
  copy() {
    const copy = new Cookies();
    for (const [name, value] of this.jar) copy.set(name, value);
    return copy;
  }
}

export type Account = { id: number; username: string; displayName: string; role: "student" | "instructor"; sessionVersion: number };

/**
 * A session cookie exactly as lib/auth/session.ts mints one (next-auth's `encode`, the server's secret, the
 * same token fields), so a load client is signed in without a sign-in of its own.
 */
export async function mintSession(secret: string, user: Account): Promise<Cookies> {
  const token = await encode({
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
    token: { name: user.displayName, sub: String(user.id), uid: user.id, role: user.role, sv: user.sessionVersion },
  });
  return new Cookies().set(sessionCookie.name, token);
}

export type SignIn = { ok: boolean; refused: boolean; status: number; location: string; ms: number; cookies: Cookies };

/** What the sign-in page gives a browser before it signs in: next-auth's CSRF cookie and the form's token. */
export type SignInPage = { cookies: Cookies; csrfToken: string };

/** The sign-in page's part, as next-auth's GET /api/auth/csrf gives it (the page reads the same cookie). */
export async function openSignInPage(to: Target): Promise<SignInPage> {
  const csrf = await request(to, "GET", "/api/auth/csrf");
  const { csrfToken } = JSON.parse(csrf.text()) as { csrfToken: string };
  return { cookies: new Cookies().take(csrf), csrfToken };
}

/**
 * The sign-in form's POST to /api/auth/callback/credentials (lib/auth/sign-in.ts), from a browser that has
 * the sign-in page open (`page`), or first opening it. It worked when the session cookie was set; the login
 * throttle's refusal is a redirect to /signin?error=TooManyAttempts.
 */
export async function signIn(to: Target, username: string, password: string, page?: SignInPage): Promise<SignIn> {
  const started = performance.now();
  const { cookies: pageCookies, csrfToken } = page ?? (await openSignInPage(to));
  const cookies = pageCookies.copy();
  const reply = await request(to, "POST", "/api/auth/callback/credentials", {
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.header, Origin: to.origin },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${to.origin}/dashboard` }).toString(),
  });
  cookies.take(reply);
  const location = String(reply.headers.location ?? "");
  return { ok: cookies.has(sessionCookie.name), refused: location.includes("TooManyAttempts"), status: reply.status, location, ms: performance.now() - started, cookies };
}

/** Builds a multipart/form-data body; repeated names go through as given. */
export function multipart(parts: [string, string][]): { body: Buffer; contentType: string } {
  const boundary = `----colloquybench${Math.random().toString(16).slice(2)}`;
  const chunks = parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(chunks.join("") + `--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A server action called as Next's client calls it (see e2e/http.ts): POST to a page that carries it with
 * `Next-Action: <id>`; the arguments are React's encodeReply of (previous state, FormData), the form's fields
 * as parts "_1_<name>" and part "0" (sent last) naming them.
 */
export function callAction(to: Target, page: string, actionId: string, cookies: Cookies, fields: [string, string][]): Promise<Reply> {
  const parts: [string, string][] = fields.map(([name, value]) => [`_1_${name}`, value]);
  parts.push(["0", JSON.stringify([{ status: "idle" }, "$K1"])]);
  const { body, contentType } = multipart(parts);
  return request(to, "POST", page, {
    headers: { "Next-Action": actionId, "Content-Type": contentType, Accept: "text/x-component", Origin: to.origin, Cookie: cookies.header },
    body,
  });
}

export type SseEvent = { id?: string; event: string; data: string; at: number };

/** An open Server-Sent Events stream: every event is handed to `onEvent` with the moment it arrived. */
export type Stream = { status: number; close: () => void; closed: Promise<void> };

export function openStream(to: Target, path: string, cookies: Cookies, onEvent: (event: SseEvent) => void): Promise<Stream> {
  return new Promise((resolve, reject) => {
    // Its own socket (no agent): a stream holds its connection for as long as it is open, as EventSource does.
    const req = http.request({ host: to.host, port: to.port, path, method: "GET", agent: false, headers: { Accept: "text/event-stream", Cookie: cookies.header } }, (res) => {
      let buffer = "";
      let done: () => void = () => {};
      const closed = new Promise<void>((r) => (done = r));
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: "message", data: "", at };
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) continue;
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") event.event = value;
            else if (field === "data") event.data += (event.data ? "\n" : "") + value;
            else if (field === "id") event.id = value;
          }
          if (event.data || event.event !== "message") onEvent(event);
        }
      });
      res.on("close", () => done());
      res.on("error", () => done());
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy(), closed });
    });
    req.on("error", reject);
    req.end();
  });
}

/** The `<script src>` chunks a page references (Next's own, by path). */
export function scriptSources(html: string): string[] {
  return [...new Set([...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")))];
}
