import type { Metadata } from "next";
import { Breadcrumbs, classTrail } from "@/app/_components/breadcrumbs";
import { notFound } from "next/navigation";
import { db } from "@/db/client";
import { getClassForInstructor } from "@/db/queries/classes";
import { requireRole } from "@/lib/auth/guards";
import { parseId } from "@/lib/ids";
import { ROSTER_MAX_ROWS, USERNAME_RULE } from "@/lib/roster";
import { importRosterAction } from "./actions";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import a roster" };

export default async function ImportRosterPage({ params }: { params: Promise<{ classId: string }> }) {
  const instructor = await requireRole("instructor");
  const classId = parseId((await params).classId);
  const cls = classId ? await getClassForInstructor(db, instructor.id, classId) : undefined;
  if (!cls) notFound();
  return (
    <main id="main">
      <Breadcrumbs trail={classTrail(cls)} here="Import a roster" className="no-print" />
      <div className="page-head no-print">
        <h1>Import a roster into {cls.name}</h1>
        <p>
          Creates an account for each student (up to {ROSTER_MAX_ROWS} at a time) and prints login cards. You see the students to be created first; if any row has a
          problem, nothing is imported.
        </p>
      </div>
      {cls.archivedAt !== null ? (
        <p className="notice notice-info">This class is archived: restore it on its page to add students.</p>
      ) : (
        <div className="card">
          <ImportForm action={importRosterAction.bind(null, cls.id)} usernameRule={USERNAME_RULE} />
        </div>
      )}
    </main>
  );
}
