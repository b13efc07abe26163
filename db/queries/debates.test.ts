import { afterAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase } from "../test-support";
import { createAssignment } from "./assignments";
import { createClass, joinClassByCode, setEnrollmentStatus } from "./classes";
import { debateGroups } from "../schema";
import { activeClassIds, advanceDebate, eventsSince, formDebateGroups, getDebateForInstructor, getDebateForStudent, joinDebate, listGroups, mayFollowDebate, recordPoll, startDebate } from "./debates";

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

describe("forming groups never leaves a side empty", () => {
  const teacher = makeUser(t.db, "instructor");
  const room = createClass(t.db, teacher.id, "Empty sides");
  const assignment = createAssignment(t.db, teacher.id, { classId: room.id, lesson, dueAt: null })!.id;
  const four = [0, 1, 2, 3].map(() => makeUser(t.db, "student"));
  for (const s of four) joinClassByCode(t.db, s.id, room.joinCode);
  const started = startDebate(t.db, teacher.id, assignment, lesson.debates[0]!.id);
  if (started.status !== "started") throw new Error("not started");
  const id = started.session.id;
  const phase = () => getDebateForInstructor(t.db, teacher.id, id)!.phase;

  it("with every student on one stance and 'argue the opposite side', both groups get someone and the instructor is told", () => {
    for (const s of four) {
      joinDebate(t.db, s.id, id);
      recordPoll(t.db, s.id, id, "pre", 5, 4);
    }
    const result = formDebateGroups(t.db, teacher.id, id, { groups: 2, mode: "mixed", opposite: true });
    expect(result).toMatchObject({ status: "formed", ownSide: 1 });
    expect(listGroups(t.db, id).map((g) => [g.side, g.members.length])).toEqual([
      ["for", 1],
      ["against", 3],
    ]);
  });

  it("refuses more groups than students, changing nothing, and a round with an empty group cannot start", () => {
    const before = listGroups(t.db, id);
    expect(formDebateGroups(t.db, teacher.id, id, { groups: 5, mode: "random", opposite: false })).toEqual({ status: "fewer-students-than-groups", groups: 5, students: 4 });
    expect(listGroups(t.db, id)).toEqual(before);
    // Groups formed by an older version could have left one empty: the round is refused until it is fixed.
    t.db.insert(debateGroups).values({ sessionId: id, name: "Group C", side: "for" }).run();
    expect(advanceDebate(t.db, teacher.id, id)).toEqual({ status: "empty-group", groupName: "Group C" });
    expect(phase()).toBe("lobby");
    expect(formDebateGroups(t.db, teacher.id, id, { groups: 4, mode: "random", opposite: false }).status).toBe("formed");
    expect(listGroups(t.db, id).every((g) => g.members.length === 1)).toBe(true);
    expect(advanceDebate(t.db, teacher.id, id)).toMatchObject({ status: "advanced", phase: "opening" });
  });
});

describe("an open stream's re-check", () => {
  it("agrees with the page's access check: active students of the class and its instructor, nobody else; withdrawal ends it", () => {
    const teacher = makeUser(t.db, "instructor");
    const stranger = makeUser(t.db, "instructor");
    const room = createClass(t.db, teacher.id, "Streams");
    const assignment = createAssignment(t.db, teacher.id, { classId: room.id, lesson, dueAt: null })!.id;
    const [member, leaver, outsider] = [makeUser(t.db, "student"), makeUser(t.db, "student"), makeUser(t.db, "student")];
    for (const s of [member, leaver]) joinClassByCode(t.db, s.id, room.joinCode);
    const started = startDebate(t.db, teacher.id, assignment, lesson.debates[0]!.id);
    if (started.status !== "started") throw new Error("not started");
    const id = started.session.id;
    const agree = () => {
      for (const s of [member, leaver, outsider]) {
        expect(mayFollowDebate(t.db, "student", s.id, id)).toBe(getDebateForStudent(t.db, s.id, id) !== undefined);
        expect(mayFollowDebate(t.db, "student", s.id, id + 1000)).toBe(false);
      }
      for (const i of [teacher, stranger]) expect(mayFollowDebate(t.db, "instructor", i.id, id)).toBe(getDebateForInstructor(t.db, i.id, id) !== undefined);
    };
    agree();
    expect(mayFollowDebate(t.db, "student", leaver.id, id)).toBe(true);
    expect(mayFollowDebate(t.db, "instructor", teacher.id, id)).toBe(true);
    expect(activeClassIds(t.db, leaver.id).has(room.id)).toBe(true);
    expect(setEnrollmentStatus(t.db, teacher.id, room.id, leaver.id, "withdrawn")).toBe(true);
    agree();
    expect(mayFollowDebate(t.db, "student", leaver.id, id)).toBe(false);
    expect(activeClassIds(t.db, leaver.id).has(room.id)).toBe(false);
    expect(mayFollowDebate(t.db, "student", member.id, id)).toBe(true);
  });
});
