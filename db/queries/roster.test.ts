import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { enrollments, users } from "../schema";
import { makeUser, openTestDatabase } from "../test-support";
import { createClass, importRoster, joinClassByCode, regenerateJoinCode, setEnrollmentStatus, setJoinEnabled } from "./classes";
import { findUserById, resetStudentPassword } from "./users";

const t = openTestDatabase();
afterAll(() => t.close());
const owner = makeUser(t.db, "instructor");
const other = makeUser(t.db, "instructor");
const cls = createClass(t.db, owner.id, "Roster");
const student = makeUser(t.db, "student");
joinClassByCode(t.db, student.id, cls.joinCode);

describe("roster management", () => {
  it("resets a password only for the owner of the student's class, ending sessions and forcing a change", () => {
    const before = findUserById(t.db, student.id)!;
    expect(resetStudentPassword(t.db, other.id, cls.id, student.id, "h2")).toBe(false);
    expect(findUserById(t.db, student.id)).toEqual(before);
    expect(resetStudentPassword(t.db, owner.id, cls.id, student.id, "temporary-hash")).toBe(true);
    const after = findUserById(t.db, student.id)!;
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.mustChangePassword).toBe(true);
    // It stays usable until the student sets their own (changeOwnPassword clears the flag).
    expect(t.db.select().from(users).where(eq(users.id, student.id)).get()!.passwordHash).toBe("temporary-hash");
  });

  it("lets only the owner withdraw, re-admit, switch joining or draw a new code", () => {
    expect(setEnrollmentStatus(t.db, other.id, cls.id, student.id, "withdrawn")).toBe(false);
    expect(setJoinEnabled(t.db, other.id, cls.id, false)).toBe(false);
    expect(regenerateJoinCode(t.db, other.id, cls.id)).toBeUndefined();
    expect(setEnrollmentStatus(t.db, owner.id, cls.id, student.id, "withdrawn")).toBe(true);
    expect(t.db.select().from(enrollments).where(eq(enrollments.studentId, student.id)).get()!.status).toBe("withdrawn");
    expect(resetStudentPassword(t.db, owner.id, cls.id, student.id, "h3")).toBe(false);
    const fresh = regenerateJoinCode(t.db, owner.id, cls.id)!;
    expect(fresh).not.toBe(cls.joinCode);
    expect(joinClassByCode(t.db, makeUser(t.db, "student").id, cls.joinCode).status).toBe("bad-code");
  });

  it("imports a roster all or nothing, for the owner only", () => {
    const taken = makeUser(t.db, "student");
    const accounts = [
      { line: 2, displayName: "New One", username: "new.one", passwordHash: "h", mustChangePassword: true },
      { line: 3, displayName: "Clash", username: taken.username, passwordHash: "h", mustChangePassword: true },
    ];
    expect(importRoster(t.db, other.id, cls.id, accounts)).toEqual({ status: "not-found" });
    expect(importRoster(t.db, owner.id, cls.id, accounts)).toEqual({ status: "taken", problems: [{ line: 3, message: `The username "${taken.username}" is already taken.` }] });
    expect(t.db.select().from(users).where(eq(users.username, "new.one")).get()).toBeUndefined();
    expect(importRoster(t.db, owner.id, cls.id, accounts.slice(0, 1))).toEqual({ status: "imported", count: 1 });
    const created = t.db.select().from(users).where(eq(users.username, "new.one")).get()!;
    expect(created).toMatchObject({ role: "student", mustChangePassword: true });
    expect(t.db.select().from(enrollments).where(eq(enrollments.studentId, created.id)).get()).toMatchObject({ classId: cls.id, status: "active" });
  });
});
