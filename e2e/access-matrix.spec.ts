import type { BrowserContext } from "@playwright/test";
import { ACCESS_MATRIX, ROLE_LABEL, ROLES, seedPersonas, seedSet, type ActionRow, type MatrixRole, type MatrixRow, type Outcome, type Personas, type SeedSet } from "./access-matrix";
import { changedTables, fingerprint } from "./checksum";
import { expect, test, testDb } from "./fixtures";
import { actionManifest, callAction, doorsInAppTree, FORM, fillRoute, openStream, signInContext } from "./http";

/*
 * Every door of the app × five people, from the route tree: the allowed ones work, the rest are refused
 * (404 for a signed-in person, sign-in or 401 for a stranger) and change no row of any table. A page,
 * route method or server action that is not in e2e/access-matrix.ts fails the first test.
 */

const doors = doorsInAppTree();
const manifest = actionManifest();

test("every page, route handler and server action in app/ is in the access matrix", () => {
  const missing = doors.filter((d) => !(d.key in ACCESS_MATRIX)).map((d) => `${d.key}: add it to the access matrix (e2e/access-matrix.ts)`);
  const stale = Object.keys(ACCESS_MATRIX)
    .filter((key) => !doors.some((d) => d.key === key))
    .map((key) => `${key}: no longer in app/, remove it from the access matrix`);
  const kinds = doors.filter((d) => d.key in ACCESS_MATRIX && ACCESS_MATRIX[d.key]!.kind !== d.kind).map((d) => `${d.key}: is a ${d.kind} in app/`);
  // An action no client component uses has no id in the build, so it cannot be called: say so rather than skip it.
  const unbuilt = doors.filter((d) => d.kind === "action" && !manifest.has(d.key)).map((d) => `${d.key}: not in .next/server/server-reference-manifest.json (rebuild?)`);
  expect([...missing, ...stale, ...kinds, ...unbuilt]).toEqual([]);
  // The walk itself works: it finds the kinds of doors the app is known to have.
  expect(doors.filter((d) => d.kind === "page").length).toBeGreaterThan(15);
  expect(doors.filter((d) => d.kind === "route").length).toBeGreaterThan(5);
  expect(doors.filter((d) => d.kind === "action").length).toBeGreaterThan(20);
});

let personas: Personas;
test.beforeAll(async () => {
  personas = await seedPersonas();
});

const usernameOf = (role: MatrixRole) => (role === "anonymous" ? null : personas[role].username);

/** What came back, in the words of the matrix. */
type Got = { status: number; redirect: string | null; state?: string | null; contentType?: string; text: string };

function describe(got: Got) {
  return `${got.status}${got.redirect ? ` → ${got.redirect}` : ""}${got.state ? ` (${got.state})` : ""}`;
}

function matches(outcome: Outcome, got: Got, kind: MatrixRow["kind"], stream: boolean): boolean {
  // A page redirects with a 3xx; an action called by fetch answers 200 with an x-action-redirect header.
  const redirected = got.redirect !== null && (kind === "action" || (got.status >= 300 && got.status < 400));
  const path = got.redirect ? new URL(got.redirect, "http://x").pathname + new URL(got.redirect, "http://x").search : "";
  if (outcome === "signin") return redirected && /^\/signin(\?|$)/.test(path);
  if (outcome === 401 || outcome === 404) return got.status === outcome;
  if (typeof outcome === "object") return "redirect" in outcome ? redirected && path.startsWith(outcome.redirect) : got.status === outcome.status;
  if (outcome === "refused") return got.status === 200 && got.state === "error" && !got.redirect;
  // ok / same
  if (kind === "action") return got.status < 400 && got.state !== "error" && !(got.redirect && /^\/signin/.test(path));
  if (stream) return got.status === 200 && !!got.contentType?.startsWith("text/event-stream");
  return got.status === 200;
}

const outsider = (role: MatrixRole) => role === "anonymous" || role === "otherStudent" || role === "otherInstructor";

for (const role of ROLES) {
  test(`access matrix: ${ROLE_LABEL[role]}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext();
    const username = usernameOf(role);
    if (username) await signInContext(context, username);
    const failures: string[] = [];

    for (const [key, row] of Object.entries(ACCESS_MATRIX)) {
      const want = row.expect[role];
      const set = await seedSet(personas, row.set);
      const before = await fingerprint(testDb());
      let got: Got;
      try {
        got = await knock(context, role, key, row, set);
      } catch (error) {
        failures.push(`${key} as ${ROLE_LABEL[role]}: ${(error as Error).message}`);
        continue;
      }
      const changed = changedTables(before, await fingerprint(testDb()));
      const stream = row.kind === "route" && !!row.stream;
      const label = `${key} as ${ROLE_LABEL[role]}`;
      if (!matches(want, got, row.kind, stream)) failures.push(`${label}: expected ${JSON.stringify(want)}, got ${describe(got)}`);
      // Only an allowed action or an allowed request with a body (the draft PUT) may change rows; a GET never does.
      const mayChange = want === "ok" && (row.kind === "action" || (row.kind === "route" && row.body !== undefined));
      if (!mayChange && changed.length > 0) failures.push(`${label}: changed ${changed.join(", ")}`);
      if (row.kind === "action" && want === "ok" && changed.length === 0) failures.push(`${label}: allowed, but changed nothing (${describe(got)})`);
      // No one is told another class's names, answers or join code: outsiders never, and no one when refused.
      const mayRead = want === "ok" || want === "same" ? !outsider(role) || (row.kind === "action" && !!row.joinsClass) : false;
      if (!mayRead) {
        const shown = row.kind === "page" && row.namesClass ? [set.className, set.joinCode] : [];
        const leaked = set.secrets.filter((s) => !shown.includes(s) && got.text.includes(s));
        if (leaked.length > 0) failures.push(`${label}: response contains ${leaked.join(", ")}`);
      }
    }
    await context.close();
    expect(failures).toEqual([]);
  });
}

async function knock(context: BrowserContext, role: MatrixRole, key: string, row: MatrixRow, set: SeedSet): Promise<Got> {
  const signedIn = (await context.cookies()).some((c) => c.name.includes("session-token"));
  const request = context.request;
  if (row.kind === "page") {
    const door = doors.find((d) => d.key === key)!;
    const path = fillRoute(door.kind === "page" ? door.route : "", row.params?.(set, personas) ?? {});
    const response = await request.get(path, { maxRedirects: 0, failOnStatusCode: false });
    return { status: response.status(), redirect: response.headers()["location"] ?? null, text: await response.text() };
  }
  if (row.kind === "route") {
    const door = doors.find((d) => d.key === key)!;
    if (door.kind !== "route") throw new Error("not a route");
    const path = fillRoute(door.route, row.params?.(set, personas) ?? {}) + (row.suffix ?? "");
    if (row.stream) {
      const opened = await openStream(signedIn ? context : null, path);
      return { status: opened.status, redirect: null, contentType: opened.contentType, text: opened.text };
    }
    const response = await request.fetch(path, {
      method: door.method,
      ...(row.body ? (door.method === "POST" ? { form: row.body(set) as Record<string, string> } : { data: row.body(set) }) : {}),
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    return { status: response.status(), redirect: response.headers()["location"] ?? null, contentType: response.headers()["content-type"], text: await response.text() };
  }
  return callRow(context, role, key, row, set);
}

async function callRow(context: BrowserContext, role: MatrixRole, key: string, row: ActionRow, set: SeedSet): Promise<Got> {
  const built = manifest.get(key);
  if (!built) throw new Error("not in the build's action manifest");
  const route = row.page ?? built.pages[0];
  if (!route) throw new Error("no page carries this action");
  const page = fillRoute(route, row.params?.(set, personas) ?? {});
  const saved = row.signsIn ? await context.cookies() : null;
  const reply = await callAction(context.request, { page, id: built.id, args: row.args?.(set) ?? [{ status: "idle" }, FORM], fields: await row.form(set, personas, role) });
  if (saved) {
    await context.clearCookies();
    await context.addCookies(saved);
  }
  return reply;
}
