"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { addSnippet, gradeResponse } from "@/db/queries/grading";
import { requireRole } from "@/lib/auth/guards";
import { isForm, parseForm, UNREADABLE_REQUEST } from "@/lib/forms";
import { decimalScoreSchema, idFieldSchema, wholeNumberSchema } from "@/lib/validation";

/** What the grader sent, put back into the form when nothing was saved (the form is re-rendered without JavaScript). */
export type TypedGrade = { score: string; comment: string; saveSnippet: boolean };

export type GradeFormState =
  | { status: "idle" }
  /** `version`: the grade version this answer is about; a page showing a newer grade has moved past it. */
  | { status: "error"; message: string; typed: TypedGrade; version: number }
  | { status: "conflict"; message: string; typed: TypedGrade; version: number; current: { score: number | null; comment: string | null; gradedBy: string | null; version: number } };

const gradeSchema = z.object({
  classId: idFieldSchema,
  assignmentId: idFieldSchema,
  responseId: idFieldSchema,
  version: wholeNumberSchema("That request could not be read."),
  score: decimalScoreSchema,
  comment: z.string().max(2000, "Comments can be at most 2000 characters.").default(""),
  saveSnippet: z.string().optional(),
  next: z.string().max(20).optional(),
  anon: z.string().optional(),
});

/** Saves one grade (and, if asked, its comment as a reusable snippet), then moves on to the next response. */
export async function saveGrade(_state: GradeFormState, formData: FormData): Promise<GradeFormState> {
  const instructor = await requireRole("instructor");
  if (!isForm(formData)) return { status: "error", message: UNREADABLE_REQUEST, typed: { score: "", comment: "", saveSnippet: false }, version: 0 };
  const sent = (key: string) => {
    const value = formData.get(key);
    return typeof value === "string" ? value.slice(0, 2000) : "";
  };
  const typed: TypedGrade = { score: sent("score"), comment: sent("comment"), saveSnippet: sent("saveSnippet") === "1" };
  const version = Number(sent("version")) || 0;
  const parsed = parseForm(gradeSchema, formData);
  if (!parsed.ok) return { status: "error", message: Object.values(parsed.state.fieldErrors ?? {})[0] ?? "Check the score and comment.", typed, version };
  const input = parsed.data;
  const result = await gradeResponse(db, instructor.id, input.assignmentId, {
    responseId: input.responseId,
    score: input.score,
    comment: input.comment,
    expectedVersion: input.version,
  });
  switch (result.status) {
    case "not-found":
      return { status: "error", message: "That response does not exist, is not submitted, or is not in your class.", typed, version };
    case "out-of-range":
      return { status: "error", message: `The score must be between 0 and ${result.max}.`, typed, version };
    case "conflict":
      return {
        status: "conflict",
        message: `${result.current.gradedBy ?? "Someone"} graded this response while you had it open. Their grade is below; nothing of yours was saved yet.`,
        current: result.current,
        typed,
        version: result.current.version,
      };
    case "saved":
      break;
  }
  if (input.saveSnippet === "1" && input.comment.trim()) {
    const itemId = formData.get("itemId");
    if (typeof itemId === "string") await addSnippet(db, instructor.id, input.assignmentId, itemId.slice(0, 80), input.comment.trim());
  }
  const params = new URLSearchParams({ saved: String(input.responseId) });
  if (input.next) params.set("r", input.next);
  else params.set("r", String(input.responseId));
  if (input.anon === "1") params.set("anon", "1");
  redirect(`/teach/classes/${input.classId}/assignments/${input.assignmentId}/grade?${params}`);
}
