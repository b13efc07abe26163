import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newDraftFromText } from "@/lib/authoring/new-draft";
import { loadLessons } from "@/lib/content/load";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import { createAssignment } from "./assignments";
import { getStudentAttempt, saveDraftAnswers } from "./attempts";
import { createClass } from "./classes";
import { createLesson, saveDraft } from "./lessons";

/*
 * U+0000 in what people send is dropped on the way in (lib/text-input.ts), on both databases: PostgreSQL
 * would refuse the whole statement, and the person would see an error for a character they never typed.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

describe("text with U+0000", () => {
  it("is stored without it: an answer", async () => {
    const lesson = loadLessons().lessons.find((l) => l.id === "north-korea-legacy")!;
    const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
    const teacher = await makeUser(t.db, "instructor");
    const student = await makeUser(t.db, "student");
    const cls = await createClass(t.db, teacher.id, "NUL class");
    await t.db.run(t.db.q.insert(t.db.t.enrollments).values({ classId: cls.id, studentId: student.id }));
    const assignment = (await createAssignment(t.db, teacher.id, { classId: cls.id, lesson, dueAt: null }))!;
    await saveDraftAnswers(t.db, student.id, assignment.id, { [short.id]: { text: "before\0after\0" } });
    const attempt = await getStudentAttempt(t.db, student.id, assignment.id);
    expect(attempt!.responses.get(short.id)!.answer).toEqual({ text: "beforeafter" });
  });

  it("is stored without it: a lesson, created and saved", async () => {
    const teacher = await makeUser(t.db, "instructor");
    const row = await createLesson(t.db, teacher.id, newDraftFromText(["First\0 paragraph."], "Title\0"), { keepIds: false });
    expect(row.title).toBe("Title");
    expect(JSON.stringify(row.draft)).not.toContain("\\u0000");
    const draft = { ...(row.draft as object), title: "Renamed\0" } as Parameters<typeof saveDraft>[4];
    const saved = await saveDraft(t.db, teacher.id, row.id, row.draftRevision, draft);
    expect(saved.status).toBe("saved");
    const stored = await t.db.get(t.db.q.select({ title: t.db.t.lessons.title }).from(t.db.t.lessons));
    expect(stored!.title).toBe("Renamed");
  });
});
