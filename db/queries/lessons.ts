import { and, desc, eq, max, ne, or } from "drizzle-orm";
import { draftToLesson, type DraftLesson } from "@/lib/authoring/draft";
import { assignIds, ledgerOf, type IdLedger } from "@/lib/authoring/ids";
import { lessonSchema, type Lesson } from "@/lib/content/schema";
import { withoutNulDeep } from "@/lib/text-input";
import type { Database } from "../database";
import type { LessonRow } from "../schema";

/*
 * Lessons written in the browser. Only the owner sees and changes the draft; a shared lesson's published
 * versions are readable by every instructor (to preview, duplicate, export and assign). Students never reach
 * any of it: they only ever see an assignment's snapshot.
 */

export type LessonAccess = { lesson: LessonRow; mine: boolean; ownerName: string };

/** The lesson if this instructor may read it (their own, or shared); undefined otherwise. */
export async function findReadableLesson(db: Database, instructorId: number, lessonId: number): Promise<LessonAccess | undefined> {
  const { lessons, users } = db.t;
  const row = await db.get(
    db.q
      .select({ lesson: lessons, ownerName: users.displayName })
      .from(lessons)
      .innerJoin(users, eq(users.id, lessons.ownerId))
      .where(and(eq(lessons.id, lessonId), or(eq(lessons.ownerId, instructorId), eq(lessons.sharing, "shared")))),
  );
  return row && { lesson: row.lesson, ownerName: row.ownerName, mine: row.lesson.ownerId === instructorId };
}

/** The lesson if this instructor owns it (the only one who may edit, publish or share it). */
export function findOwnLesson(db: Database, instructorId: number, lessonId: number): Promise<LessonRow | undefined> {
  return db.get(ownLesson(db, instructorId, lessonId));
}

function ownLesson(db: Database, instructorId: number, lessonId: number) {
  const { lessons } = db.t;
  return db.q
    .select()
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.ownerId, instructorId)));
}

/** The owner's lesson, its row locked until the transaction ends: a save or publish reads it and then writes from what it read. */
function lockOwnLesson(tx: Database, instructorId: number, lessonId: number): Promise<LessonRow | undefined> {
  return tx.get(tx.forUpdate(ownLesson(tx, instructorId, lessonId)));
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
export function createLesson(db: Database, ownerId: number, given: DraftLesson, options: { keepIds: boolean; now?: number }): Promise<LessonRow> {
  const now = options.now ?? Date.now();
  const draft = withoutNulDeep(given);
  return db.transaction(async (tx) => {
    const { lessons } = tx.t;
    const ledger: IdLedger = options.keepIds ? ledgerOf(draft) : { next: 1, kinds: {} };
    const inserted = (await tx.get(tx.q.insert(lessons).values({ ownerId, title: draft.title, draft, idLedger: ledger, updatedAt: now }).returning({ id: lessons.id })))!;
    const assigned = assignIds({ ...draft, id: lessonSlug(draft.title, inserted.id) }, { draft: options.keepIds ? draft : undefined, ledger });
    return (await tx.get(
      tx.q
        .update(lessons)
        .set({ draft: assigned.draft, idLedger: assigned.ledger })
        .where(eq(lessons.id, inserted.id))
        .returning(),
    ))!;
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
export function saveDraft(
  db: Database,
  ownerId: number,
  lessonId: number,
  baseRevision: number,
  draft: DraftLesson,
  now = Date.now(),
  ids: SaveIds = {},
): Promise<SaveDraftResult> {
  return db.transaction(async (tx) => {
    // A row lock: two saves racing from the same revision (two tabs, two processes on PostgreSQL) take turns,
    // so the second sees the first's revision and is refused instead of overwriting it.
    const row = await lockOwnLesson(tx, ownerId, lessonId);
    if (!row) return { status: "not-found" as const };
    const ownLostSave = ids.lost !== undefined && row.draftSaveId === ids.lost;
    if (row.draftRevision !== baseRevision && !ownLostSave) return { status: "conflict" as const, revision: row.draftRevision };
    const stored = row.draft as DraftLesson;
    // Without U+0000 (lib/text-input.ts): PostgreSQL cannot store it.
    const assigned = assignIds({ ...withoutNulDeep(draft), id: stored.id }, { draft: stored, ledger: row.idLedger as IdLedger });
    const revision = row.draftRevision + 1;
    const { lessons } = tx.t;
    await tx.run(
      tx.q
        .update(lessons)
        .set({ draft: assigned.draft, title: assigned.draft.title, idLedger: assigned.ledger, draftRevision: revision, draftSaveId: ids.id ?? null, updatedAt: now })
        .where(eq(lessons.id, lessonId)),
    );
    return { status: "saved" as const, revision, savedAt: now, renamed: assigned.renamed, draft: assigned.rewritten ? assigned.draft : undefined };
  });
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
export function publishLesson(db: Database, ownerId: number, lessonId: number, revision: number, now = Date.now()): Promise<PublishResult> {
  return db.transaction(async (tx) => {
    // A row lock: two publishes racing (PostgreSQL) take turns on the lesson's row, so the second sees the
    // first's version (and "unchanged") instead of numbering the same version again.
    const row = await lockOwnLesson(tx, ownerId, lessonId);
    if (!row) return { status: "not-found" as const };
    if (row.draftRevision !== revision) return { status: "stale" as const, revision: row.draftRevision };
    const latest = await latestVersionNumber(tx, lessonId);
    if (row.publishedRevision === row.draftRevision && latest) return { status: "unchanged" as const, version: latest };
    const valid = validDraft(row.draft as DraftLesson);
    if ("issues" in valid) return { status: "invalid" as const, issues: valid.issues };
    const version = (latest ?? 0) + 1;
    const { lessons, lessonVersions } = tx.t;
    const inserted = (await tx.get(
      tx.q.insert(lessonVersions).values({ lessonId, version, content: valid.lesson, publishedBy: ownerId, publishedAt: now }).returning({ id: lessonVersions.id }),
    ))!;
    await tx.run(tx.q.update(lessons).set({ publishedRevision: row.draftRevision, updatedAt: now }).where(eq(lessons.id, lessonId)));
    return { status: "published" as const, version, versionId: inserted.id };
  });
}

async function latestVersionNumber(db: Database, lessonId: number): Promise<number | null> {
  const { lessonVersions } = db.t;
  return (await db.get(db.q.select({ v: max(lessonVersions.version) }).from(lessonVersions).where(eq(lessonVersions.lessonId, lessonId))))?.v ?? null;
}

export type PublishedVersion = { id: number; version: number; lesson: Lesson; publishedAt: number };

export async function latestVersion(db: Database, lessonId: number): Promise<PublishedVersion | undefined> {
  const { lessonVersions } = db.t;
  const row = await db.get(
    db.q
      .select()
      .from(lessonVersions)
      .where(eq(lessonVersions.lessonId, lessonId))
      .orderBy(desc(lessonVersions.version))
      .limit(1),
  );
  return row && { id: row.id, version: row.version, lesson: row.content as Lesson, publishedAt: row.publishedAt };
}

/** The latest published version of a lesson this instructor may assign (their own, or shared). */
export async function assignableVersion(db: Database, instructorId: number, lessonId: number): Promise<PublishedVersion | undefined> {
  return (await findReadableLesson(db, instructorId, lessonId)) ? latestVersion(db, lessonId) : undefined;
}

export async function setSharing(db: Database, ownerId: number, lessonId: number, sharing: LessonRow["sharing"], now = Date.now()): Promise<boolean> {
  const { lessons } = db.t;
  const changed = await db.run(
    db.q
      .update(lessons)
      .set({ sharing, updatedAt: now })
      .where(and(eq(lessons.id, lessonId), eq(lessons.ownerId, ownerId))),
  );
  return changed === 1;
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
export async function listLessonsFor(db: Database, instructorId: number): Promise<{ mine: LessonListEntry[]; shared: LessonListEntry[] }> {
  const { lessons, users } = db.t;
  const rows = await db.all(
    db.q
      .select({ lesson: lessons, ownerName: users.displayName })
      .from(lessons)
      .innerJoin(users, eq(users.id, lessons.ownerId))
      .where(or(eq(lessons.ownerId, instructorId), and(eq(lessons.sharing, "shared"), ne(lessons.ownerId, instructorId))))
      .orderBy(desc(lessons.updatedAt), desc(lessons.id)),
  );
  const mine: LessonListEntry[] = [];
  const shared: LessonListEntry[] = [];
  for (const { lesson, ownerName } of rows) {
    const latest = await latestVersion(db, lesson.id);
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
