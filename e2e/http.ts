import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse, BrowserContext } from "@playwright/test";
import { PASSWORD } from "./fixtures";

/*
 * Raw HTTP to the app, as a browser (or an attacker's script) would send it: the route tree read from
 * app/, server actions called the way Next's client calls them, streams opened and dropped.
 */

const root = path.resolve(__dirname, "..");
export const baseURL = process.env.E2E_BASE_URL ?? "http://localhost:3211";

export type Door =
  | { kind: "page"; key: string; file: string; route: string }
  | { kind: "route"; key: string; file: string; route: string; method: string }
  | { kind: "action"; key: string; file: string; name: string };

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** app/a/(group)/[id]/page.tsx → /a/[id] */
function routeOf(file: string): string {
  const dirs = path.dirname(file).split("/").slice(1).filter((d) => !/^\(.*\)$/.test(d) && !d.startsWith("@"));
  return "/" + dirs.join("/");
}

/** Names a module exports as values: `export (async) function x`, `export const x`, `export { a, b as c }`. */
function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/^export\s+(?:default\s+)?(?:async\s+)?(?:function\s*\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]!);
  for (const m of source.matchAll(/^export\s*\{([^}]*)\}/gm))
    for (const part of m[1]!.split(",")) {
      if (/^\s*type\s/.test(part)) continue;
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  return [...names];
}

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? walk(rel) : [rel];
  });
}

const isUseServer = (source: string) => /^(?:\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*["']use server["']/.test(source);

/** Every door into the app: each page, each method of each route handler, each exported server action. */
export function doorsInAppTree(): Door[] {
  const doors: Door[] = [];
  for (const file of walk("app").sort()) {
    const base = path.basename(file);
    if (/^page\.(tsx?|jsx?)$/.test(base)) doors.push({ kind: "page", key: file, file, route: routeOf(file) });
    else if (/^route\.(ts|js)$/.test(base)) {
      const source = fs.readFileSync(path.join(root, file), "utf8");
      for (const method of exportedNames(source).filter((n) => HTTP_METHODS.includes(n)))
        doors.push({ kind: "route", key: `${method} ${file}`, file, route: routeOf(file), method });
    } else if (/\.(tsx?|jsx?)$/.test(base)) {
      const source = fs.readFileSync(path.join(root, file), "utf8");
      if (!isUseServer(source)) continue;
      for (const name of exportedNames(source)) doors.push({ kind: "action", key: `${file}#${name}`, file, name });
    }
  }
  return doors;
}

/** Replaces [segment]s of an app route with values. */
export function fillRoute(route: string, params: Record<string, string | number>): string {
  return route.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`No value for [${name}] in ${route}`);
    return encodeURIComponent(String(params[name]));
  });
}

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

/**
 * The build's server actions: (file, export) → action id, and the pages whose bundle carries it. Read from
 * .next/server/server-reference-manifest.json (written by `next build`, which the e2e server runs).
 */
export function actionManifest(): Map<string, { id: string; pages: string[] }> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, ManifestEntry> };
  const out = new Map<string, { id: string; pages: string[] }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) throw new Error(`The action manifest no longer names files and exports (id ${id}): update e2e/http.ts.`);
    const pages = Object.keys(entry.workers)
      .filter((w) => w.startsWith("app/") && w.endsWith("/page"))
      .map((w) => routeOf(`${w}.tsx`));
    out.set(`${entry.filename}#${entry.exportedName}`, { id, pages });
  }
  return out;
}

/** The FormData argument's place in an action's arguments. */
export const FORM = Symbol("form");

export type FormValue = string | { name: string; type: string; body: Buffer };
export type FormFields = [string, FormValue][];

/**
 * The request body React's client sends for a server action (react-server-dom `encodeReply`): part "0"
 * holds the arguments as JSON; a FormData argument becomes "$K<n>" with its fields as parts "_<n>_<name>" (React 19.3).
 * Strings that start with "$" are escaped as "$$". Part "0" comes last (see below).
 */
export function encodeActionArgs(args: unknown[], fields: FormFields, rawArgs?: string) {
  const parts: [string, string | { name: string; mimeType: string; buffer: Buffer }][] = [];
  const json = rawArgs ?? JSON.stringify(args, (_k, v) => (v === FORM ? "$K1" : typeof v === "string" && v.startsWith("$") ? `$${v}` : v));
  for (const [name, value] of fields) parts.push([`_1_${name}`, typeof value === "string" ? value : { name: value.name, mimeType: value.type, buffer: value.body }]);
  // Last, as React sends it: the server reads the arguments as soon as part "0" arrives.
  parts.push(["0", json]);
  return parts;
}

/** Builds a multipart/form-data body by hand, so that repeated names and raw (even invalid UTF-8) bytes go through as given. */
export function multipartBody(parts: [string, string | Buffer | { name: string; mimeType: string; buffer: Buffer }][]): { body: Buffer; contentType: string } {
  const boundary = `----colloquy${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"`));
    if (typeof value === "string" || Buffer.isBuffer(value)) {
      chunks.push(Buffer.from("\r\n\r\n"), Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8"), Buffer.from("\r\n"));
    } else {
      chunks.push(Buffer.from(`; filename="${value.name}"\r\nContent-Type: ${value.mimeType}\r\n\r\n`), value.buffer, Buffer.from("\r\n"));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export type ActionReply = { status: number; redirect: string | null; text: string; state: string | null };

/** Calls a server action as Next's client does: POST to a page that carries it, with `Next-Action: <id>`. */
export async function callAction(
  request: APIRequestContext,
  { page, id, args, fields, rawArgs, rawParts }: { page: string; id: string; args: unknown[]; fields: FormFields; rawArgs?: string; rawParts?: [string, string | Buffer][] },
): Promise<ActionReply> {
  const { body, contentType } = multipartBody(rawParts ?? encodeActionArgs(args, fields, rawArgs));
  const response = await request.post(page, {
    headers: { "Next-Action": id, "Content-Type": contentType, Accept: "text/x-component", Origin: baseURL },
    data: body,
    maxRedirects: 0,
    failOnStatusCode: false,
    timeout: 30_000,
  });
  return actionReply(response);
}

async function actionReply(response: APIResponse): Promise<ActionReply> {
  const text = await response.text();
  const headers = response.headers();
  const redirect = headers["x-action-redirect"]?.split(";")[0] ?? headers["location"] ?? null;
  return { status: response.status(), redirect, text, state: redirect ? null : actionState(text) };
}

/**
 * The `status` of the action's return value (a FormState or the lesson form's state): row 0 of the flight
 * payload points at it ("a": "$@<row>").
 */
function actionState(text: string): string | null {
  const rows = new Map(text.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]));
  try {
    const ref = (JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null)?.a;
    if (typeof ref !== "string" || !ref.startsWith("$@")) return null;
    const value = JSON.parse(rows.get(ref.slice(2)) ?? "null") as { status?: unknown } | null;
    return typeof value?.status === "string" ? value.status : null;
  } catch {
    return null;
  }
}

/** Signs a browser context in through next-auth's credentials callback (the sign-in form's own request). */
export async function signInContext(context: BrowserContext, username: string, password = PASSWORD): Promise<void> {
  const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, username, password, callbackUrl: `${baseURL}/`, json: "true" },
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const cookies = await context.cookies();
  if (!cookies.some((c) => c.name.includes("session-token"))) throw new Error(`Sign-in as ${username} failed (${response.status()})`);
}

export type StreamOpen = { status: number; contentType: string; text: string };

/**
 * Opens a stream with the context's cookies and drops it once its headers (and, if it is a stream, the
 * first chunk) have arrived: an SSE response never ends on its own.
 */
export async function openStream(context: BrowserContext | null, pathname: string, headers: Record<string, string> = {}): Promise<StreamOpen> {
  const cookies = context ? await context.cookies(baseURL) : [];
  const controller = new AbortController();
  const response = await fetch(new URL(pathname, baseURL), {
    headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; "), Accept: "text/event-stream", ...headers },
    redirect: "manual",
    signal: controller.signal,
  });
  const contentType = response.headers.get("content-type") ?? "";
  let text = "";
  if (contentType.startsWith("text/event-stream")) {
    const reader = response.body!.getReader();
    const chunk = await reader.read();
    text = chunk.value ? Buffer.from(chunk.value).toString("utf8") : "";
    controller.abort();
  } else {
    text = await response.text();
  }
  return { status: response.status, contentType, text };
}
