import "server-only";
import { db } from "@/db/client";
import { classesNamed } from "@/db/queries/classes";
import { confirmed, formWarning, type FormState } from "@/lib/forms";

export const DUPLICATE_FIELD = "confirmDuplicate";

/** Says so when the instructor already teaches a class of that name, and goes ahead on the second press. */
export function duplicateNameWarning(instructorId: number, name: string, formData: FormData, exceptClassId?: number): FormState | undefined {
  if (confirmed(formData, DUPLICATE_FIELD, name.trim().toLowerCase())) return undefined;
  const same = classesNamed(db, instructorId, name, exceptClassId);
  if (same.length === 0) return undefined;
  const archived = same.every((c) => c.archivedAt) ? " (archived)" : "";
  return formWarning(
    `You already have a class named “${same[0]!.name}”${archived}. Press the button again to use the name anyway, or choose another.`,
    formData,
    DUPLICATE_FIELD,
    name.trim().toLowerCase(),
  );
}
