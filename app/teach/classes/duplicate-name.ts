import "server-only";
import { db } from "@/db/client";
import { classesNamed } from "@/db/queries/classes";
import { formConfirm, type FormState } from "@/lib/forms";

const CONFIRM_FIELD = "confirmDuplicateName";

/**
 * Asks first when the instructor already teaches a class of that name (case and spaces ignored): a class
 * created twice by mistake is the usual reason. The confirmation names the name, so changing it asks again.
 */
export async function duplicateNameWarning(instructorId: number, name: string, formData: FormData, exceptClassId?: number): Promise<FormState | undefined> {
  const normalized = name.trim().toLowerCase();
  if (formData.get(CONFIRM_FIELD) === normalized) return undefined;
  const same = await classesNamed(db, instructorId, name, exceptClassId);
  if (same.length === 0) return undefined;
  const archived = same.every((c) => c.archivedAt) ? " (archived)" : "";
  return formConfirm(`You already have a class named “${same[0]!.name}”${archived}. Use the name anyway?`, formData, {
    name: CONFIRM_FIELD,
    value: normalized,
    label: "Use the name anyway",
  });
}
