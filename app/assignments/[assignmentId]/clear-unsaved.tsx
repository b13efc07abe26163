"use client";

import { useEffect } from "react";
import { unsavedKey } from "@/app/_components/unsaved-key";

/** Once the server has the submitted attempt, this browser's backup of unsent answers is no longer needed. */
export function ClearUnsaved({ assignmentId, studentId }: { assignmentId: number; studentId: number }) {
  useEffect(() => {
    try {
      localStorage.removeItem(unsavedKey(assignmentId, studentId));
    } catch {
      // storage blocked: nothing to clear
    }
  }, [assignmentId, studentId]);
  return null;
}
