"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { getDebateForStudent, joinDebate, recordPoll } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { announce } from "@/lib/debate/announce";
import { formError, parseForm, type FormState } from "@/lib/forms";

const sessionSchema = z.object({ sessionId: z.coerce.number().int().positive() });

export async function joinDebateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const student = await requireRole("student");
  const parsed = parseForm(sessionSchema, formData);
  if (!parsed.ok) return parsed.state;
  const result = joinDebate(db, student.id, parsed.data.sessionId);
  if (result.status === "not-found") return formError("This debate is not in one of your classes.");
  if (result.status === "ended") return formError("This debate has ended.");
  if (result.status === "joined") announce(parsed.data.sessionId, result.event);
  redirect(`/debates/${parsed.data.sessionId}`);
}

const pollSchema = sessionSchema.extend({
  stance: z.coerce.number({ message: "Choose where you stand." }).int().min(1, "Choose where you stand.").max(5, "Choose where you stand."),
  confidence: z.coerce.number({ message: "Choose how sure you are." }).int().min(1, "Choose how sure you are.").max(5, "Choose how sure you are."),
});

export async function prePollAction(_state: FormState, formData: FormData): Promise<FormState> {
  const student = await requireRole("student");
  const parsed = parseForm(pollSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { sessionId, stance, confidence } = parsed.data;
  if (!getDebateForStudent(db, student.id, sessionId)) return formError("This debate is not in one of your classes.");
  const result = recordPoll(db, student.id, sessionId, "pre", stance, confidence);
  if (result.status !== "saved") return formError(result.status === "not-joined" ? "Join the debate first." : "The pre-poll has closed: the debate has moved on.");
  announce(sessionId, result.event);
  redirect(`/debates/${sessionId}?polled=1`);
}
