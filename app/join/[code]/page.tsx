import type { Metadata } from "next";
import { db } from "@/db/client";
import { findJoinableClass } from "@/db/queries/classes";
import { getCurrentUser } from "@/lib/auth/guards";
import { normalizeJoinCode } from "@/lib/join-code";
import { JoinForms } from "../join-forms";

export const metadata: Metadata = { title: "Join a class" };

/** The join link an instructor shares: the code is filled in, and the class named when the code is live. */
export default async function JoinLinkPage({ params }: { params: Promise<{ code: string }> }) {
  const code = normalizeJoinCode(decodeURIComponent((await params).code)).slice(0, 12);
  const user = await getCurrentUser();
  const cls = findJoinableClass(db, code);
  return (
    <main id="main" className="narrow">
      <div className="page-head">
        <h1>{cls ? `Join ${cls.name}` : "Join a class"}</h1>
        {cls ? <p>You have been invited to this class.</p> : null}
      </div>
      {!cls && (
        <p className="notice notice-error" role="alert">
          This join link does not open a class: the code may be mistyped, or joining may be turned off. Ask your instructor for the current code.
        </p>
      )}
      <JoinForms user={user} code={cls ? code : undefined} className={cls?.name} />
    </main>
  );
}
