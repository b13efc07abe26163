"use server";

import { db } from "@/db/client";
import { isForm, UNREADABLE_REQUEST } from "@/lib/forms";
import { findKnownUsernames, getClassForInstructor, importRoster, takenProblem } from "@/db/queries/classes";
import { requireRole } from "@/lib/auth/guards";
import { hashPassword } from "@/lib/auth/password";
import { generateTemporaryPassword } from "@/lib/auth/temporary-password";
import { qrPath } from "@/lib/qr";
import { parseRoster, ROSTER_MAX_BYTES, type RosterProblem, type UsernameSource } from "@/lib/roster";
import { siteOrigin } from "@/lib/site-origin";

export type ImportState =
  /** `pasted`: the roster to put back into its box (after "Change the roster" on the preview). */
  | { status: "idle"; pasted?: string }
  /** `pasted`: the pasted roster, put back into its box (a chosen file cannot be put back; with JavaScript it stays chosen). */
  | { status: "error"; problems: RosterProblem[]; pasted?: string }
  /**
   * What would be created, before anything is: the roster's text goes back to the server with the confirmation
   * (`csv`), which reads and checks it again. Nothing is stored until then.
   */
  | {
      status: "preview";
      className: string;
      csv: string;
      /** `inClass`: a student of the class already (the roster imported again), left as they are: active, or withdrawn. */
      rows: { line: number; displayName: string; username: string; usernameFrom: UsernameSource; password: "file" | "generated"; inClass: "active" | "withdrawn" | null }[];
    }
  | {
      status: "imported";
      className: string;
      signInUrl: string;
      qr: { size: number; path: string };
      cards: { displayName: string; username: string; password: string }[];
      /** How many of the roster's students were in the class already. */
      inClass: number;
    };

/**
 * Imports a roster CSV into a class in two steps. `intent=preview` (also when no intent is sent) reads and
 * checks the roster and answers with what would be created, storing nothing; `intent=create` reads and checks
 * it again and creates it: every row valid and every username free, or nothing at all. A roster imported
 * again (updated) leaves the students already in the class as they are and adds the new ones. Each new student gets
 * the password from the file or a generated one, shown once on the login cards; generated passwords must be
 * replaced at the first sign-in. `intent=edit` goes back to the form with the roster in its box.
 */
export async function importRosterAction(classId: number, _state: ImportState, formData: FormData): Promise<ImportState> {
  const instructor = await requireRole("instructor");
  const cls = Number.isSafeInteger(classId) ? await getClassForInstructor(db, instructor.id, classId) : undefined;
  if (!cls) return { status: "error", problems: [{ message: "That class does not exist or is not yours." }] };
  if (cls.archivedAt !== null) return { status: "error", problems: [{ message: "This class is archived: restore it to add students." }] };
  if (!isForm(formData)) return { status: "error", problems: [{ message: UNREADABLE_REQUEST }] };
  const intent = formData.get("intent") === "create" ? "create" : formData.get("intent") === "edit" ? "edit" : "preview";
  const file = formData.get("roster");
  const pasted = formData.get("csv");
  let text = typeof pasted === "string" ? pasted : "";
  if (intent === "edit") return { status: "idle", pasted: text || undefined };
  if (file instanceof File && file.size > 0) {
    if (file.size > ROSTER_MAX_BYTES) return { status: "error", problems: [{ message: `The file is too large (more than ${ROSTER_MAX_BYTES / 1024} KB).` }] };
    text = await file.text();
  }
  const refuse = (problems: RosterProblem[]): ImportState => ({ status: "error", problems, pasted: typeof pasted === "string" && pasted ? pasted : undefined });
  if (!text.trim()) return refuse([{ message: "Choose a CSV file, or paste the roster." }]);
  const parsed = parseRoster(text);
  if (!parsed.ok) return refuse(parsed.problems);

  // Checked again by importRoster in its transaction; here for the preview, and so that no password is
  // made (and hashed) for a student already in the class.
  const known = await findKnownUsernames(db, instructor.id, classId, parsed.rows.map((r) => r.username));
  if (!known) return { status: "error", problems: [{ message: "That class does not exist or is not yours." }] };
  const clashes = parsed.rows.filter((r) => known.taken.has(r.username));
  if (clashes.length) return refuse(clashes.map((r) => takenProblem(r, cls.joinEnabled)));
  const fresh = parsed.rows.filter((r) => !known.inClass.has(r.username));
  if (fresh.length === 0) return refuse([{ message: `Everyone in this roster is already in ${cls.name}: there is nobody new to add.` }]);
  if (intent === "preview") {
    return {
      status: "preview",
      className: cls.name,
      csv: text,
      rows: parsed.rows.map((r) => ({
        line: r.line,
        displayName: r.displayName,
        username: r.username,
        usernameFrom: r.usernameFrom,
        password: r.password ? "file" : "generated",
        inClass: known.withdrawn.has(r.username) ? "withdrawn" : known.inClass.has(r.username) ? "active" : null,
      })),
    };
  }

  const cards = fresh.map((row) => ({ ...row, password: row.password ?? generateTemporaryPassword(), generated: !row.password }));
  // A few at a time: the hashes share a small thread pool with everyone else's sign-ins.
  const hashes: string[] = [];
  for (let i = 0; i < cards.length; i += 4) hashes.push(...(await Promise.all(cards.slice(i, i + 4).map((c) => hashPassword(c.password)))));
  const result = await importRoster(
    db,
    instructor.id,
    classId,
    cards.map((c, i) => ({ line: c.line, displayName: c.displayName, username: c.username, passwordHash: hashes[i]!, mustChangePassword: c.generated })),
  );
  if (result.status === "not-found") return { status: "error", problems: [{ message: "That class does not exist or is not yours." }] };
  if (result.status === "taken") return refuse(result.problems);
  // One who joined the class since the check above (with the code) keeps their account: no card for them.
  const joined = new Set(result.inClass);
  const signInUrl = `${await siteOrigin()}/signin`;
  return {
    status: "imported",
    className: cls.name,
    signInUrl,
    qr: qrPath(signInUrl),
    cards: cards.filter((c) => !joined.has(c.username)).map(({ displayName, username, password }) => ({ displayName, username, password })),
    inClass: parsed.rows.length - cards.length + joined.size,
  };
}
