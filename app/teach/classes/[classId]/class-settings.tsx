import { ActionForm, Field } from "@/app/_components/action-form";
import type { Teacher } from "@/db/queries/classes";
import type { Class } from "@/db/schema";
import { formatDate, plural } from "@/lib/format";
import { LIMITS } from "@/lib/validation";
import { addCoTeacherAction, archiveClassAction, deleteClassAction, removeCoTeacherAction, renameClassAction } from "./class-actions";

/** The class's teachers: the owner adds and removes co-teachers; a co-teacher may leave. */
export function TeachersCard({ cls, teachers, me }: { cls: Class; teachers: Teacher[]; me: number }) {
  const owner = cls.instructorId === me;
  return (
    <section className="card" aria-labelledby="teachers-heading">
      <h2 id="teachers-heading">Teachers</h2>
      <ul className="list">
        {teachers.map((t) => (
          <li key={t.id}>
            <div>
              <span className="list-title">{t.displayName}</span> <span className="badge">{t.owner ? "owner" : "co-teacher"}</span>
              <div className="muted small code">{t.username}</div>
            </div>
            {!t.owner && (owner || t.id === me) && (
              <ActionForm
                action={removeCoTeacherAction}
                submitLabel={t.id === me ? "Leave this class" : "Remove"}
                pendingLabel="Removing…"
                buttonClassName="button button-small button-secondary"
                className="inline-form"
              >
                <input type="hidden" name="classId" value={cls.id} />
                <input type="hidden" name="instructorId" value={t.id} />
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
      {owner && !cls.archivedAt && (
        <ActionForm action={addCoTeacherAction} submitLabel="Add co-teacher" pendingLabel="Adding…" buttonClassName="button button-secondary">
          <input type="hidden" name="classId" value={cls.id} />
          <Field
            name="username"
            label="Co-teacher’s username"
            hint="Another instructor of this Colloquy. Co-teachers can do everything here except delete the class."
            autoComplete="off"
            required
            maxLength={64}
          />
        </ActionForm>
      )}
    </section>
  );
}

/** Rename, archive or restore, and delete (the owner, while there is no student work). */
export function ClassSettingsCard({ cls, me, work }: { cls: Class; me: number; work: { attempts: number; debates: number } }) {
  const owner = cls.instructorId === me;
  const hasWork = work.attempts > 0 || work.debates > 0;
  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Class settings</h2>
      {cls.archivedAt ? (
        <ActionForm action={archiveClassAction} submitLabel="Restore class" pendingLabel="Restoring…" buttonClassName="button">
          <p className="small">Archived {formatDate(cls.archivedAt)}. Restoring shows it to its students again and lets it change.</p>
          <input type="hidden" name="classId" value={cls.id} />
          <input type="hidden" name="intent" value="restore" />
        </ActionForm>
      ) : (
        <>
          <ActionForm action={renameClassAction} submitLabel="Rename" pendingLabel="Saving…" buttonClassName="button button-secondary">
            <input type="hidden" name="classId" value={cls.id} />
            <Field name="name" label="Class name" defaultValue={cls.name} required maxLength={LIMITS.classNameMax} />
          </ActionForm>
          <details className="danger-zone">
            <summary>Archive at the end of term</summary>
            <ActionForm action={archiveClassAction} submitLabel="Archive class" pendingLabel="Archiving…" buttonClassName="button button-secondary">
              <p className="small">
                Students no longer see the class, nothing in it can change (a live debate ends), and joining stops. You and its co-teachers can still review and export all its
                work, and restore it.
              </p>
              <input type="hidden" name="classId" value={cls.id} />
              <input type="hidden" name="intent" value="archive" />
            </ActionForm>
          </details>
        </>
      )}
      {owner && (
        <details className="danger-zone">
          <summary>Delete class</summary>
          {hasWork ? (
            <p className="small">
              This class has student work ({[work.attempts && plural(work.attempts, "attempt"), work.debates && plural(work.debates, "debate")].filter(Boolean).join(", ")}), so it
              cannot be deleted. Archive it instead.
            </p>
          ) : (
            <ActionForm action={deleteClassAction} submitLabel="Delete class" pendingLabel="Deleting…" buttonClassName="button button-danger">
              <p className="small">For a class created by mistake: its roster, co-teachers and assignments go; the students’ accounts stay.</p>
              <input type="hidden" name="classId" value={cls.id} />
              <label className="checkbox-line">
                <input type="checkbox" name="confirmDelete" value="yes" required /> Delete {cls.name} for good
              </label>
            </ActionForm>
          )}
        </details>
      )}
    </section>
  );
}
