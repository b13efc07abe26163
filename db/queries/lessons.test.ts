import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lessonToDraft, type DraftLesson } from "@/lib/authoring/draft";
import { editSentence } from "@/lib/authoring/ops";
import { loadLessons } from "@/lib/content/load";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import { createAssignment, getAssignmentForInstructor } from "./assignments";
import { createClass } from "./classes";
import {
  assignableVersion,
  createLesson,
  findOwnLesson,
  findReadableLesson,
  latestVersion,
  lessonSlug,
  listLessonsFor,
  publishLesson,
  saveDraft,
  setSharing,
} from "./lessons";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

const builtIn = loadLessons(path.join(__dirname, "..", "..", "content", "lessons")).lessons[0]!;

async function newLesson(ownerId: number, title = "Library hours") {
  const draft: DraftLesson = { ...lessonToDraft(builtIn), title };
  return createLesson(t.db, ownerId, draft, { keepIds: true });
}

describe("lessons in the database", () => {
  it("get a slug of their own and keep the duplicated lesson's ids", async () => {
    const owner = await makeUser(t.db, "instructor");
    const row = await newLesson(owner.id, "Réunion: the “Hanoi” summit!");
    const draft = row.draft as DraftLesson;
    expect(draft.id).toBe(`reunion-the-hanoi-summit-${row.id}`);
    expect(draft.excerpts[0]!.sentences[0]!.id).toBe("hanoi-1");
    expect(lessonSlug("", 7)).toBe("lesson-7");
  });

  it("publish immutable versions; an assignment keeps the version it pinned when the lesson is edited and republished", async () => {
    const owner = await makeUser(t.db, "instructor");
    const row = await newLesson(owner.id);
    const first = await publishLesson(t.db, owner.id, row.id, row.draftRevision);
    expect(first).toMatchObject({ status: "published", version: 1 });
    // Nothing changed since: no second, identical version.
    expect(await publishLesson(t.db, owner.id, row.id, row.draftRevision)).toEqual({ status: "unchanged", version: 1 });

    const cls = await createClass(t.db, owner.id, "Period 1");
    const v1 = (await assignableVersion(t.db, owner.id, row.id))!;
    const assignment = (await createAssignment(t.db, owner.id, { classId: cls.id, lesson: v1.lesson, lessonVersionId: v1.id, dueAt: null }))!;
    expect(assignment.lessonVersionId).toBe(v1.id);

    // Editing starts from the published text and changes only the draft.
    const edited = editSentence(row.draft as DraftLesson, "hanoi", "hanoi-1", "An edited first sentence.");
    const saved = await saveDraft(t.db, owner.id, row.id, row.draftRevision, edited);
    expect(saved).toMatchObject({ status: "saved", revision: row.draftRevision + 1 });
    expect((await latestVersion(t.db, row.id))!.version).toBe(1);
    expect((await listLessonsFor(t.db, owner.id)).mine.find((l) => l.id === row.id)!.unpublishedChanges).toBe(true);

    const second = await publishLesson(t.db, owner.id, row.id, row.draftRevision + 1);
    expect(second).toMatchObject({ status: "published", version: 2 });
    const v2 = (await latestVersion(t.db, row.id))!;
    expect(v2.lesson.excerpts[0]!.sentences[0]!.text).toBe("An edited first sentence.");
    expect(v2.lesson.excerpts[0]!.sentences[0]!.id).toBe("hanoi-1");

    const stored = (await getAssignmentForInstructor(t.db, owner.id, assignment.id))!;
    expect(stored.lesson.excerpts[0]!.sentences[0]!.text).toBe(builtIn.excerpts[0]!.sentences[0]!.text);
    expect(stored.lessonVersionId).toBe(v1.id);
    const later = (await createAssignment(t.db, owner.id, { classId: cls.id, lesson: v2.lesson, lessonVersionId: v2.id, dueAt: null }))!;
    expect((await getAssignmentForInstructor(t.db, owner.id, later.id))!.lesson.excerpts[0]!.sentences[0]!.text).toBe("An edited first sentence.");
  });

  it("refuse to publish a draft with problems, and a save from a tab that missed a newer save", async () => {
    const owner = await makeUser(t.db, "instructor");
    const row = await newLesson(owner.id);
    const broken = { ...(row.draft as DraftLesson), title: "" };
    const saved = await saveDraft(t.db, owner.id, row.id, row.draftRevision, broken);
    expect(saved.status).toBe("saved");
    expect(await publishLesson(t.db, owner.id, row.id, row.draftRevision + 1)).toMatchObject({ status: "invalid" });
    expect(await latestVersion(t.db, row.id)).toBeUndefined();
    // The other tab still has the first revision.
    expect(await saveDraft(t.db, owner.id, row.id, row.draftRevision, row.draft as DraftLesson)).toEqual({ status: "conflict", revision: row.draftRevision + 1 });
    expect(await publishLesson(t.db, owner.id, row.id, row.draftRevision)).toEqual({ status: "stale", revision: row.draftRevision + 1 });
    expect(((await findOwnLesson(t.db, owner.id, row.id))!.draft as DraftLesson).title).toBe("");
  });

  it("belong to their owner: another instructor reads a shared lesson's published versions and never edits it", async () => {
    const owner = await makeUser(t.db, "instructor");
    const colleague = await makeUser(t.db, "instructor");
    const row = await newLesson(owner.id, "Owner's lesson");

    expect(await findReadableLesson(t.db, colleague.id, row.id)).toBeUndefined();
    expect((await listLessonsFor(t.db, colleague.id)).shared.some((l) => l.id === row.id)).toBe(false);
    expect(await setSharing(t.db, colleague.id, row.id, "shared")).toBe(false);

    expect(await setSharing(t.db, owner.id, row.id, "shared")).toBe(true);
    expect(await findReadableLesson(t.db, colleague.id, row.id)).toMatchObject({ mine: false });
    // Shared but never published: nothing to read or assign yet.
    expect((await listLessonsFor(t.db, colleague.id)).shared.some((l) => l.id === row.id)).toBe(false);
    expect(await assignableVersion(t.db, colleague.id, row.id)).toBeUndefined();

    await publishLesson(t.db, owner.id, row.id, row.draftRevision);
    expect((await listLessonsFor(t.db, colleague.id)).shared.find((l) => l.id === row.id)).toMatchObject({ ownerName: owner.displayName });
    expect((await assignableVersion(t.db, colleague.id, row.id))!.version).toBe(1);

    // Only the owner saves, publishes or changes sharing.
    expect(await findOwnLesson(t.db, colleague.id, row.id)).toBeUndefined();
    expect(await saveDraft(t.db, colleague.id, row.id, row.draftRevision, { ...(row.draft as DraftLesson), title: "Taken over" })).toEqual({ status: "not-found" });
    expect(await publishLesson(t.db, colleague.id, row.id, row.draftRevision)).toEqual({ status: "not-found" });
    expect((await findOwnLesson(t.db, owner.id, row.id))!.title).toBe("Owner's lesson");

    await setSharing(t.db, owner.id, row.id, "private");
    expect(await findReadableLesson(t.db, colleague.id, row.id)).toBeUndefined();
    expect(await assignableVersion(t.db, colleague.id, row.id)).toBeUndefined();
  });

  it("a retried save whose first reply was lost is not taken for another tab's save", async () => {
    const owner = await makeUser(t.db, "instructor");
    const row = await newLesson(owner.id);
    const draft = row.draft as DraftLesson;
    // The first save lands, but its reply never reaches the editor, which still knows revision 1.
    expect(await saveDraft(t.db, owner.id, row.id, 1, { ...draft, title: "Typed first" }, 1, { id: "save-a" })).toMatchObject({ status: "saved", revision: 2 });
    // Its retry (with more typing) names the lost save and goes through on top of it.
    expect(await saveDraft(t.db, owner.id, row.id, 1, { ...draft, title: "Typed first, then more" }, 2, { id: "save-b", lost: "save-a" })).toMatchObject({ status: "saved", revision: 3 });
    expect((await findOwnLesson(t.db, owner.id, row.id))!.title).toBe("Typed first, then more");
    // Another tab, still at revision 1, naming no save of its own (or someone else's), is refused.
    expect(await saveDraft(t.db, owner.id, row.id, 1, draft, 3)).toEqual({ status: "conflict", revision: 3 });
    expect(await saveDraft(t.db, owner.id, row.id, 1, draft, 3, { id: "save-c", lost: "save-a" })).toEqual({ status: "conflict", revision: 3 });
  });

  it("take turns when they race: two publishes make one version, and of two saves from one revision one is refused", async () => {
    const owner = await makeUser(t.db, "instructor");
    const row = await newLesson(owner.id);
    const published = await Promise.all([publishLesson(t.db, owner.id, row.id, row.draftRevision), publishLesson(t.db, owner.id, row.id, row.draftRevision)]);
    expect(published.map((p) => p.status).sort()).toEqual(["published", "unchanged"]);
    const draft = row.draft as DraftLesson;
    const saved = await Promise.all([
      saveDraft(t.db, owner.id, row.id, row.draftRevision, { ...draft, title: "One tab" }),
      saveDraft(t.db, owner.id, row.id, row.draftRevision, { ...draft, title: "Another tab" }),
    ]);
    expect(saved.map((s) => s.status).sort()).toEqual(["conflict", "saved"]);
    expect((await findOwnLesson(t.db, owner.id, row.id))!.draftRevision).toBe(row.draftRevision + 1);
  });

  it("a save may not change the lesson's own id", async () => {
    const owner = await makeUser(t.db, "instructor");
    const row = await newLesson(owner.id);
    await saveDraft(t.db, owner.id, row.id, row.draftRevision, { ...(row.draft as DraftLesson), id: "north-korea-legacy" });
    expect(((await findOwnLesson(t.db, owner.id, row.id))!.draft as DraftLesson).id).toBe((row.draft as DraftLesson).id);
  });
});
