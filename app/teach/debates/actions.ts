"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { advanceDebate, endDebate, formDebateGroups, getDebateForInstructor, startDebate } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { announce } from "@/lib/debate/announce";
import { PHASE_LABEL } from "@/lib/debate/phases";
import { formError, parseForm, type FormState } from "@/lib/forms";

const startSchema = z.object({ assignmentId: z.coerce.number().int().positive(), debateId: z.string().min(1, "Choose a debate prompt.").max(80) });

export async function startDebateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(startSchema, formData);
  if (!parsed.ok) return parsed.state;
  const result = startDebate(db, instructor.id, parsed.data.assignmentId, parsed.data.debateId);
  if (result.status === "not-found") return formError("That debate prompt is not part of one of your assignments.");
  if (result.status === "already-running") redirect(`/teach/debates/${result.sessionId}?running=1`);
  announce(result.session.id, result.event, result.session.classId);
  redirect(`/teach/debates/${result.session.id}`);
}

export async function endDebateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ sessionId: z.coerce.number().int().positive() }), formData);
  if (!parsed.ok) return parsed.state;
  const session = getDebateForInstructor(db, instructor.id, parsed.data.sessionId);
  if (!session) return formError("That session does not exist or is not yours.");
  const event = endDebate(db, instructor.id, session.id);
  if (!event) return formError("This session has already ended.");
  announce(session.id, event, session.classId);
  return { status: "success", message: "The session has ended." };
}

const groupsSchema = z.object({
  sessionId: z.coerce.number().int().positive(),
  groups: z.coerce.number().int().min(2, "At least 2 groups.").max(8, "At most 8 groups."),
  mode: z.enum(["random", "mixed"]),
  opposite: z.string().optional(),
});

export async function formGroupsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(groupsSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { sessionId, groups, mode, opposite } = parsed.data;
  const result = formDebateGroups(db, instructor.id, sessionId, { groups, mode, opposite: opposite === "on" });
  if (result.status !== "formed") {
    const messages = {
      "not-found": "That session does not exist or is not yours.",
      "too-late": "Groups can only be formed in the lobby, before the opening round.",
      "too-few": "At least two students must join before groups can be formed.",
    };
    return formError(messages[result.status]);
  }
  announce(sessionId, result.event);
  return { status: "success", message: "Groups formed. Students see their group and side now." };
}

export async function advanceDebateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ sessionId: z.coerce.number().int().positive() }), formData);
  if (!parsed.ok) return parsed.state;
  const session = getDebateForInstructor(db, instructor.id, parsed.data.sessionId);
  if (!session) return formError("That session does not exist or is not yours.");
  const result = advanceDebate(db, instructor.id, session.id);
  if (result.status === "no-groups") return formError("Form the groups first.");
  if (result.status !== "advanced") return formError("This session has ended.");
  announce(session.id, result.event, result.phase === "ended" ? session.classId : undefined);
  return { status: "success", message: `Now: ${PHASE_LABEL[result.phase]}.` };
}
