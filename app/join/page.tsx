import type { Metadata } from "next";
import { getCurrentUser } from "@/lib/auth/guards";
import { JoinForms } from "./join-forms";

export const metadata: Metadata = { title: "Join a class" };

export default async function JoinPage() {
  const user = await getCurrentUser();
  return (
    <main id="main" className="narrow">
      <div className="page-head">
        <h1>Join a class</h1>
        <p>Enter the code your instructor gave you.</p>
      </div>
      <JoinForms user={user} />
    </main>
  );
}
