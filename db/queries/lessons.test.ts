import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lessonToDraft, type DraftLesson } from "@/lib/authoring/draft";
import { editSentence } from "@/lib/authoring/ops";
import { loadLessons } from "@/lib/content/load";
import { makeUser, openTestDatabase } from "../test-support";
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

const t = openTestDatabase();
afterAll(() => t.close());

const builtIn = loadLessons(path.join(__dirname, "..", "..", "content", "lessons")).lessons[0]!;

function newLesson(ownerId: number, title = "Library hours") {
  const draft: DraftLesson = { ...lessonToDraft(builtIn), title };
  return createLesson(t.db, ownerId, draft, { keepIds: true });
}

describe("lessons in the database", () => {
  it("get a slug of their own and keep the duplicated lesson's ids", () => {
    const owner = makeUser(t.db, "instructor");
    const row = newLesson(owner.id, "Réunion: the “Hanoi” summit!");
    const draft = row.draft as DraftLesson;
    expect(draft.id).toBe(`reunion-the-hanoi-summit-${row.id}`);
    expect(draft.excerpts[0]!.sentences[0]!.id).toBe("hanoi-1");
    expect(lessonSlug("", 7)).toBe("lesson-7");
  });

  it("publish immutable versions; an assignment keeps the version it pinned when the lesson is edited and republished", () => {
    const owner = makeUser(t.db, "instructor");
    const row = newLesson(owner.id);
    const first = publishLesson(t.db, owner.id, row.id, row.draftRevision);
    expect(first).toMatchObject({ status: "published", version: 1 });
    // Nothing changed since: no second, identical version.
    expect(publishLesson(t.db, owner.id, row.id, row.draftRevision)).toEqual({ status: "unchanged", version: 1 });

    const cls = createClass(t.db, owner.id, "Period 1");
    const v1 = assignableVersion(t.db, owner.id, row.id)!;
    const assignment = createAssignment(t.db, owner.id, { classId: cls.id, lesson: v1.lesson, lessonVersionId: v1.id, dueAt: null })!;
    expect(assignment.lessonVersionId).toBe(v1.id);

    // Editing starts from the published text and changes only the draft.
    const edited = editSentence(row.draft as DraftLesson, "hanoi", "hanoi-1", "An edited first sentence.");
    const saved = saveDraft(t.db, owner.id, row.id, row.draftRevision, edited);
    expect(saved).toMatchObject({ status: "saved", revision: row.draftRevision + 1 });
    expect(latestVersion(t.db, row.id)!.version).toBe(1);
    expect(listLessonsFor(t.db, owner.id).mine.find((l) => l.id === row.id)!.unpublishedChanges).toBe(true);

    const second = publishLesson(t.db, owner.id, row.id, row.draftRevision + 1);
    expect(second).toMatchObject({ status: "published", version: 2 });
    const v2 = latestVersion(t.db, row.id)!;
    expect(v2.lesson.excerpts[0]!.sentences[0]!.text).toBe("An edited first sentence.");
    expect(v2.lesson.excerpts[0]!.sentences[0]!.id).toBe("hanoi-1");

    const stored = getAssignmentForInstructor(t.db, owner.id, assignment.id)!;
    expect(stored.lesson.excerpts[0]!.sentences[0]!.text).toBe(builtIn.excerpts[0]!.sentences[0]!.text);
    expect(stored.lessonVersionId).toBe(v1.id);
    const later = createAssignment(t.db, owner.id, { classId: cls.id, lesson: v2.lesson, lessonVersionId: v2.id, dueAt: null })!;
    expect(getAssignmentForInstructor(t.db, owner.id, later.id)!.lesson.excerpts[0]!.sentences[0]!.text).toBe("An edited first sentence.");
  });

  it("refuse to publish a draft with problems, and a save from a tab that missed a newer save", () => {
    const owner = makeUser(t.db, "instructor");
    const row = newLesson(owner.id);
    const broken = { ...(row.draft as DraftLesson), title: "" };
    const saved = saveDraft(t.db, owner.id, row.id, row.draftRevision, broken);
    expect(saved.status).toBe("saved");
    expect(publishLesson(t.db, owner.id, row.id, row.draftRevision + 1)).toMatchObject({ status: "invalid" });
    expect(latestVersion(t.db, row.id)).toBeUndefined();
    // The other tab still has the first revision.
    expect(saveDraft(t.db, owner.id, row.id, row.draftRevision, row.draft as DraftLesson)).toEqual({ status: "conflict", revision: row.draftRevision + 1 });
    expect(publishLesson(t.db, owner.id, row.id, row.draftRevision)).toEqual({ status: "stale", revision: row.draftRevision + 1 });
    expect((findOwnLesson(t.db, owner.id, row.id)!.draft as DraftLesson).title).toBe("");
  });

  it("belong to their owner: another instructor reads a shared lesson's published versions and never edits it", () => {
    const owner = makeUser(t.db, "instructor");
    const colleague = makeUser(t.db, "instructor");
    const row = newLesson(owner.id, "Owner's lesson");

    expect(findReadableLesson(t.db, colleague.id, row.id)).toBeUndefined();
    expect(listLessonsFor(t.db, colleague.id).shared.some((l) => l.id === row.id)).toBe(false);
    expect(setSharing(t.db, colleague.id, row.id, "shared")).toBe(false);

    expect(setSharing(t.db, owner.id, row.id, "shared")).toBe(true);
    expect(findReadableLesson(t.db, colleague.id, row.id)).toMatchObject({ mine: false });
    // Shared but never published: nothing to read or assign yet.
    expect(listLessonsFor(t.db, colleague.id).shared.some((l) => l.id === row.id)).toBe(false);
    expect(assignableVersion(t.db, colleague.id, row.id)).toBeUndefined();

    publishLesson(t.db, owner.id, row.id, row.draftRevision);
    expect(listLessonsFor(t.db, colleague.id).shared.find((l) => l.id === row.id)).toMatchObject({ ownerName: owner.displayName });
    expect(assignableVersion(t.db, colleague.id, row.id)!.version).toBe(1);

    // Only the owner saves, publishes or changes sharing.
    expect(findOwnLesson(t.db, colleague.id, row.id)).toBeUndefined();
    expect(saveDraft(t.db, colleague.id, row.id, row.draftRevision, { ...(row.draft as DraftLesson), title: "Taken over" })).toEqual({ status: "not-found" });
    expect(publishLesson(t.db, colleague.id, row.id, row.draftRevision)).toEqual({ status: "not-found" });
    expect(findOwnLesson(t.db, owner.id, row.id)!.title).toBe("Owner's lesson");

    setSharing(t.db, owner.id, row.id, "private");
    expect(findReadableLesson(t.db, colleague.id, row.id)).toBeUndefined();
    expect(assignableVersion(t.db, colleague.id, row.id)).toBeUndefined();
  });

  it("a retried save whose first reply was lost is not taken for another tab's save", () => {
    const owner = makeUser(t.db, "instructor");
    const row = newLesson(owner.id);
    const draft = row.draft as DraftLesson;
    // The first save lands, but its reply never reaches the editor, which still knows revision 1.
    expect(saveDraft(t.db, owner.id, row.id, 1, { ...draft, title: "Typed first" }, 1, { id: "save-a" })).toMatchObject({ status: "saved", revision: 2 });
    // Its retry (with more typing) names the lost save and goes through on top of it.
    expect(saveDraft(t.db, owner.id, row.id, 1, { ...draft, title: "Typed first, then more" }, 2, { id: "save-b", lost: "save-a" })).toMatchObject({ status: "saved", revision: 3 });
    expect(findOwnLesson(t.db, owner.id, row.id)!.title).toBe("Typed first, then more");
    // Another tab, still at revision 1, naming no save of its own (or someone else's), is refused.
    expect(saveDraft(t.db, owner.id, row.id, 1, draft, 3)).toEqual({ status: "conflict", revision: 3 });
    expect(saveDraft(t.db, owner.id, row.id, 1, draft, 3, { id: "save-c", lost: "save-a" })).toEqual({ status: "conflict", revision: 3 });
  });

  it("a save may not change the lesson's own id", () => {
    const owner = makeUser(t.db, "instructor");
    const row = newLesson(owner.id);
    saveDraft(t.db, owner.id, row.id, row.draftRevision, { ...(row.draft as DraftLesson), id: "north-korea-legacy" });
    expect((findOwnLesson(t.db, owner.id, row.id)!.draft as DraftLesson).id).toBe((row.draft as DraftLesson).id);
  });
});
