"use server";

import { db } from "@/db/client";
import { isForm, UNREADABLE_REQUEST } from "@/lib/forms";
import { getClassForInstructor, importRoster } from "@/db/queries/classes";
import { requireRole } from "@/lib/auth/guards";
import { hashPassword } from "@/lib/auth/password";
import { generateTemporaryPassword } from "@/lib/auth/temporary-password";
import { qrPath } from "@/lib/qr";
import { parseRoster, ROSTER_MAX_BYTES, type RosterProblem } from "@/lib/roster";
import { siteOrigin } from "@/lib/site-origin";

export type ImportState =
  | { status: "idle" }
  /** `pasted`: the pasted roster, put back into its box (a chosen file cannot be put back; with JavaScript it stays chosen). */
  | { status: "error"; problems: RosterProblem[]; pasted?: string }
  | { status: "imported"; className: string; signInUrl: string; qr: { size: number; path: string }; cards: { displayName: string; username: string; password: string }[] };

/**
 * Imports a roster CSV into a class: every row valid and every username free, or nothing at all. Each new
 * student gets the password from the file or a generated one, shown once on the login cards; generated
 * passwords must be replaced at the first sign-in.
 */
export async function importRosterAction(classId: number, _state: ImportState, formData: FormData): Promise<ImportState> {
  const instructor = await requireRole("instructor");
  const cls = Number.isSafeInteger(classId) ? getClassForInstructor(db, instructor.id, classId) : undefined;
  if (!cls) return { status: "error", problems: [{ message: "That class does not exist or is not yours." }] };
  if (!isForm(formData)) return { status: "error", problems: [{ message: UNREADABLE_REQUEST }] };
  const file = formData.get("roster");
  const pasted = formData.get("csv");
  let text = typeof pasted === "string" ? pasted : "";
  const refuse = (problems: RosterProblem[]): ImportState => ({ status: "error", problems, pasted: typeof pasted === "string" && pasted ? pasted : undefined });
  if (file instanceof File && file.size > 0) {
    if (file.size > ROSTER_MAX_BYTES) return refuse([{ message: `The file is too large (more than ${ROSTER_MAX_BYTES / 1024} KB).` }]);
    text = await file.text();
  }
  if (!text.trim()) return refuse([{ message: "Choose a CSV file, or paste the roster." }]);
  const parsed = parseRoster(text);
  if (!parsed.ok) return refuse(parsed.problems);

  const cards = parsed.rows.map((row) => ({ ...row, password: row.password ?? generateTemporaryPassword(), generated: !row.password }));
  // A few at a time: the hashes share a small thread pool with everyone else's sign-ins.
  const hashes: string[] = [];
  for (let i = 0; i < cards.length; i += 4) hashes.push(...(await Promise.all(cards.slice(i, i + 4).map((c) => hashPassword(c.password)))));
  const result = importRoster(
    db,
    instructor.id,
    classId,
    cards.map((c, i) => ({ line: c.line, displayName: c.displayName, username: c.username, passwordHash: hashes[i]!, mustChangePassword: c.generated })),
  );
  if (result.status === "not-found") return { status: "error", problems: [{ message: "That class does not exist or is not yours." }] };
  if (result.status === "taken") return refuse(result.problems);
  const signInUrl = `${await siteOrigin()}/signin`;
  return {
    status: "imported",
    className: cls.name,
    signInUrl,
    qr: qrPath(signInUrl),
    cards: cards.map(({ displayName, username, password }) => ({ displayName, username, password })),
  };
}
