import type { Metadata } from "next";
import { db } from "@/db/client";
import Link from "next/link";
import { listClassesForStudent } from "@/db/queries/classes";
import { getCurrentUser } from "@/lib/auth/guards";
import { normalizeJoinCode } from "@/lib/join-code";
import { lookUpJoinCode } from "@/db/queries/joining";
import { requestAddress } from "@/lib/auth/request-address";
import { JoinForms } from "../join-forms";

export const metadata: Metadata = { title: "Join a class" };

/** The join link an instructor shares: the code is filled in, and the class named when the code is live. */
export default async function JoinLinkPage({ params }: { params: Promise<{ code: string }> }) {
  // Next has already decoded the segment.
  const code = normalizeJoinCode((await params).code).slice(0, 12);
  const user = await getCurrentUser();
  // The page names the class a code opens, so looking codes up here counts towards the same limit as joining.
  const address = await requestAddress();
  const cls = await lookUpJoinCode(db, address, code);
  const alreadyIn = cls && user?.role === "student" && (await listClassesForStudent(db, user.id)).some((c) => c.id === cls.id);
  if (cls && alreadyIn) {
    return (
      <main id="main" className="narrow">
        <h1>You are already in {cls.name}</h1>
        <p>
          <Link href="/dashboard">Go to your lessons</Link>
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="narrow">
      <div className="page-head">
        <h1>{cls ? `Join ${cls.name}` : "Join a class"}</h1>
        {cls && !user ? <p>You have been invited to this class. Create your account to join it.</p> : null}
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
