/*
 * What the server (scripts/server.mjs) decides around Next, small enough to test on its own.
 *
 * 1. Oversized server actions. Next stops reading a server action's body past
 *    `serverActions.bodySizeLimit` (next.config.js sets it to UPLOAD_ACTION_BODY_LIMIT), but then answers
 *    500 as if the app had failed. A POST that Next would treat as a server action is refused here
 *    instead, before Next reads anything: 413 when its Content-Length is over the limit, 411 when it has
 *    none (browsers always send one for a form post or an action's fetch; only a hand-made chunked
 *    request has none, and its size could not be known without reading it).
 * 2. Client hang-ups. A student closing the laptop lid mid-request is not a server error, but Next logs
 *    the "aborted" / ECONNRESET / EPIPE error of the request it was reading or writing as one.
 */

/** What a server action may carry: 1 MB (Next's default), except on the pages that take an uploaded file. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;
/** The lesson pages that upload a file (up to 2 MB, lib/authoring/read-text.ts) with room for the form around it. */
export const UPLOAD_ACTION_BODY_LIMIT = 3 * 1024 * 1024;
const UPLOAD_PAGES = /^\/teach\/lessons\/(?:new|\d+\/edit)\/?$/;

/** @param {string | undefined} url */
export function serverActionLimit(url) {
  return UPLOAD_PAGES.test(routedPath(url)) ? UPLOAD_ACTION_BODY_LIMIT : SERVER_ACTION_BODY_LIMIT;
}

/** The path as a router sees it, dot segments resolved ("/api/../teach" is /teach). */
function routedPath(url = "/") {
  try {
    return new URL(url, "http://localhost").pathname;
  } catch {
    return url;
  }
}

/**
 * The same test as Next's (next/dist/server/lib/server-action-request-meta.js): a POST with a
 * `next-action` header, or a form post. Route handlers under /api/ take their own bodies and limits.
 * @param {{ method?: string, url?: string, headers: Record<string, string | string[] | undefined> }} req
 */
export function isPossibleServerAction(req) {
  if (req.method !== "POST" || routedPath(req.url).startsWith("/api/")) return false;
  const type = String(req.headers["content-type"] ?? "");
  return req.headers["next-action"] !== undefined || type.startsWith("multipart/form-data") || type === "application/x-www-form-urlencoded";
}

/**
 * @param {{ method?: string, url?: string, headers: Record<string, string | string[] | undefined> }} req
 * @returns {{ status: 411 | 413, message: string } | null}
 */
export function refuseServerAction(req, limit = serverActionLimit(req.url)) {
  if (!isPossibleServerAction(req)) return null;
  const length = req.headers["content-length"];
  if (typeof length !== "string" || !/^\d+$/.test(length)) return { status: 411, message: "This form was sent without a Content-Length; send it again from the page." };
  if (Number(length) > limit) return { status: 413, message: `Too much to send at once: a form can carry at most ${Math.floor(limit / 1024 / 1024)} MB. Send less (a smaller file, a shorter text) and try again.` };
  return null;
}

/**
 * A path Next cannot decode (a malformed %-escape such as `/join/%E0%A4%A`) is a bad request, not a server
 * error: Next's decodeURIComponent of the route segment would throw and answer 500.
 * @param {{ url?: string }} req
 * @returns {{ status: 400, message: string } | null}
 */
export function refuseMalformedPath(req) {
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    return { status: 400, message: "That address is not a valid web address." };
  }
}

const HANGUP_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE", "UND_ERR_SOCKET"]);

/**
 * True for the error of a connection the client closed: Node's `Error: aborted` (code ECONNRESET) on a
 * request body, EPIPE / ECONNRESET writing a response, or a stream error wrapping one of them (`cause`).
 * @param {unknown} error
 */
export function isClientHangup(error) {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = /** @type {{ cause?: unknown }} */ (e).cause, depth++) {
    const { code, message } = /** @type {{ code?: unknown, message?: unknown }} */ (e);
    if (typeof code === "string" && HANGUP_CODES.has(code)) return true;
    if (message === "aborted") return true;
  }
  return false;
}

/**
 * Wraps `console.error` so that a line whose arguments carry a client hang-up is dropped; every other
 * error is logged as before. Next logs a failed request through console.error (" ⨯", error), which is
 * the one place these surface.
 * @param {Pick<Console, "error">} target
 */
export function silenceClientHangups(target) {
  const log = target.error.bind(target);
  target.error = (...args) => {
    if (args.some(isClientHangup)) return;
    log(...args);
  };
}
