import { request as playwrightRequest, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { ACCESS_MATRIX, lessonFacts, ROLES, seedPersonas, seedSet, type ActionRow, type MatrixRole, type Personas, type RouteRow, type SeedSet } from "./access-matrix";
import { cachedFingerprint, changedTables } from "./checksum";
import { expect, forgetAddressCounters, test, testDb, testSqliteFile } from "./fixtures";
import { actionManifest, baseURL, callAction, doorsInAppTree, FORM, fillRoute, openStream, signInContext, type FormFields } from "./http";
import type { loginThrottle } from "@/db/schema";

/*
 * Bad input at every route handler and server action (enumerated from app/ and the build's action
 * manifest, as the access matrix does), sent by someone allowed to use it so that it reaches validation:
 * wrong types, missing fields, huge bodies, deeply nested JSON, NUL bytes, invalid UTF-8, RTL and emoji,
 * HTML and formula payloads. No answer is a 5xx, and nothing changes but what the door legitimately
 * stores; stored payloads render as text on the pages that show them.
 */

/**
 * 5xx answers (or changed rows) that other branches are fixing right now, so this suite is green on main
 * meanwhile. Each names its point in issue 9; once that branch is merged, delete its line here and the
 * suite holds the fix in place.
 */
const KNOWN_BEING_FIXED: Allowance[] = [
];

/**
 * 5xx answers this suite found that no branch is fixing yet (see the report on the gates branch). They
 * change nothing and leak nothing, but are errors in the log where a 4xx was due. Fix, then delete the line.
 */
const FOUND_NOT_YET_FIXED: Allowance[] = [
  // React's decodeReply throws on an argument payload that is not JSON, not a list, or nested past the
  // stack (before any of our code runs), and Next answers a throw with 500.
  { door: /#/, variant: /^arguments not (JSON|a list)$|nested 10k deep$/, what: "5xx", point: "framework: malformed action arguments" },
];

type Allowance = { door: RegExp; variant: RegExp; what: "5xx" | "changed"; point: string };

const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`;
const TEXT_PAYLOADS: [string, string | Buffer][] = [
  ["HTML and script", XSS],
  ["NUL bytes", "before\u0000after\u0000"],
  ["RTL and emoji", "\u202Eكلمة\u202C עברית 👩🏽‍🏫🇺🇦 \u200F"],
  ["formula prefix", "=HYPERLINK(\"http://evil.example\",\"x\")"],
  ["formula after spaces", "  +cmd|' /C calc'!A0"],
  ["invalid UTF-8", Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x62])],
  ["2 MB", "a".repeat(2 * 1024 * 1024)],
];
/** For ids, numbers and choices: what a tampered form might carry. */
const JUNK: [string, string][] = [
  ["empty", ""],
  ["a space", " "],
  ["hex", "0x2"],
  ["negative", "-1"],
  ["fraction", "1.5"],
  ["exponent", "1e309"],
  ["NaN", "NaN"],
  ["400 digits", "9".repeat(400)],
  ["NUL", "1\u0000"],
  ["Arabic digits", "١٢"],
];
const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

/** The free-text fields of each action: the ones whose value is stored and shown to someone. */
const TEXT_FIELDS: Record<string, string[]> = {
  "app/account/password/actions.ts#changePassword": ["current", "password", "confirm"],
  "app/setup/actions.ts#setUpFirstInstructor": ["displayName", "username", "password"],
  "app/join/actions.ts#signUpWithCode": ["displayName", "username", "password"],
  "app/assignments/[assignmentId]/actions.ts#saveOrSubmitLesson": ["intent", `q:${lessonFacts.shortQuestion.id}`],
  "app/debates/[debateId]/actions.ts#postAction": ["body"],
  "app/teach/actions.ts#createClassAction": ["name"],
  "app/teach/classes/[classId]/class-actions.ts#renameClassAction": ["name"],
  "app/teach/actions.ts#addInstructorAction": ["displayName", "username", "password"],
  "app/teach/classes/[classId]/import/actions.ts#importRosterAction": ["csv"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/grade/actions.ts#saveGrade": ["comment"],
  "app/teach/actions.ts#assignLessonAction": ["instructions"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#updateAssignmentAction": ["instructions"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#returnAttemptAction": ["note"],
  "app/teach/lessons/actions.ts#createLessonAction": ["title", "text"],
  "app/teach/lessons/[lessonId]/edit/import-actions.ts#importQuestionsAction": ["text"],
};

/** What a door may change when it accepts a payload (its own rows); anything else changing is a failure. */
const STORES: Record<string, string[]> = {
  "app/account/password/actions.ts#changePassword": ["users"],
  "app/join/actions.ts#signUpWithCode": ["users", "enrollments"],
  "app/assignments/[assignmentId]/actions.ts#saveOrSubmitLesson": ["attempts", "responses"],
  "app/debates/[debateId]/actions.ts#postAction": ["debate_posts", "debate_events", "debate_sessions"],
  "app/teach/actions.ts#createClassAction": ["classes"],
  "app/teach/classes/[classId]/class-actions.ts#renameClassAction": ["classes"],
  "app/teach/actions.ts#addInstructorAction": ["users"],
  "app/teach/classes/[classId]/import/actions.ts#importRosterAction": ["users", "enrollments"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/grade/actions.ts#saveGrade": ["responses", "attempts", "comment_snippets"],
  "PUT app/api/assignments/[assignmentId]/draft/route.ts": ["attempts", "responses"],
  "app/teach/actions.ts#assignLessonAction": ["assignments"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#updateAssignmentAction": ["assignments"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#unassignAction": ["assignments"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#restoreAssignmentAction": ["assignments"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#setExtensionAction": ["assignment_extensions"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#removeExtensionAction": ["assignment_extensions"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#returnAttemptAction": ["attempts", "attempt_submissions"],
  "app/teach/debates/actions.ts#advanceDebateAction": ["debate_sessions", "debate_events"],
  "app/teach/lessons/actions.ts#createLessonAction": ["lessons"],
  "app/teach/lessons/actions.ts#importLessonAction": ["lessons"],
  "app/teach/lessons/actions.ts#duplicateLessonAction": ["lessons"],
  "app/teach/lessons/actions.ts#setSharingAction": ["lessons"],
  // The editor's calls take their draft as an argument, not a form: every variant of the form carries it.
  "app/teach/lessons/[lessonId]/edit/actions.ts#saveLessonDraftAction": ["lessons"],
  "app/teach/lessons/[lessonId]/edit/actions.ts#publishLessonAction": ["lessons", "lesson_versions"],
};

/** Fields a form may leave out (the action has a default for them), so leaving them out may store. */
const OPTIONAL_FIELDS: Record<string, string[]> = {
  "app/debates/[debateId]/actions.ts#postAction": ["replyTo"],
  "app/teach/actions.ts#assignLessonAction": ["dueAt", "latePolicy", "instructions"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#updateAssignmentAction": ["dueAt", "instructions"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#setExtensionAction": ["dueAt"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#returnAttemptAction": ["note"],
  "app/teach/classes/[classId]/assignments/[assignmentId]/grade/actions.ts#saveGrade": ["comment"],
  "app/teach/debates/actions.ts#advanceDebateAction": ["timer"],
  "app/teach/lessons/actions.ts#createLessonAction": ["title"],
};

/** Doors that save whatever part of their input is valid (a draft keeps the answers it can read), so any variant may store. */
const SAVES_WHAT_IT_CAN: string[] = [
  "app/assignments/[assignmentId]/actions.ts#saveOrSubmitLesson",
  "app/teach/lessons/[lessonId]/edit/actions.ts#saveLessonDraftAction",
  "app/teach/lessons/[lessonId]/edit/actions.ts#publishLessonAction",
];

const doors = doorsInAppTree();
const manifest = actionManifest();
const fingerprintNow = cachedFingerprint(testDb(), testSqliteFile());

/** The person a door is for: bad input from them reaches validation (the owner where the owner may). */
function roleFor(key: string): MatrixRole {
  const row = ACCESS_MATRIX[key]!;
  return (["owner", "student", "anonymous", "otherStudent", "otherInstructor"] as const).find((r) => row.expect[r] === "ok" || row.expect[r] === "same") ?? "owner";
}

let personas: Personas;
const contexts = new Map<MatrixRole, BrowserContext>();
let throttleBefore: (typeof loginThrottle.$inferSelect)[] = [];

test.beforeAll(async ({ browser }) => {
  personas = await seedPersonas();
  const db = testDb();
  throttleBefore = await db.all(db.q.select().from(db.t.loginThrottle));
  for (const role of ROLES) {
    const context = await browser.newContext();
    if (role !== "anonymous") await signInContext(context, personas[role].username);
    contexts.set(role, context);
  }
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  // Wrong join codes and failed sign-ins sent here count against this machine's address: give the
  // throttle back its state, so that specs after this one are not turned away.
  await testDb().transaction(async (tx) => {
    await tx.run(tx.q.delete(tx.t.loginThrottle));
    if (throttleBefore.length > 0) await tx.run(tx.q.insert(tx.t.loginThrottle).values(throttleBefore));
  });
});

type Result = { door: string; variant: string; status: number; changed: string[]; mayChange: string[] };

function failuresIn(results: Result[]): string[] {
  const known = (r: Result, what: "5xx" | "changed") =>
    [...KNOWN_BEING_FIXED, ...FOUND_NOT_YET_FIXED].some((k) => k.what === what && k.door.test(r.door) && k.variant.test(r.variant));
  return results.flatMap((r) => [
    ...(r.status >= 500 && !known(r, "5xx") ? [`${r.door} · ${r.variant}: ${r.status}`] : []),
    ...(r.changed.some((t) => !r.mayChange.includes(t)) && !known(r, "changed") ? [`${r.door} · ${r.variant}: changed ${r.changed.join(", ")}`] : []),
  ]);
}

/**
 * Sends an oversized body on a connection of its own: a server may answer before reading all of it and
 * close the connection (that is how HTTP refuses an upload), which would break the next request on a
 * shared keep-alive connection. A connection closed that way counts as a refusal (413).
 */
async function oversized(context: BrowserContext, send: (request: APIRequestContext) => Promise<number>): Promise<number> {
  const request = await playwrightRequest.newContext({ baseURL, storageState: await context.storageState() });
  try {
    return await send(request);
  } catch (error) {
    if (/ECONNRESET|EPIPE|socket hang up/.test((error as Error).message)) return 413;
    throw error;
  } finally {
    await request.dispose();
  }
}

/** Runs one request, noting its status and what it changed. */
async function probe(results: Result[], door: string, variant: string, mayChange: string[], send: () => Promise<number>) {
  const before = await fingerprintNow();
  let status: number;
  try {
    status = await send();
  } catch (error) {
    // A connection the server dropped is as bad as a 500.
    status = 599;
    variant += ` (${(error as Error).message.split("\n")[0]})`;
  }
  results.push({ door, variant, status, changed: changedTables(before, await fingerprintNow()), mayChange });
}

for (const door of doors.filter((d) => d.kind === "action")) {
  test(`bad input to ${door.key}`, async () => {
    const row = ACCESS_MATRIX[door.key] as ActionRow;
    const built = manifest.get(door.key)!;
    const role = roleFor(door.key);
    const context = contexts.get(role)!;
    const set = await seedSet(personas, row.set);
    const page = fillRoute(row.page ?? built.pages[0]!, row.params?.(set, personas) ?? {});
    const args = row.args?.(set) ?? [{ status: "idle" }, FORM];
    const valid = await row.form(set, personas, role);
    const texts = TEXT_FIELDS[door.key] ?? [];
    const stores = STORES[door.key] ?? [];
    const results: Result[] = [];
    const always = SAVES_WHAT_IT_CAN.includes(door.key) ? stores : [];

    const call = async (variant: string, options: { fields?: FormFields; args?: unknown[]; rawArgs?: string; rawParts?: [string, string | Buffer][] }, mayChange: string[] = always) => {
      const saved = row.signsIn ? await context.cookies() : null;
      await probe(results, door.key, variant, mayChange, async () => {
        const send = { page, id: built.id, args: options.args ?? args, fields: options.fields ?? valid, rawArgs: options.rawArgs, rawParts: options.rawParts };
        if (!/MB/.test(variant)) return (await callAction(context.request, send)).status;
        return oversized(context, (request) => callAction(request, send).then((r) => r.status));
      });
      if (saved) {
        await context.clearCookies();
        await context.addCookies(saved);
      }
    };
    const replace = (name: string, value: string | Buffer): FormFields => valid.map(([k, v]) => [k, k === name ? (typeof value === "string" ? value : { name: "x.txt", type: "text/plain", body: value }) : v]);

    await call("no fields", { fields: [] });
    for (const [name] of valid) await call(`without ${name}`, { fields: valid.filter(([k]) => k !== name) }, OPTIONAL_FIELDS[door.key]?.includes(name) ? stores : always);
    for (const [name, value] of valid) {
      await call(`${name} as a file`, { fields: replace(name, Buffer.from(String(value))) });
      if (texts.includes(name)) {
        for (const [label, payload] of TEXT_PAYLOADS) {
          // Invalid UTF-8 has to go through as raw bytes, so it is sent as a part of its own.
          if (Buffer.isBuffer(payload)) {
            const parts: [string, string | Buffer][] = [...valid.map(([k, v]): [string, string | Buffer] => [`_1_${k}`, k === name ? payload : String(v)]), ["0", JSON.stringify(args, (_k, v) => (v === FORM ? "$K1" : v))]];
            await call(`${name}: ${label}`, { rawParts: parts }, stores);
          } else await call(`${name}: ${label}`, { fields: replace(name, payload) }, stores);
        }
      } else {
        // An optional field left empty is the same as leaving it out.
        const optional = OPTIONAL_FIELDS[door.key]?.includes(name);
        for (const [label, junk] of JUNK) await call(`${name}: ${label}`, { fields: replace(name, junk) }, optional && junk === "" ? stores : always);
        // The same id in hex: ids are plain decimal numbers.
        if (/^\d+$/.test(String(value)) && Number(value) > 1) await call(`${name}: the same number in hex`, { fields: replace(name, `0x${Number(value).toString(16)}`) });
        await call(`${name} twice, junk first`, { fields: [[name, "junk"], ...valid] });
      }
    }
    // The arguments themselves: not JSON, not a list, deeply nested, a form that is not a form.
    await call("arguments not JSON", { rawArgs: "[{" });
    await call("arguments not a list", { rawArgs: "5" });
    await call("no arguments", { rawArgs: "[]" });
    await call("a string for the form", { args: args.map((a) => (a === FORM ? "not a form" : a)) });
    await call("previous state nested 10k deep", { rawArgs: JSON.stringify(args.map((a) => (a === FORM ? "$K1" : a))).replace('{"status":"idle"}', deep(10_000)) });
    await call("previous state an object nested 10k deep", { rawArgs: JSON.stringify(args.map((a) => (a === FORM ? "$K1" : a))).replace('{"status":"idle"}', deepObject(10_000)) });
    if (typeof args[0] === "number") {
      for (const [label, bound] of [["a string", "abc"], ["null", null], ["an object", {}], ["a list", [1]], ["huge", 1e308], ["negative", -1], ["fraction", 1.5], ["a number as text", String(args[0])]] as const)
        await call(`bound id as ${label}`, { args: [bound, ...args.slice(1)] });
    }
    await call("a 3 MB extra field", { fields: [...valid, ["x", "a".repeat(3 * 1024 * 1024)]] });

    expect(failuresIn(results)).toEqual([]);
  });
}

test("bad input to every route handler", async () => {
  test.setTimeout(120_000);
  const results: Result[] = [];
  for (const door of doors.filter((d) => d.kind === "route")) {
    if (door.kind !== "route") continue;
    const row = ACCESS_MATRIX[door.key] as RouteRow;
    const role = roleFor(door.key);
    const context = contexts.get(role)!;
    const set = await seedSet(personas, row.set);
    const params = row.params?.(set, personas) ?? {};
    const stores = STORES[door.key] ?? [];
    const send = (path: string, options: { body?: Buffer | string; headers?: Record<string, string> } = {}) => async () => {
      if (row.stream && door.method === "GET") return (await openStream(context, path, options.headers)).status;
      const fetch = (request: APIRequestContext) =>
        request.fetch(path, { method: door.method, data: options.body, headers: options.headers, maxRedirects: 0, failOnStatusCode: false, timeout: 30_000 }).then((r) => r.status());
      return (options.body?.length ?? 0) > 1024 * 1024 ? oversized(context, fetch) : fetch(context.request);
    };
    const path = fillRoute(door.route, params) + (row.suffix ?? "");
    // Each dynamic segment in turn, replaced with junk.
    for (const name of Object.keys(params))
      for (const [label, junk] of [...JUNK, ["path traversal", "../../etc/passwd"], ["emoji", "💥"], ["encoded NUL", "%00"]] as const) {
        const bad = door.route.replace(new RegExp(`\\[(?:\\.\\.\\.)?${name}\\]`), junk === "%00" ? "%00" : encodeURIComponent(junk));
        await probe(results, door.key, `${name}: ${label}`, [], send(fillRoute(bad, params) + (row.suffix ?? "")));
      }
    await probe(results, door.key, "junk query", [], send(`${path}?after=-1&after=%00&x=${"y".repeat(4000)}`));
    if (row.stream) {
      for (const [label, value] of [["text", "abc"], ["negative", "-5"], ["huge", "1e400"], ["hex", "0x10"]] as const)
        await probe(results, door.key, `Last-Event-ID: ${label}`, [], send(path, { headers: { "Last-Event-ID": value } }));
    }
    if (door.method === "PUT" || door.method === "POST") {
      const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { "Content-Type": "application/json" } });
      const shortId = lessonFacts.shortQuestion.id;
      const bodies: [string, { body: Buffer | string; headers?: Record<string, string> }][] = [
        ["empty body", { body: "" }],
        ["not JSON", { body: "{answers:", headers: { "Content-Type": "application/json" } }],
        ["a list", json([])],
        ["no answers", json({})],
        ["answers a number", json({ answers: 5 })],
        ["answers a list", json({ answers: [1, 2] })],
        ["an unknown question", json({ answers: { nope: { text: "x" } } })],
        ["an answer of the wrong type", json({ answers: { [shortId]: { text: 5 } } })],
        ["an answer that is a list", json({ answers: { [shortId]: ["x"] } })],
        ["__proto__ as a question", { body: `{"answers":{"__proto__":{"text":"x"}}}`, headers: { "Content-Type": "application/json" } }],
        ["10k questions", json({ answers: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`q${i}`, null])) })],
        ["nested 10k deep", { body: `{"answers":{"${shortId}":${deep(10_000)}}}`, headers: { "Content-Type": "application/json" } }],
        ["an object nested 10k deep", { body: `{"answers":{"${shortId}":${deepObject(10_000)}}}`, headers: { "Content-Type": "application/json" } }],
        ["invalid UTF-8", { body: Buffer.concat([Buffer.from(`{"answers":{"${shortId}":{"text":"`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(`"}}}`)]), headers: { "Content-Type": "application/json" } }],
        ["form-encoded", { body: "username=%00&password=" + "x".repeat(5000), headers: { "Content-Type": "application/x-www-form-urlencoded" } }],
        ["2 MB", { body: JSON.stringify({ answers: { [shortId]: { text: "a".repeat(2 * 1024 * 1024) } } }), headers: { "Content-Type": "application/json" } }],
      ];
      for (const [label, payload] of TEXT_PAYLOADS.filter(([, p]) => typeof p === "string" && p.length < 10_000))
        bodies.push([`answer text: ${label}`, json({ answers: { [shortId]: { text: payload } } })]);
      // Stored: answer texts, and a "__proto__" key, which JSON.parse keeps but zod's record drops (an empty save).
      const stored = (label: string) => label.startsWith("answer text") || label.startsWith("__proto__") || label === "invalid UTF-8";
      for (const [label, body] of bodies) await probe(results, door.key, label, stored(label) ? stores : [], send(path, body));
    }
  }
  // next-auth's own endpoints, with bad sign-in input carrying a valid CSRF token (so it reaches our authorize()).
  const anonymous = contexts.get("anonymous")!;
  const { csrfToken } = (await (await anonymous.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  for (const sub of ["session", "csrf", "providers", "nope", "callback/nope", "signin/nope", "error?error=%00"])
    await probe(results, "GET app/api/auth/[...nextauth]/route.ts", `/api/auth/${sub}`, [], async () => (await anonymous.request.get(`/api/auth/${sub}`, { maxRedirects: 0, failOnStatusCode: false })).status());
  for (const [label, username, password] of [
    ["NUL bytes", "a\u0000b", "c\u0000d"],
    ["RTL and emoji", "\u202Eadmin👩🏽‍🏫", "🔑🔑🔑🔑🔑🔑🔑🔑"],
    ["HTML", XSS, XSS],
    ["huge", "u".repeat(100_000), "p".repeat(1024 * 1024)],
  ] as const)
    await probe(results, "POST app/api/auth/[...nextauth]/route.ts", `sign-in with ${label}`, [], () =>
      oversized(anonymous, async (request) => (await request.post("/api/auth/callback/credentials", { form: { csrfToken, username, password, json: "true" }, maxRedirects: 0, failOnStatusCode: false })).status()),
    );
  expect(failuresIn(results)).toEqual([]);
});

test("bad ids in every page's address", async () => {
  const results: Result[] = [];
  const context = contexts.get("owner")!;
  const set = await seedSet(personas);
  for (const door of doors.filter((d) => d.kind === "page" && d.route.includes("["))) {
    if (door.kind !== "page") continue;
    const row = ACCESS_MATRIX[door.key]!;
    const params = row.params?.(set, personas) ?? {};
    for (const name of Object.keys(params))
      for (const [label, junk] of [...JUNK.filter(([, j]) => j !== ""), ["emoji", "💥"], ["encoded NUL", "%00"], ["bad percent", "%E0%A4%A"]] as const) {
        const raw = junk.startsWith("%") ? junk : encodeURIComponent(junk);
        const path = fillRoute(door.route.replace(new RegExp(`\\[${name}\\]`), raw), params);
        await probe(results, door.key, `${name}: ${label}`, [], async () => (await context.request.get(path, { maxRedirects: 0, failOnStatusCode: false })).status());
      }
  }
  expect(failuresIn(results)).toEqual([]);
});

test("stored payloads render as text wherever they are shown", async ({ browser }) => {
  // The suites before sent many wrong join codes from this one (loopback) address.
  await forgetAddressCounters();
  const { student } = personas;
  const set = await seedSet(personas, { debate: "opening" });
  const ownerContext = contexts.get("owner")!;
  const studentContext = contexts.get("student")!;
  const act = async (context: BrowserContext, key: string, s: SeedSet, fields: FormFields, pageOverride?: string) => {
    const row = ACCESS_MATRIX[key] as ActionRow;
    const built = manifest.get(key)!;
    const page = pageOverride ?? fillRoute(row.page ?? built.pages[0]!, row.params?.(s, personas) ?? {});
    const before = await fingerprintNow();
    const reply = await callAction(context.request, { page, id: built.id, args: row.args?.(s) ?? [{ status: "idle" }, FORM], fields });
    expect(reply.state, `${key}: ${reply.text.slice(0, 300)}`).not.toBe("error");
    expect(changedTables(before, await fingerprintNow()), key).not.toEqual([]);
    return reply;
  };
  const named = (prefix: string) => `${prefix} ${XSS}`.slice(0, 80);

  // A class name, roster names (imported, and signed up with the join code), a post, an answer and a comment.
  await act(ownerContext, "app/teach/actions.ts#createClassAction", set, [["name", named("Class")]]);
  await act(ownerContext, "app/teach/classes/[classId]/import/actions.ts#importRosterAction", set, [["csv", `display name,username\n"${named("Imported").replace(/"/g, '""')}",xssimport${Date.now().toString(36)}\n`], ["intent", "create"]]);
  const anonymous = await browser.newContext();
  await act(anonymous, "app/join/actions.ts#signUpWithCode", set, [["code", set.joinCode], ["displayName", named("Joined")], ["username", `xssjoin${Date.now().toString(36)}`], ["password", "a long new password"]], "/join");
  await anonymous.close();
  await act(studentContext, "app/debates/[debateId]/actions.ts#postAction", set, [["sessionId", String(set.sessionId)], ["groupId", String(set.groupId)], ["kind", "claim"], ["replyTo", ""], ["body", `Post ${XSS}`]]);
  await act(studentContext, "app/assignments/[assignmentId]/actions.ts#saveOrSubmitLesson", set, [["intent", "submit-confirmed"], [`q:${lessonFacts.shortQuestion.id}`, `Answer ${XSS}`]]);
  await act(ownerContext, "app/teach/classes/[classId]/assignments/[assignmentId]/grade/actions.ts#saveGrade", set, [
    ["classId", String(set.classId)],
    ["assignmentId", String(set.assignmentId)],
    ["responseId", String(set.responseId)],
    ["version", "0"],
    ["score", "1"],
    ["comment", `Comment ${XSS}`],
    ["saveSnippet", "1"],
    ["itemId", lessonFacts.shortQuestion.id],
  ]);

  // The assignment's instructions (students read them above the lesson), and a note returning the student's submission.
  await act(ownerContext, "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#updateAssignmentAction", set, [
    ["classId", String(set.classId)],
    ["assignmentId", String(set.assignmentId)],
    ["dueAt", ""],
    ["latePolicy", "accept"],
    ["feedbackMode", "immediate"],
    ["instructions", `Instructions ${XSS}`],
  ]);
  await act(ownerContext, "app/teach/classes/[classId]/assignments/[assignmentId]/actions.ts#returnAttemptAction", set, [
    ["classId", String(set.classId)],
    ["assignmentId", String(set.assignmentId)],
    ["studentId", String(student.id)],
    ["note", `Note ${XSS}`],
  ], `/teach/classes/${set.classId}/assignments/${set.assignmentId}/students/${student.id}`);

  const instructorPage = await ownerContext.newPage();
  const base = `/teach/classes/${set.classId}/assignments/${set.assignmentId}`;
  for (const path of ["/teach", `/teach/classes/${set.classId}`, base, `${base}/students/${student.id}`, `${base}/grade`, `/teach/debates/${set.sessionId}`, `/teach/debates/${set.sessionId}/projector`])
    await expectText(instructorPage, path);
  await instructorPage.close();
  const studentPage = await studentContext.newPage();
  await expectText(studentPage, `/debates/${set.sessionId}`);
  await expectText(studentPage, `/assignments/${set.assignmentId}`);
  await studentPage.close();
  // The submitter reads the graded comment on their lesson.
  const submitter = await browser.newContext();
  await signInContext(submitter, set.submitter.username);
  const submitterPage = await submitter.newPage();
  await expectText(submitterPage, `/assignments/${set.assignmentId}`);
  await submitter.close();
});

/** Opens a page in Chromium: the payload is on it as text, and none of it ran. */
async function expectText(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await expect(page.locator("main"), path).toContainText('<img src=x onerror="window.__xss=1">', { useInnerText: true });
  expect(await page.locator("main img[src=x], main script:not([src])").filter({ hasText: /__xss/ }).count(), path).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
}
