import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/db/client";
import { listAssignmentProgress, type AssignmentProgress } from "@/db/queries/assignments";
import { listClassesForInstructor } from "@/db/queries/classes";
import { requireRole } from "@/lib/auth/guards";
import { formatJoinCode } from "@/lib/join-code";
import { formatDate, plural } from "@/lib/format";
import { LIMITS } from "@/lib/validation";
import { ActionForm, Field } from "../_components/action-form";
import { createClassAction } from "./actions";

export const metadata: Metadata = { title: "Classes" };

export default async function InstructorHome({ searchParams }: { searchParams: Promise<{ passwordChanged?: string; deleted?: string; left?: string }> }) {
  const instructor = await requireRole("instructor", "/teach");
  const all = await listClassesForInstructor(db, instructor.id);
  const classes = all.filter((c) => !c.archivedAt);
  const archived = all.filter((c) => c.archivedAt);
  // The latest few assignments of each class (the class page lists them all).
  const latest = new Map<number, AssignmentProgress[]>();
  for (const a of await listAssignmentProgress(db, instructor.id)) latest.set(a.classId, [...(latest.get(a.classId) ?? []), a]);
  const { passwordChanged, deleted, left } = await searchParams;
  return (
    <main id="main">
      <div className="page-head">
        <h1>Your classes</h1>
        <p>Create a class, share its join code, and assign lessons.</p>
      </div>
      {passwordChanged && (
        <p className="notice notice-success" role="status">
          Your new password is saved.
        </p>
      )}
      {deleted && (
        <p className="notice notice-success" role="status">
          The class was deleted.
        </p>
      )}
      {left && (
        <p className="notice notice-success" role="status">
          You no longer co-teach that class.
        </p>
      )}
      <div className="two-col">
        <section className="card" aria-labelledby="classes-heading">
          <h2 id="classes-heading">Classes</h2>
          {classes.length === 0 ? (
            <p className="empty">No classes yet. Create your first one to get a join code for your students.</p>
          ) : (
            <ul className="list">
              {classes.map((c) => (
                <li key={c.id}>
                  <div>
                    <Link className="list-title" href={`/teach/classes/${c.id}`}>
                      {c.name}
                    </Link>
                    <div className="muted small">
                      {plural(c.studentCount, "student")}
                      {c.coTeaching && ` · co-teaching with ${c.ownerName}`}
                    </div>
                    {(latest.get(c.id)?.length ?? 0) > 0 && (
                      <ul className="assignment-progress">
                        {latest.get(c.id)!.map((a) => (
                          <li key={a.id}>
                            <Link href={`/teach/classes/${c.id}/assignments/${a.id}`}>{a.lessonTitle}</Link>
                            <span className="small muted">
                              {" "}
                              · {a.submitted}/{a.students} submitted
                            </span>
                            {a.toGrade > 0 && (
                              <Link className="badge badge-accent" href={`/teach/classes/${c.id}/assignments/${a.id}/grade`}>
                                {a.toGrade} to grade
                              </Link>
                            )}
                          </li>
                        ))}
                        {latest.get(c.id)![0]!.inClass > latest.get(c.id)!.length && (
                          <li className="small">
                            <Link href={`/teach/classes/${c.id}#assignments-heading`}>All {latest.get(c.id)![0]!.inClass} assignments</Link>
                          </li>
                        )}
                      </ul>
                    )}
                  </div>
                  <span className="badge" title="Join code">
                    {c.joinEnabled ? formatJoinCode(c.joinCode) : "joining off"}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {archived.length > 0 && (
            <details className="archived-classes">
              <summary>Archived classes ({archived.length})</summary>
              <ul className="list">
                {archived.map((c) => (
                  <li key={c.id}>
                    <div>
                      <Link className="list-title" href={`/teach/classes/${c.id}`}>
                        {c.name}
                      </Link>
                      <div className="muted small">
                        {plural(c.studentCount, "student")} · archived {formatDate(c.archivedAt!)}
                        {c.coTeaching && ` · co-teaching with ${c.ownerName}`}
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
        <section className="card" aria-labelledby="new-class-heading">
          <h2 id="new-class-heading">New class</h2>
          <ActionForm action={createClassAction} submitLabel="Create class" pendingLabel="Creating…">
            <Field name="name" label="Class name" required maxLength={LIMITS.classNameMax} placeholder="e.g. Period 3 — World Affairs" />
          </ActionForm>
        </section>
      </div>
    </main>
  );
}
