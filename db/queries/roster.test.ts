import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Class } from "../schema";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import { createClass, findKnownUsernames, importRoster, joinClassByCode, regenerateJoinCode, setEnrollmentStatus, setJoinEnabled, takenProblem } from "./classes";
import { findUserById, listStudentsSharedWithOtherInstructors, resetStudentPassword, type PublicUser } from "./users";

let t: TestDatabase;
let owner: PublicUser, other: PublicUser, student: PublicUser;
let cls: Class;
afterAll(() => t.close());
beforeAll(async () => {
  t = await openTestDatabase();
  owner = await makeUser(t.db, "instructor");
  other = await makeUser(t.db, "instructor");
  cls = await createClass(t.db, owner.id, "Roster");
  student = await makeUser(t.db, "student");
  await joinClassByCode(t.db, student.id, cls.joinCode);
});

const userNamed = (username: string) => t.db.get(t.db.q.select().from(t.db.t.users).where(eq(t.db.t.users.username, username)));
const enrollmentOf = (studentId: number) => t.db.get(t.db.q.select().from(t.db.t.enrollments).where(eq(t.db.t.enrollments.studentId, studentId)));

describe("roster management", () => {
  it("resets a password only for the owner of the student's class, ending sessions and forcing a change", async () => {
    const before = (await findUserById(t.db, student.id))!;
    expect(await resetStudentPassword(t.db, other.id, cls.id, student.id, "h2")).toEqual({ status: "not-found" });
    expect(await findUserById(t.db, student.id)).toEqual(before);
    expect(await resetStudentPassword(t.db, owner.id, cls.id, student.id, "temporary-hash")).toEqual({ status: "reset" });
    const after = (await findUserById(t.db, student.id))!;
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.mustChangePassword).toBe(true);
    // It stays usable until the student sets their own (changeOwnPassword clears the flag).
    expect((await t.db.get(t.db.q.select().from(t.db.t.users).where(eq(t.db.t.users.id, student.id))))!.passwordHash).toBe("temporary-hash");
  });

  it("lets only the owner withdraw, re-admit, switch joining or draw a new code", async () => {
    expect(await setEnrollmentStatus(t.db, other.id, cls.id, student.id, "withdrawn")).toBe(false);
    expect(await setJoinEnabled(t.db, other.id, cls.id, false)).toBe(false);
    expect(await regenerateJoinCode(t.db, other.id, cls.id)).toBeUndefined();
    expect(await setEnrollmentStatus(t.db, owner.id, cls.id, student.id, "withdrawn")).toBe(true);
    expect((await enrollmentOf(student.id))!.status).toBe("withdrawn");
    expect(await resetStudentPassword(t.db, owner.id, cls.id, student.id, "h3")).toEqual({ status: "not-found" });
    const fresh = (await regenerateJoinCode(t.db, owner.id, cls.id))!;
    expect(fresh).not.toBe(cls.joinCode);
    expect((await joinClassByCode(t.db, (await makeUser(t.db, "student")).id, cls.joinCode)).status).toBe("bad-code");
  });

  it("imports a roster all or nothing, for the owner only", async () => {
    const taken = await makeUser(t.db, "student");
    const accounts = [
      { line: 2, displayName: "New One", username: "new.one", passwordHash: "h", mustChangePassword: true },
      { line: 3, displayName: "Clash", username: taken.username, passwordHash: "h", mustChangePassword: true },
    ];
    expect(await importRoster(t.db, other.id, cls.id, accounts)).toEqual({ status: "not-found" });
    expect(await importRoster(t.db, owner.id, cls.id, accounts)).toEqual({ status: "taken", problems: [takenProblem({ line: 3, username: taken.username }, true)] });
    expect(takenProblem({ line: 3, username: "x" }, true).message).toMatch(/^The username "x" is already taken by someone not in this class\. If that is this student, they can join with the class code/);
    expect(takenProblem({ line: 3, username: "x" }, false).message).toBe('The username "x" is already taken by someone not in this class. Give this row a username of its own.');
    expect(await userNamed("new.one")).toBeUndefined();
    expect(await importRoster(t.db, owner.id, cls.id, accounts.slice(0, 1))).toEqual({ status: "imported", count: 1, inClass: [] });
    const created = (await userNamed("new.one"))!;
    expect(created).toMatchObject({ role: "student", mustChangePassword: true });
    expect(await enrollmentOf(created.id)).toMatchObject({ classId: cls.id, status: "active" });

    // The roster imported again, updated: who is in the class already is left as they are (same account,
    // same password); the new student is added.
    const again = [{ ...accounts[0]!, passwordHash: "changed" }, { line: 4, displayName: "Newer Two", username: "newer.two", passwordHash: "h2", mustChangePassword: true }];
    expect(await importRoster(t.db, owner.id, cls.id, again)).toEqual({ status: "imported", count: 1, inClass: ["new.one"] });
    expect(await userNamed("new.one")).toEqual(created);
    expect(await enrollmentOf((await userNamed("newer.two"))!.id)).toMatchObject({ classId: cls.id, status: "active" });
    expect(await findKnownUsernames(t.db, owner.id, cls.id, ["new.one", taken.username, "nobody.yet"])).toEqual({ inClass: new Set(["new.one"]), withdrawn: new Set(), taken: new Set([taken.username]) });
    // A withdrawn student is in the class still (their work is kept), and stays withdrawn: the import says so.
    expect(await setEnrollmentStatus(t.db, owner.id, cls.id, created.id, "withdrawn")).toBe(true);
    expect(await findKnownUsernames(t.db, owner.id, cls.id, ["new.one"])).toEqual({ inClass: new Set(["new.one"]), withdrawn: new Set(["new.one"]), taken: new Set() });
    expect(await importRoster(t.db, owner.id, cls.id, [{ ...accounts[0]!, line: 2 }, { line: 3, displayName: "Third", username: "third.one", passwordHash: "h", mustChangePassword: true }])).toEqual({ status: "imported", count: 1, inClass: ["new.one"] });
    expect((await enrollmentOf(created.id))!.status).toBe("withdrawn");
    expect(await findKnownUsernames(t.db, other.id, cls.id, ["new.one"])).toBeUndefined();
  });

  it("enrolls a student once when two joins race", async () => {
    const fresh = await createClass(t.db, owner.id, "Racing joins");
    const racer = await makeUser(t.db, "student");
    const results = await Promise.all([joinClassByCode(t.db, racer.id, fresh.joinCode), joinClassByCode(t.db, racer.id, fresh.joinCode)]);
    expect(results.map((r) => r.status).sort()).toEqual(["already-member", "joined"]);
  });

  it("imports one of two rosters racing for a username and reports the other as taken, creating nothing for it", async () => {
    const first = await createClass(t.db, owner.id, "Racing roster 1");
    const second = await createClass(t.db, owner.id, "Racing roster 2");
    const roster = (name: string) => [
      { line: 2, displayName: name, username: `${name}.only`, passwordHash: "h", mustChangePassword: true },
      { line: 3, displayName: "Racer", username: "racer.both", passwordHash: "h", mustChangePassword: true },
    ];
    const results = await Promise.all([importRoster(t.db, owner.id, first.id, roster("first")), importRoster(t.db, owner.id, second.id, roster("second"))]);
    expect(results.map((r) => r.status).sort()).toEqual(["imported", "taken"]);
    const lost = results[0]!.status === "taken" ? "first" : "second";
    expect(results.find((r) => r.status === "taken")).toEqual({ status: "taken", problems: [takenProblem({ line: 3, username: "racer.both" }, true)] });
    expect(await userNamed(`${lost}.only`)).toBeUndefined();
  });

  describe("a student in two instructors' classes", () => {
    const stored = async (id: number) => {
      const { users } = t.db.t;
      return (await t.db.get(t.db.q.select({ hash: users.passwordHash, version: users.sessionVersion, mustChange: users.mustChangePassword }).from(users).where(eq(users.id, id))))!;
    };

    it("is reset by neither instructor, and nothing about them changes", async () => {
      const a = await makeUser(t.db, "instructor");
      const b = await makeUser(t.db, "instructor");
      const classA = await createClass(t.db, a.id, "A's class");
      const classB = await createClass(t.db, b.id, "B's class");
      const sharedStudent = await makeUser(t.db, "student");
      await joinClassByCode(t.db, sharedStudent.id, classA.joinCode);
      await joinClassByCode(t.db, sharedStudent.id, classB.joinCode);
      const before = await stored(sharedStudent.id);

      expect(await resetStudentPassword(t.db, b.id, classB.id, sharedStudent.id, "b-knows-this")).toEqual({ status: "shared" });
      expect(await resetStudentPassword(t.db, a.id, classA.id, sharedStudent.id, "a-knows-this")).toEqual({ status: "shared" });
      // Through the colleague's class id the answer is the usual "not yours", and nothing changes either.
      expect(await resetStudentPassword(t.db, b.id, classA.id, sharedStudent.id, "b-knows-this")).toEqual({ status: "not-found" });
      expect(await stored(sharedStudent.id)).toEqual(before);
      expect(await listStudentsSharedWithOtherInstructors(t.db, a.id, classA.id)).toEqual(new Set([sharedStudent.id]));
      expect(await listStudentsSharedWithOtherInstructors(t.db, b.id, classB.id)).toEqual(new Set([sharedStudent.id]));
    });

    it("is reset by each instructor for their own exclusive students only", async () => {
      const a = await makeUser(t.db, "instructor");
      const b = await makeUser(t.db, "instructor");
      const classA = await createClass(t.db, a.id, "A's class");
      const secondA = await createClass(t.db, a.id, "A's other class");
      const classB = await createClass(t.db, b.id, "B's class");
      const onlyA = await makeUser(t.db, "student");
      const onlyB = await makeUser(t.db, "student");
      await joinClassByCode(t.db, onlyA.id, classA.joinCode);
      await joinClassByCode(t.db, onlyA.id, secondA.joinCode);
      await joinClassByCode(t.db, onlyB.id, classB.joinCode);
      const beforeA = await stored(onlyA.id);
      const beforeB = await stored(onlyB.id);

      expect(await resetStudentPassword(t.db, b.id, classB.id, onlyA.id, "b")).toEqual({ status: "not-found" });
      expect(await resetStudentPassword(t.db, a.id, classA.id, onlyB.id, "a")).toEqual({ status: "not-found" });
      expect(await stored(onlyA.id)).toEqual(beforeA);
      expect(await stored(onlyB.id)).toEqual(beforeB);

      // Two classes of the same instructor are still that instructor's alone.
      expect(await resetStudentPassword(t.db, a.id, classA.id, onlyA.id, "a-temp")).toEqual({ status: "reset" });
      expect(await resetStudentPassword(t.db, b.id, classB.id, onlyB.id, "b-temp")).toEqual({ status: "reset" });
      expect(await stored(onlyA.id)).toEqual({ hash: "a-temp", version: beforeA.version + 1, mustChange: true });
      expect(await stored(onlyB.id)).toEqual({ hash: "b-temp", version: beforeB.version + 1, mustChange: true });
      expect((await listStudentsSharedWithOtherInstructors(t.db, a.id, classA.id)).size).toBe(0);
    });

    it("counts only active places: once withdrawn from the colleague's class, the student is the other's to reset", async () => {
      const a = await makeUser(t.db, "instructor");
      const b = await makeUser(t.db, "instructor");
      const classA = await createClass(t.db, a.id, "A's class");
      const classB = await createClass(t.db, b.id, "B's class");
      const student = await makeUser(t.db, "student");
      await joinClassByCode(t.db, student.id, classA.joinCode);
      await joinClassByCode(t.db, student.id, classB.joinCode);
      expect(await resetStudentPassword(t.db, b.id, classB.id, student.id, "b")).toEqual({ status: "shared" });

      expect(await setEnrollmentStatus(t.db, a.id, classA.id, student.id, "withdrawn")).toBe(true);
      expect((await listStudentsSharedWithOtherInstructors(t.db, b.id, classB.id)).size).toBe(0);
      expect(await resetStudentPassword(t.db, a.id, classA.id, student.id, "a")).toEqual({ status: "not-found" });
      expect(await resetStudentPassword(t.db, b.id, classB.id, student.id, "b")).toEqual({ status: "reset" });

      expect(await setEnrollmentStatus(t.db, a.id, classA.id, student.id, "active")).toBe(true);
      const before = await stored(student.id);
      expect(await resetStudentPassword(t.db, b.id, classB.id, student.id, "b2")).toEqual({ status: "shared" });
      expect(await stored(student.id)).toEqual(before);
    });
  });
});
