import { and, desc, eq, max, ne, or } from "drizzle-orm";
import { draftToLesson, type DraftLesson } from "@/lib/authoring/draft";
import { assignIds, ledgerOf, type IdLedger } from "@/lib/authoring/ids";
import { lessonSchema, type Lesson } from "@/lib/content/schema";
import type { Queryable } from "../open";
import { lessonVersions, lessons, users, type LessonRow } from "../schema";

/*
 * Lessons written in the browser. Only the owner sees and changes the draft; a shared lesson's published
 * versions are readable by every instructor (to preview, duplicate, export and assign). Students never reach
 * any of it: they only ever see an assignment's snapshot.
 */

export type LessonAccess = { lesson: LessonRow; mine: boolean; ownerName: string };

/** The lesson if this instructor may read it (their own, or shared); undefined otherwise. */
export function findReadableLesson(db: Queryable, instructorId: number, lessonId: number): LessonAccess | undefined {
  const row = db
    .select({ lesson: lessons, ownerName: users.displayName })
    .from(lessons)
    .innerJoin(users, eq(users.id, lessons.ownerId))
    .where(and(eq(lessons.id, lessonId), or(eq(lessons.ownerId, instructorId), eq(lessons.sharing, "shared"))))
    .get();
  return row && { lesson: row.lesson, ownerName: row.ownerName, mine: row.lesson.ownerId === instructorId };
}

/** The lesson if this instructor owns it (the only one who may edit, publish or share it). */
export function findOwnLesson(db: Queryable, instructorId: number, lessonId: number): LessonRow | undefined {
  return db
    .select()
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.ownerId, instructorId)))
    .get();
}

/** A slug for the lesson's content id: from its title, made unique by the row id (`the-hanoi-summit-12`). */
export function lessonSlug(title: string, rowId: number): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${words || "lesson"}-${rowId}`;
}

/**
 * Stores a new lesson for its owner. `keepIds`: the draft comes from a valid lesson (a duplicate, an imported
 * file) whose ids stay; otherwise every id is minted now.
 */
export function createLesson(db: Queryable, ownerId: number, draft: DraftLesson, options: { keepIds: boolean; now?: number }): LessonRow {
  const now = options.now ?? Date.now();
  return db.transaction((tx) => {
    const ledger: IdLedger = options.keepIds ? ledgerOf(draft) : { next: 1, kinds: {} };
    const inserted = tx
      .insert(lessons)
      .values({ ownerId, title: draft.title, draft, idLedger: ledger, updatedAt: now })
      .returning({ id: lessons.id })
      .get();
    const assigned = assignIds({ ...draft, id: lessonSlug(draft.title, inserted.id) }, { draft: options.keepIds ? draft : undefined, ledger });
    return tx
      .update(lessons)
      .set({ draft: assigned.draft, idLedger: assigned.ledger })
      .where(eq(lessons.id, inserted.id))
      .returning()
      .get();
  });
}

export type SaveDraftResult =
  | { status: "saved"; revision: number; savedAt: number; renamed: Record<string, string>; draft?: DraftLesson }
  | { status: "conflict"; revision: number }
  | { status: "not-found" };

/** Which save this is (`id`), and the editor's last save whose reply never came (`lost`), if any. */
export type SaveIds = { id?: string; lost?: string };

/**
 * Saves the owner's draft. `baseRevision` is the revision the editor last saw: a save from a tab that missed a
 * newer save (another tab, another device) is refused rather than silently undoing it — unless that newer save
 * is this editor's own whose reply was lost (`ids.lost`), which this one supersedes. The lesson's own id
 * cannot be changed by the editor; every other id follows lib/authoring/ids.ts.
 */
export function saveDraft(db: Queryable, ownerId: number, lessonId: number, baseRevision: number, draft: DraftLesson, now = Date.now(), ids: SaveIds = {}): SaveDraftResult {
  return db.transaction(
    (tx) => {
      const row = findOwnLesson(tx, ownerId, lessonId);
      if (!row) return { status: "not-found" as const };
      const ownLostSave = ids.lost !== undefined && row.draftSaveId === ids.lost;
      if (row.draftRevision !== baseRevision && !ownLostSave) return { status: "conflict" as const, revision: row.draftRevision };
      const stored = row.draft as DraftLesson;
      const assigned = assignIds({ ...draft, id: stored.id }, { draft: stored, ledger: row.idLedger as IdLedger });
      const revision = row.draftRevision + 1;
      tx.update(lessons)
        .set({ draft: assigned.draft, title: assigned.draft.title, idLedger: assigned.ledger, draftRevision: revision, draftSaveId: ids.id ?? null, updatedAt: now })
        .where(eq(lessons.id, lessonId))
        .run();
      return { status: "saved" as const, revision, savedAt: now, renamed: assigned.renamed, draft: assigned.rewritten ? assigned.draft : undefined };
    },
    { behavior: "immediate" },
  );
}

export type PublishResult =
  | { status: "published"; version: number; versionId: number }
  | { status: "invalid"; issues: number }
  | { status: "unchanged"; version: number }
  | { status: "stale"; revision: number }
  | { status: "not-found" };

/** The draft checked by the lesson schema: the valid lesson, or the number of problems. */
export function validDraft(draft: DraftLesson): { lesson: Lesson } | { issues: number } {
  const result = lessonSchema.safeParse(draftToLesson(draft));
  return result.success ? { lesson: result.data } : { issues: result.error.issues.length };
}

/**
 * Publishes the draft the owner has seen (`revision`) as the next immutable version. Refused while the
 * schema finds any problem; assignments made before keep the version they were made from.
 */
export function publishLesson(db: Queryable, ownerId: number, lessonId: number, revision: number, now = Date.now()): PublishResult {
  return db.transaction(
    (tx) => {
      const row = findOwnLesson(tx, ownerId, lessonId);
      if (!row) return { status: "not-found" as const };
      if (row.draftRevision !== revision) return { status: "stale" as const, revision: row.draftRevision };
      const latest = latestVersionNumber(tx, lessonId);
      if (row.publishedRevision === row.draftRevision && latest) return { status: "unchanged" as const, version: latest };
      const valid = validDraft(row.draft as DraftLesson);
      if ("issues" in valid) return { status: "invalid" as const, issues: valid.issues };
      const version = (latest ?? 0) + 1;
      const inserted = tx
        .insert(lessonVersions)
        .values({ lessonId, version, content: valid.lesson, publishedBy: ownerId, publishedAt: now })
        .returning({ id: lessonVersions.id })
        .get();
      tx.update(lessons).set({ publishedRevision: row.draftRevision, updatedAt: now }).where(eq(lessons.id, lessonId)).run();
      return { status: "published" as const, version, versionId: inserted.id };
    },
    { behavior: "immediate" },
  );
}

function latestVersionNumber(db: Queryable, lessonId: number): number | null {
  return db.select({ v: max(lessonVersions.version) }).from(lessonVersions).where(eq(lessonVersions.lessonId, lessonId)).get()?.v ?? null;
}

export type PublishedVersion = { id: number; version: number; lesson: Lesson; publishedAt: number };

export function latestVersion(db: Queryable, lessonId: number): PublishedVersion | undefined {
  const row = db
    .select()
    .from(lessonVersions)
    .where(eq(lessonVersions.lessonId, lessonId))
    .orderBy(desc(lessonVersions.version))
    .limit(1)
    .get();
  return row && { id: row.id, version: row.version, lesson: row.content as Lesson, publishedAt: row.publishedAt };
}

/** The latest published version of a lesson this instructor may assign (their own, or shared). */
export function assignableVersion(db: Queryable, instructorId: number, lessonId: number): PublishedVersion | undefined {
  return findReadableLesson(db, instructorId, lessonId) ? latestVersion(db, lessonId) : undefined;
}

export function setSharing(db: Queryable, ownerId: number, lessonId: number, sharing: LessonRow["sharing"], now = Date.now()): boolean {
  const result = db
    .update(lessons)
    .set({ sharing, updatedAt: now })
    .where(and(eq(lessons.id, lessonId), eq(lessons.ownerId, ownerId)))
    .run();
  return result.changes === 1;
}

export type LessonListEntry = {
  id: number;
  title: string;
  sharing: LessonRow["sharing"];
  ownerName: string;
  updatedAt: number;
  /** The latest published version, if any. */
  published: { version: number; lesson: Lesson } | null;
  /** The draft has changes that are not published. */
  unpublishedChanges: boolean;
};

/** The instructor's own lessons, and the lessons other instructors share that have a published version. */
export function listLessonsFor(db: Queryable, instructorId: number): { mine: LessonListEntry[]; shared: LessonListEntry[] } {
  const rows = db
    .select({ lesson: lessons, ownerName: users.displayName })
    .from(lessons)
    .innerJoin(users, eq(users.id, lessons.ownerId))
    .where(or(eq(lessons.ownerId, instructorId), and(eq(lessons.sharing, "shared"), ne(lessons.ownerId, instructorId))))
    .orderBy(desc(lessons.updatedAt), desc(lessons.id))
    .all();
  const mine: LessonListEntry[] = [];
  const shared: LessonListEntry[] = [];
  for (const { lesson, ownerName } of rows) {
    const latest = latestVersion(db, lesson.id);
    const entry: LessonListEntry = {
      id: lesson.id,
      title: lesson.title,
      sharing: lesson.sharing,
      ownerName,
      updatedAt: lesson.updatedAt,
      published: latest ? { version: latest.version, lesson: latest.lesson } : null,
      unpublishedChanges: lesson.publishedRevision !== lesson.draftRevision,
    };
    if (lesson.ownerId === instructorId) mine.push(entry);
    else if (latest) shared.push(entry);
  }
  return { mine, shared };
}
