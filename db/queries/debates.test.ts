import { afterAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase } from "../test-support";
import { createAssignment } from "./assignments";
import { createClass, joinClassByCode } from "./classes";
import { advanceDebate, eventsSince, formDebateGroups, getDebateForStudent, joinDebate, listGroups, recordPoll, startDebate } from "./debates";

const t = openTestDatabase();
afterAll(() => t.close());
const lesson = loadLessons().lessons[0] as Lesson;
const owner = makeUser(t.db, "instructor");
const other = makeUser(t.db, "instructor");
const cls = createClass(t.db, owner.id, "Debates");
const assignmentId = createAssignment(t.db, owner.id, { classId: cls.id, lesson, dueAt: null })!.id;
const students = [0, 1, 2, 3].map(() => makeUser(t.db, "student"));
for (const s of students) joinClassByCode(t.db, s.id, cls.joinCode);
const outsider = makeUser(t.db, "student");

describe("a live debate session", () => {
  it("runs lobby → groups → rounds with every change logged as an event, only for its class", () => {
    expect(startDebate(t.db, other.id, assignmentId, lesson.debates[0]!.id)).toEqual({ status: "not-found" });
    expect(startDebate(t.db, owner.id, assignmentId, "not-a-debate")).toEqual({ status: "not-found" });
    const started = startDebate(t.db, owner.id, assignmentId, lesson.debates[0]!.id);
    if (started.status !== "started") throw new Error("not started");
    const id = started.session.id;
    expect(startDebate(t.db, owner.id, assignmentId, lesson.debates[1]!.id)).toEqual({ status: "already-running", sessionId: id });

    expect(getDebateForStudent(t.db, outsider.id, id)).toBeUndefined();
    expect(joinDebate(t.db, outsider.id, id)).toEqual({ status: "not-found" });
    expect(recordPoll(t.db, students[0]!.id, id, "pre", 5, 3)).toEqual({ status: "not-joined" });
    for (const s of students.slice(0, 3)) expect(joinDebate(t.db, s.id, id).status).toBe("joined");
    expect(joinDebate(t.db, students[0]!.id, id)).toEqual({ status: "already-joined" });
    expect(recordPoll(t.db, students[0]!.id, id, "pre", 5, 3).status).toBe("saved");
    expect(recordPoll(t.db, students[1]!.id, id, "pre", 1, 4).status).toBe("saved");
    expect(recordPoll(t.db, students[0]!.id, id, "post", 5, 3)).toEqual({ status: "closed" });

    expect(advanceDebate(t.db, owner.id, id)).toEqual({ status: "no-groups" });
    expect(formDebateGroups(t.db, other.id, id, { groups: 2, mode: "mixed", opposite: true })).toEqual({ status: "not-found" });
    expect(formDebateGroups(t.db, owner.id, id, { groups: 2, mode: "mixed", opposite: true }).status).toBe("formed");
    const groups = listGroups(t.db, id);
    const sideOf = (studentId: number) => groups.find((g) => g.members.some((m) => m.studentId === studentId))!.side;
    expect(sideOf(students[0]!.id)).toBe("against");
    expect(sideOf(students[1]!.id)).toBe("for");
    expect(groups.flatMap((g) => g.members)).toHaveLength(3);

    expect(advanceDebate(t.db, owner.id, id)).toMatchObject({ status: "advanced", phase: "opening" });
    expect(recordPoll(t.db, students[2]!.id, id, "pre", 3, 3)).toEqual({ status: "closed" });
    expect(formDebateGroups(t.db, owner.id, id, { groups: 2, mode: "random", opposite: false })).toEqual({ status: "too-late" });
    // A late joiner lands in the smallest group.
    expect(joinDebate(t.db, students[3]!.id, id).status).toBe("joined");
    expect(listGroups(t.db, id).map((g) => g.members.length).sort()).toEqual([2, 2]);

    const types = eventsSince(t.db, id, 0).map((e) => e.type);
    expect(types).toEqual(["phase", "joined", "joined", "joined", "poll", "poll", "groups", "phase", "joined"]);
    const afterGroups = eventsSince(t.db, id, eventsSince(t.db, id, 0)[6]!.id);
    expect(afterGroups.map((e) => e.type)).toEqual(["phase", "joined"]);
  });
});
