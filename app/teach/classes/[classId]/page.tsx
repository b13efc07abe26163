import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/app/_components/breadcrumbs";
import { notFound } from "next/navigation";
import { ActionForm, Field, TextAreaField } from "@/app/_components/action-form";
import { LIMITS } from "@/lib/limits";
import { AssignmentPolicyFields } from "@/app/_components/assignment-policy-fields";
import { SelectField } from "@/app/_components/select-field";
import { db } from "@/db/client";
import { listAssignmentsForClass } from "@/db/queries/assignments";
import { classWork, getClassForInstructor, listRoster, listTeachers } from "@/db/queries/classes";
import { lockedUsernames } from "@/db/queries/login-throttle";
import { listStudentsSharedWithOtherInstructors } from "@/db/queries/users";
import { requireRole } from "@/lib/auth/guards";
import { assignableLessons } from "@/lib/authoring/lookup";
import { formatDate, formatDateTime } from "@/lib/format";
import { formatJoinCode } from "@/lib/join-code";
import { qrPath } from "@/lib/qr";
import { parseId } from "@/lib/ids";
import { siteOrigin } from "@/lib/site-origin";
import { assignLessonAction } from "../../actions";
import { joinCodeAction, resetPasswordAction, withdrawAction } from "./actions";
import { UnlockSignIn } from "./unlock-sign-in";
import { SHARED_STUDENT_RESET } from "./shared-student";
import { ClassSettingsCard, TeachersCard } from "./class-settings";

export const metadata: Metadata = { title: "Class" };

/** What a change that re-draws the page (so its own form is gone) did, said at the top of the page (archiving says it in its banner). */
const DONE: Record<string, string> = {
  restored: "Class restored: students see it again.",
  "co-teacher-removed": "Co-teacher removed.",
};

export default async function ClassPage({
  params,
  searchParams,
}: {
  params: Promise<{ classId: string }>;
  searchParams: Promise<{ created?: string; done?: string; unassigned?: string }>;
}) {
  const segment = (await params).classId;
  const instructor = await requireRole("instructor", `/teach/classes/${encodeURIComponent(segment)}`);
  const classId = parseId(segment);
  const cls = classId && (await getClassForInstructor(db, instructor.id, classId));
  if (!cls) notFound();
  const { created, done, unassigned } = await searchParams;
  const doneMessage = done ? DONE[done] : undefined;
  const [roster, locked, shared, all, lessons, teachers, work] = await Promise.all([
    listRoster(db, instructor.id, cls.id),
    lockedUsernames(db),
    listStudentsSharedWithOtherInstructors(db, instructor.id, cls.id),
    listAssignmentsForClass(db, instructor.id, cls.id),
    assignableLessons(instructor.id),
    listTeachers(db, instructor.id, cls.id),
    classWork(db, cls.id),
  ]);
  const sharedNoteId = "shared-students-note";
  const assignments = all.filter((a) => a.archivedAt === null);
  const archivedAssignments = all.filter((a) => a.archivedAt !== null);
  const joinLink = `${await siteOrigin()}/join/${cls.joinCode}`;
  const qr = qrPath(joinLink);
  const archived = cls.archivedAt !== null;

  return (
    <main id="main">
      <Breadcrumbs trail={[{ href: "/teach", label: "Classes" }]} here={cls.name} />
      <div className="page-head">
        <h1>
          {cls.name} {archived && <span className="badge">archived</span>}
        </h1>
      </div>
      {doneMessage && (
        <p className="notice notice-success" role="status">
          {doneMessage}
        </p>
      )}
      {archived && (
        <p className="notice" role="status">
          This class was archived on {formatDate(cls.archivedAt!)}. Students no longer see it and nothing in it can change; its work stays here to review and export. Restore it
          under Class settings.
        </p>
      )}
      {created && (
        <p className="notice notice-success" role="status">
          Class created. Share the join code or link below with your students.
        </p>
      )}
      {(unassigned === "deleted" || unassigned === "archived") && (
        <p className="notice notice-success" role="status">
          {unassigned === "deleted"
            ? "Unassigned: nobody had started it, so it is deleted."
            : "Unassigned and archived: students no longer see it. Their work is kept under “Archived” below, where you can restore it."}
        </p>
      )}
      <div className="two-col">
        <div>
          <section className="card" aria-labelledby="assignments-heading">
            <h2 id="assignments-heading">Assigned lessons</h2>
            {assignments.length === 0 ? (
              <p className="empty">No lessons assigned yet.</p>
            ) : (
              <ul className="list">
                {assignments.map((a) => (
                  <li key={a.id}>
                    <div>
                      <Link className="list-title" href={`/teach/classes/${cls.id}/assignments/${a.id}`}>
                        {a.lessonTitle}
                      </Link>
                      <div className="muted small">Assigned {formatDate(a.createdAt)}</div>
                    </div>
                    <div className="muted small">
                      {a.dueAt ? `Due ${formatDateTime(a.dueAt)}` : "No due date"}
                      {a.latePolicy === "close" && " · closes at the due date"}
                    </div>
                  </li>
                ))}
              </ul>
            )}
            {archivedAssignments.length > 0 && (
              <>
                <h3 id="archived-heading">Archived</h3>
                <p className="muted small">Unassigned lessons with student work: hidden from students, still yours to review, grade, export or restore.</p>
                <ul className="list" aria-labelledby="archived-heading">
                  {archivedAssignments.map((a) => (
                    <li key={a.id}>
                      <div>
                        <Link className="list-title" href={`/teach/classes/${cls.id}/assignments/${a.id}`}>
                          {a.lessonTitle}
                        </Link>
                        <div className="muted small">Assigned {formatDate(a.createdAt)}</div>
                      </div>
                      <div className="muted small">Archived {formatDate(a.archivedAt!)}</div>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section className="card" aria-labelledby="roster-heading">
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h2 id="roster-heading">Students ({roster.filter((s) => s.status === "active").length})</h2>
              {!archived && <Link href={`/teach/classes/${cls.id}/import`}>Import a roster (CSV) and print login cards</Link>}
            </div>
            {roster.length === 0 ? (
              <p className="empty">
                No students yet. They join with the code <span className="nowrap">{formatJoinCode(cls.joinCode)}</span>.
              </p>
            ) : (
              <div className="table-wrap">
                <table className="data roster-table">
                  <caption className="muted small" style={{ textAlign: "left", paddingBottom: "0.5rem" }}>
                    Students enrolled in {cls.name}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Username</th>
                      <th scope="col">Joined</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {roster.map((s) => (
                      <tr key={s.id}>
                        <td>
                          {s.displayName} {s.status === "withdrawn" && <span className="badge">withdrawn</span>}
                        </td>
                        <td className="code">{s.username}</td>
                        <td className="roster-joined">{formatDate(s.joinedAt)}</td>
                        <td className="roster-actions">
                          {!archived && (
                            <>
                              {s.status === "active" && locked.has(s.username) && !shared.has(s.id) && <UnlockSignIn classId={cls.id} studentId={s.id} />}
                              {shared.has(s.id) ? (
                                <span className="muted small" aria-describedby={sharedNoteId}>
                                  No reset: also in another instructor’s class
                                </span>
                              ) : (
                                <ActionForm
                                  action={resetPasswordAction}
                                  submitLabel="Reset password"
                                  pendingLabel="Resetting…"
                                  buttonClassName="button button-small button-secondary"
                                  className="inline-form"
                                >
                                  <input type="hidden" name="classId" value={cls.id} />
                                  <input type="hidden" name="studentId" value={s.id} />
                                </ActionForm>
                              )}
                              <ActionForm
                                action={withdrawAction}
                                submitLabel={s.status === "active" ? "Remove" : "Re-admit"}
                                pendingLabel="Saving…"
                                buttonClassName="button button-small button-secondary"
                                className="inline-form"
                              >
                                <input type="hidden" name="classId" value={cls.id} />
                                <input type="hidden" name="studentId" value={s.id} />
                                <input type="hidden" name="status" value={s.status === "active" ? "withdrawn" : "active"} />
                              </ActionForm>
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {shared.size > 0 && (
              <p id={sharedNoteId} className="muted small">
                Why “No reset”: {SHARED_STUDENT_RESET}
              </p>
            )}
          </section>
          <TeachersCard cls={cls} teachers={teachers ?? []} me={instructor.id} />
          <ClassSettingsCard cls={cls} me={instructor.id} work={work} />
        </div>
        <div>
          <section className="card" aria-labelledby="join-heading">
            <h2 id="join-heading">Join code</h2>
            {archived ? (
              <p>Joining is closed while the class is archived.</p>
            ) : cls.joinEnabled ? (
              <>
                <p className="join-code" data-testid="join-code">
                  {formatJoinCode(cls.joinCode)}
                </p>
                <p className="muted small">Students enter it at /join, or open the join link:</p>
                <code className="copyable" data-testid="join-link">
                  {joinLink}
                </code>
                {/* For the classroom screen or a printed handout: phones open the join link from it. */}
                <details className="join-qr">
                  <summary>QR code of the join link</summary>
                  <svg viewBox={`-2 -2 ${qr.size + 4} ${qr.size + 4}`} className="qr qr-large" role="img" aria-label={`QR code for ${joinLink}`}>
                    <rect x={-2} y={-2} width={qr.size + 4} height={qr.size + 4} fill="#fff" />
                    <path d={qr.path} fill="#000" />
                  </svg>
                </details>
              </>
            ) : (
              <p>Joining is turned off for this class: the code and link do not work.</p>
            )}
            {!archived && (
              <div className="row join-actions">
                <ActionForm action={joinCodeAction} submitLabel="New code" pendingLabel="Drawing…" buttonClassName="button button-small button-secondary" className="inline-form">
                  <input type="hidden" name="classId" value={cls.id} />
                  <input type="hidden" name="intent" value="regenerate" />
                </ActionForm>
                <ActionForm
                  action={joinCodeAction}
                  submitLabel={cls.joinEnabled ? "Turn joining off" : "Turn joining on"}
                  pendingLabel="Saving…"
                  buttonClassName="button button-small button-secondary"
                  className="inline-form"
                >
                  <input type="hidden" name="classId" value={cls.id} />
                  <input type="hidden" name="intent" value={cls.joinEnabled ? "disable" : "enable"} />
                </ActionForm>
              </div>
            )}
          </section>
          {!archived && (
            <section className="card" aria-labelledby="assign-heading">
              <h2 id="assign-heading">Assign a lesson</h2>
              {lessons.length === 0 ? (
                <p className="muted">
                  There are no lessons yet. <Link href="/teach/lessons/new">Write one</Link>.
                </p>
              ) : (
                <ActionForm action={assignLessonAction} submitLabel="Assign lesson" pendingLabel="Assigning…">
                  <input type="hidden" name="classId" value={cls.id} />
                  <SelectField name="lessonId" label="Lesson" options={lessons} />
                  <Field name="dueAt" label="Due (optional)" type="datetime-local" hint="Leave empty for no due date." />
                  <AssignmentPolicyFields />
                  <TextAreaField
                    name="instructions"
                    label="Instructions for students (optional)"
                    hint="Shown above the lesson, as plain text."
                    rows={3}
                    maxLength={LIMITS.instructionsMax}
                  />
                </ActionForm>
              )}
              <p className="small" style={{ marginTop: "0.75rem" }}>
                <Link href="/teach/lessons">Preview lessons with their answer keys</Link>
              </p>
            </section>
          )}
        </div>
      </div>
    </main>
  );
}
