import { describe, expect, it } from "vitest";
import { closedMessage, effectiveDueAt, isLate, mayWrite, type WindowFacts } from "./write-window";

const due = new Date(2030, 4, 1, 9, 0).getTime();
const facts = (over: Partial<WindowFacts> = {}): WindowFacts => ({ dueAt: due, latePolicy: "accept", extension: null, assignmentArchivedAt: null, classArchivedAt: null, ...over });

describe("effectiveDueAt", () => {
  it("is the student's extension when there is one, even “no due date”", () => {
    expect(effectiveDueAt(facts())).toBe(due);
    expect(effectiveDueAt(facts({ extension: { dueAt: due + 1000 } }))).toBe(due + 1000);
    expect(effectiveDueAt(facts({ extension: { dueAt: null } }))).toBeNull();
    expect(effectiveDueAt(facts({ dueAt: null }))).toBeNull();
  });
});

describe("isLate", () => {
  it("is after the due date, never at it, never without one or before submitting", () => {
    expect(isLate(due + 1, due)).toBe(true);
    expect(isLate(due, due)).toBe(false);
    expect(isLate(due + 1, null)).toBe(false);
    expect(isLate(null, due)).toBe(false);
  });
});

describe("mayWrite", () => {
  it("accepts late work when the policy says so, marking it late", () => {
    expect(mayWrite(facts(), due - 1)).toEqual({ ok: true, dueAt: due, late: false });
    expect(mayWrite(facts(), due + 1)).toEqual({ ok: true, dueAt: due, late: true });
  });
  it("closes at the due date (not before) with a message naming it", () => {
    expect(mayWrite(facts({ latePolicy: "close" }), due).ok).toBe(true);
    const closed = mayWrite(facts({ latePolicy: "close" }), due + 1);
    expect(closed).toMatchObject({ ok: false, reason: "closed", message: closedMessage(due) });
    expect(closedMessage(due)).toMatch(/^This lesson closed on .*2030.*; your draft is kept\. Ask your teacher to reopen it\.$/);
  });
  it("follows the student's own due date: later, earlier, or reopened without one", () => {
    expect(mayWrite(facts({ latePolicy: "close", extension: { dueAt: due + 60_000 } }), due + 1)).toEqual({ ok: true, dueAt: due + 60_000, late: false });
    expect(mayWrite(facts({ latePolicy: "close", extension: { dueAt: due - 60_000 } }), due - 1).ok).toBe(false);
    expect(mayWrite(facts({ latePolicy: "close", extension: { dueAt: null } }), due + 10 ** 9)).toEqual({ ok: true, dueAt: null, late: false });
  });
  it("keeps a submission returned for revision open after the due date, but not in an archived class", () => {
    expect(mayWrite(facts({ latePolicy: "close", returned: true }), due + 1)).toEqual({ ok: true, dueAt: due, late: true });
    expect(mayWrite(facts({ latePolicy: "close", returned: true, classArchivedAt: 1 }), due + 1)).toMatchObject({ ok: false, reason: "archived-class" });
  });
  it("never lets anyone write to an archived assignment or class, whatever the dates", () => {
    expect(mayWrite(facts({ assignmentArchivedAt: 1, dueAt: null }), 0)).toMatchObject({ ok: false, reason: "archived-assignment" });
    expect(mayWrite(facts({ classArchivedAt: 1, extension: { dueAt: null } }), 0)).toMatchObject({ ok: false, reason: "archived-class" });
  });
  it("is open for ever with no due date", () => {
    expect(mayWrite(facts({ dueAt: null, latePolicy: "close" }), Number.MAX_SAFE_INTEGER)).toEqual({ ok: true, dueAt: null, late: false });
  });
});
