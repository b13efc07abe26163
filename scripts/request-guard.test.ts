import { describe, expect, it } from "vitest";
import { isClientHangup, isPossibleServerAction, refuseMalformedPath, refuseServerAction, silenceClientHangups, SERVER_ACTION_BODY_LIMIT, UPLOAD_ACTION_BODY_LIMIT } from "./lib/request-guard.mjs";

const post = (headers: Record<string, string>, url = "/teach/classes/1") => ({ method: "POST", url, headers });

describe("server action bodies", () => {
  it("are recognised as Next does: a next-action header or a form post, outside /api/", () => {
    expect(isPossibleServerAction(post({ "next-action": "abc", "content-type": "text/plain;charset=UTF-8" }))).toBe(true);
    expect(isPossibleServerAction(post({ "content-type": "multipart/form-data; boundary=x" }))).toBe(true);
    expect(isPossibleServerAction(post({ "content-type": "application/x-www-form-urlencoded" }))).toBe(true);
    expect(isPossibleServerAction(post({ "content-type": "application/x-www-form-urlencoded" }, "/api/auth/callback/credentials"))).toBe(false);
    expect(isPossibleServerAction(post({ "content-type": "application/json" }))).toBe(false);
    expect(isPossibleServerAction({ method: "GET", url: "/", headers: { "next-action": "abc" } })).toBe(false);
  });

  it("over the limit by Content-Length get 413 with a message; within it pass", () => {
    const over = refuseServerAction(post({ "next-action": "abc", "content-length": String(SERVER_ACTION_BODY_LIMIT + 1) }));
    expect(over).toEqual({ status: 413, message: expect.stringContaining("at most 1 MB") });
    expect(refuseServerAction(post({ "content-type": "multipart/form-data; boundary=x", "content-length": "5000000000" }))?.status).toBe(413);
    expect(refuseServerAction(post({ "next-action": "abc", "content-length": String(SERVER_ACTION_BODY_LIMIT) }))).toBeNull();
    expect(refuseServerAction(post({ "next-action": "abc", "content-length": "0" }))).toBeNull();
  });

  it("on the lesson upload pages may carry a 2 MB file (3 MB in all), and nowhere else", () => {
    const twoAndABit = String(SERVER_ACTION_BODY_LIMIT * 2 + 5000);
    expect(refuseServerAction(post({ "next-action": "abc", "content-length": twoAndABit }, "/teach/lessons/new"))).toBeNull();
    expect(refuseServerAction(post({ "next-action": "abc", "content-length": twoAndABit }, "/teach/lessons/12/edit"))).toBeNull();
    expect(refuseServerAction(post({ "next-action": "abc", "content-length": String(UPLOAD_ACTION_BODY_LIMIT + 1) }, "/teach/lessons/new"))).toEqual({ status: 413, message: expect.stringContaining("at most 3 MB") });
    expect(refuseServerAction(post({ "next-action": "abc", "content-length": twoAndABit }, "/teach/lessons/12"))?.status).toBe(413);
    expect(refuseServerAction(post({ "next-action": "abc", "content-length": twoAndABit }, "/teach/lessons/new/../../classes/1"))?.status).toBe(413);
  });

  it("without a usable Content-Length get 411; other requests are left to Next", () => {
    expect(refuseServerAction(post({ "next-action": "abc", "transfer-encoding": "chunked" }))?.status).toBe(411);
    expect(refuseServerAction(post({ "next-action": "abc", "content-length": "12abc" }))?.status).toBe(411);
    expect(refuseServerAction(post({ "content-type": "application/json", "content-length": "99999999" }))).toBeNull();
    expect(refuseServerAction(post({ "content-type": "application/json", "content-length": "99999999" }, "/api/assignments/1/draft"))).toBeNull();
  });
});

const coded = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe("client hang-ups", () => {
  it("are the errors of a closed connection, also when wrapped", () => {
    expect(isClientHangup(coded("aborted", "ECONNRESET"))).toBe(true);
    expect(isClientHangup(coded("aborted"))).toBe(true);
    expect(isClientHangup(coded("write EPIPE", "EPIPE"))).toBe(true);
    expect(isClientHangup(coded("socket hang up", "ECONNABORTED"))).toBe(true);
    expect(isClientHangup(coded("Premature close", "ERR_STREAM_PREMATURE_CLOSE"))).toBe(true);
    expect(isClientHangup(new TypeError("terminated", { cause: coded("other side closed", "UND_ERR_SOCKET") }))).toBe(true);
    expect(isClientHangup(new Error("failed", { cause: new Error("inner", { cause: coded("aborted", "ECONNRESET") }) }))).toBe(true);
  });

  it("are nothing else", () => {
    for (const other of [new Error("SQLITE_BUSY: database is locked"), coded("no such file", "ENOENT"), coded("refused", "ECONNREFUSED"), "aborted", null, undefined, 42, {}]) expect(isClientHangup(other)).toBe(false);
  });

  it("are dropped from console.error, and every other error still logged", () => {
    const lines: unknown[][] = [];
    const target = { error: (...args: unknown[]) => void lines.push(args) };
    silenceClientHangups(target);
    target.error(" ⨯", coded("aborted", "ECONNRESET"));
    target.error(coded("write EPIPE", "EPIPE"));
    const real = new Error("a real failure");
    target.error(" ⨯", real);
    target.error("plain text");
    expect(lines).toEqual([[" ⨯", real], ["plain text"]]);
  });
});

describe("the route a guard looks at", () => {
  it("is the path as routed, so /api/../ cannot skip the server-action size check", () => {
    const headers = { "next-action": "x", "content-length": String(SERVER_ACTION_BODY_LIMIT + 1) };
    expect(refuseServerAction({ method: "POST", url: "/api/../teach", headers })?.status).toBe(413);
    expect(refuseServerAction({ method: "POST", url: "/api/assignments/1/draft", headers })).toBeNull();
  });
});

describe("malformed paths", () => {
  it("are refused with 400 rather than reaching Next, which would answer 500", () => {
    expect(refuseMalformedPath({ url: "/join/%E0%A4%A" })?.status).toBe(400);
    expect(refuseMalformedPath({ url: "/teach/classes/%" })?.status).toBe(400);
    expect(refuseMalformedPath({ url: "/join/ABC%2D234?x=%" })).toBeNull();
    expect(refuseMalformedPath({ url: "/debates/12" })).toBeNull();
  });
});
