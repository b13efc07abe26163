import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadLessons } from "@/lib/content/load";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import { createAssignment, getAssignmentForInstructor } from "./assignments";
import { createClass } from "./classes";

let t: TestDatabase;
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-content-"));
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t.close();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

describe("an assignment's lesson snapshot", () => {
  it("survives the lesson file being edited and then deleted", async () => {
    const file = path.join(contentDir, "north-korea-legacy.yaml");
    fs.copyFileSync(path.join(__dirname, "..", "..", "content", "lessons", "north-korea-legacy.yaml"), file);
    const original = loadLessons(contentDir).lessons[0]!;

    const instructor = await makeUser(t.db, "instructor");
    const cls = await createClass(t.db, instructor.id, "Snapshot class");
    const assignment = (await createAssignment(t.db, instructor.id, { classId: cls.id, lesson: original, dueAt: null }))!;

    // An author rewrites the first question, reorders the excerpts and renames the lesson.
    const edited = parse(fs.readFileSync(file, "utf8"));
    edited.title = "A different title";
    edited.excerpts[0].questions[0].prompt = "A rewritten prompt";
    edited.excerpts.reverse();
    fs.writeFileSync(file, stringify(edited));
    const reloaded = loadLessons(contentDir);
    expect(reloaded.errors).toEqual([]);
    expect(reloaded.lessons[0]!.title).toBe("A different title");

    const stored = (await getAssignmentForInstructor(t.db, instructor.id, assignment.id))!;
    expect(stored.lesson).toEqual(original);
    expect(stored.lesson.excerpts[0]!.id).toBe("hanoi");
    expect(stored.lessonTitle).toBe(original.title);

    fs.rmSync(file);
    expect(loadLessons(contentDir).lessons).toEqual([]);
    expect((await getAssignmentForInstructor(t.db, instructor.id, assignment.id))!.lesson).toEqual(original);
  });
});
