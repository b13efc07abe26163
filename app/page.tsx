import Link from "next/link";
import { redirect } from "next/navigation";
import { db } from "@/db/client";
import { isSetupOpen } from "@/db/queries/users";
import { getCurrentUser, homePathFor } from "@/lib/auth/guards";

export default async function HomePage() {
  const user = await getCurrentUser();
  if (user) redirect(homePathFor(user));
  if (await isSetupOpen(db)) redirect("/setup");

  return (
    <main id="main">
      <section className="hero">
        <div>
          <p className="eyebrow">Close reading · structured debate</p>
          <h1>Read closely. Argue from the text.</h1>
          <p className="lead">
            Colloquy walks students through a real article excerpt by excerpt, asks what it says and what it implies, and has them take
            positions they must back with sentences from the text.
          </p>
          <div className="row">
            <Link className="button" href="/signin">
              Sign in
            </Link>
            <Link className="button button-secondary" href="/join">
              Join a class with a code
            </Link>
          </div>
        </div>
        <div className="card">
          <h2>In every lesson</h2>
          <ul className="feature-list">
            <li>Excerpts of a real article, quoted word for word</li>
            <li>Comprehension questions after each excerpt</li>
            <li>Evidence questions: pick the sentences that prove a claim</li>
            <li>Debate prompts: take a side, cite the text</li>
          </ul>
        </div>
      </section>
    </main>
  );
}
