import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { enrollments, users } from "../schema";
import { makeUser, openTestDatabase } from "../test-support";
import { createClass, importRoster, joinClassByCode, regenerateJoinCode, setEnrollmentStatus, setJoinEnabled } from "./classes";
import { findUserById, listStudentsSharedWithOtherInstructors, resetStudentPassword } from "./users";

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
    expect(resetStudentPassword(t.db, other.id, cls.id, student.id, "h2")).toEqual({ status: "not-found" });
    expect(findUserById(t.db, student.id)).toEqual(before);
    expect(resetStudentPassword(t.db, owner.id, cls.id, student.id, "temporary-hash")).toEqual({ status: "reset" });
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
    expect(resetStudentPassword(t.db, owner.id, cls.id, student.id, "h3")).toEqual({ status: "not-found" });
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

  describe("a student in two instructors' classes", () => {
    const stored = (id: number) => t.db.select({ hash: users.passwordHash, version: users.sessionVersion, mustChange: users.mustChangePassword }).from(users).where(eq(users.id, id)).get()!;

    it("is reset by neither instructor, and nothing about them changes", () => {
      const a = makeUser(t.db, "instructor");
      const b = makeUser(t.db, "instructor");
      const classA = createClass(t.db, a.id, "A's class");
      const classB = createClass(t.db, b.id, "B's class");
      const sharedStudent = makeUser(t.db, "student");
      joinClassByCode(t.db, sharedStudent.id, classA.joinCode);
      joinClassByCode(t.db, sharedStudent.id, classB.joinCode);
      const before = stored(sharedStudent.id);

      expect(resetStudentPassword(t.db, b.id, classB.id, sharedStudent.id, "b-knows-this")).toEqual({ status: "shared" });
      expect(resetStudentPassword(t.db, a.id, classA.id, sharedStudent.id, "a-knows-this")).toEqual({ status: "shared" });
      // Through the colleague's class id the answer is the usual "not yours", and nothing changes either.
      expect(resetStudentPassword(t.db, b.id, classA.id, sharedStudent.id, "b-knows-this")).toEqual({ status: "not-found" });
      expect(stored(sharedStudent.id)).toEqual(before);
      expect(listStudentsSharedWithOtherInstructors(t.db, a.id, classA.id)).toEqual(new Set([sharedStudent.id]));
      expect(listStudentsSharedWithOtherInstructors(t.db, b.id, classB.id)).toEqual(new Set([sharedStudent.id]));
    });

    it("is reset by each instructor for their own exclusive students only", () => {
      const a = makeUser(t.db, "instructor");
      const b = makeUser(t.db, "instructor");
      const classA = createClass(t.db, a.id, "A's class");
      const secondA = createClass(t.db, a.id, "A's other class");
      const classB = createClass(t.db, b.id, "B's class");
      const onlyA = makeUser(t.db, "student");
      const onlyB = makeUser(t.db, "student");
      joinClassByCode(t.db, onlyA.id, classA.joinCode);
      joinClassByCode(t.db, onlyA.id, secondA.joinCode);
      joinClassByCode(t.db, onlyB.id, classB.joinCode);
      const beforeA = stored(onlyA.id);
      const beforeB = stored(onlyB.id);

      expect(resetStudentPassword(t.db, b.id, classB.id, onlyA.id, "b")).toEqual({ status: "not-found" });
      expect(resetStudentPassword(t.db, a.id, classA.id, onlyB.id, "a")).toEqual({ status: "not-found" });
      expect(stored(onlyA.id)).toEqual(beforeA);
      expect(stored(onlyB.id)).toEqual(beforeB);

      // Two classes of the same instructor are still that instructor's alone.
      expect(resetStudentPassword(t.db, a.id, classA.id, onlyA.id, "a-temp")).toEqual({ status: "reset" });
      expect(resetStudentPassword(t.db, b.id, classB.id, onlyB.id, "b-temp")).toEqual({ status: "reset" });
      expect(stored(onlyA.id)).toEqual({ hash: "a-temp", version: beforeA.version + 1, mustChange: true });
      expect(stored(onlyB.id)).toEqual({ hash: "b-temp", version: beforeB.version + 1, mustChange: true });
      expect(listStudentsSharedWithOtherInstructors(t.db, a.id, classA.id).size).toBe(0);
    });

    it("counts only active places: once withdrawn from the colleague's class, the student is the other's to reset", () => {
      const a = makeUser(t.db, "instructor");
      const b = makeUser(t.db, "instructor");
      const classA = createClass(t.db, a.id, "A's class");
      const classB = createClass(t.db, b.id, "B's class");
      const student = makeUser(t.db, "student");
      joinClassByCode(t.db, student.id, classA.joinCode);
      joinClassByCode(t.db, student.id, classB.joinCode);
      expect(resetStudentPassword(t.db, b.id, classB.id, student.id, "b")).toEqual({ status: "shared" });

      expect(setEnrollmentStatus(t.db, a.id, classA.id, student.id, "withdrawn")).toBe(true);
      expect(listStudentsSharedWithOtherInstructors(t.db, b.id, classB.id).size).toBe(0);
      expect(resetStudentPassword(t.db, a.id, classA.id, student.id, "a")).toEqual({ status: "not-found" });
      expect(resetStudentPassword(t.db, b.id, classB.id, student.id, "b")).toEqual({ status: "reset" });

      expect(setEnrollmentStatus(t.db, a.id, classA.id, student.id, "active")).toBe(true);
      const before = stored(student.id);
      expect(resetStudentPassword(t.db, b.id, classB.id, student.id, "b2")).toEqual({ status: "shared" });
      expect(stored(student.id)).toEqual(before);
    });
  });
});
