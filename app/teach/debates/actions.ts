"use server";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { changeTimer, moveToGroup, setAnonymous, setPostHidden } from "@/db/queries/debate-posts";
import { advanceDebate, endDebate, formDebateGroups, getDebateForInstructor, startDebate } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { announce } from "@/lib/debate/announce";
import { PHASE_LABEL } from "@/lib/debate/phases";
import { formError, parseForm, type FormState } from "@/lib/forms";
import { idFieldSchema, wholeNumberSchema } from "@/lib/validation";
import { plural } from "@/lib/format";

const startSchema = z.object({ assignmentId: idFieldSchema, debateId: z.string().min(1, "Choose a debate prompt.").max(80) });

export async function startDebateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(startSchema, formData);
  if (!parsed.ok) return parsed.state;
  const result = await startDebate(db, instructor.id, parsed.data.assignmentId, parsed.data.debateId);
  if (result.status === "not-found") return formError("That debate prompt is not part of one of your assignments.");
  if (result.status === "already-running") redirect(`/teach/debates/${result.sessionId}?running=1`);
  announce(result.session.id, result.event, result.session.classId);
  redirect(`/teach/debates/${result.session.id}`);
}

export async function endDebateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ sessionId: idFieldSchema }), formData);
  if (!parsed.ok) return parsed.state;
  const session = await getDebateForInstructor(db, instructor.id, parsed.data.sessionId);
  if (!session) return formError("That session does not exist or is not yours.");
  const event = await endDebate(db, instructor.id, session.id);
  if (!event) return formError("This session has already ended.");
  announce(session.id, event, session.classId);
  refresh();
  return { status: "success", message: "The session has ended." };
}

const groupsSchema = z.object({
  sessionId: idFieldSchema,
  groups: wholeNumberSchema("Choose how many groups.").pipe(z.number().min(2, "At least 2 groups.").max(8, "At most 8 groups.")),
  mode: z.enum(["random", "mixed"]),
  opposite: z.string().optional(),
});

export async function formGroupsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(groupsSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { sessionId, groups, mode, opposite } = parsed.data;
  const result = await formDebateGroups(db, instructor.id, sessionId, { groups, mode, opposite: opposite === "on" });
  if (result.status === "fewer-students-than-groups")
    return formError(
      `${result.groups} groups need at least ${result.groups} students, and ${plural(result.students, "student has", "students have")} joined: every group needs someone to argue its side. Choose fewer groups, or wait for more students to join.`,
      formData,
    );
  if (result.status !== "formed") {
    const messages = {
      "not-found": "That session does not exist or is not yours.",
      "too-late": "Groups can only be formed in the lobby, before the opening round.",
      "too-few": "At least two students must join before groups can be formed.",
    };
    return formError(messages[result.status], formData);
  }
  announce(sessionId, result.event);
  refresh();
  const own =
    result.ownSide > 0
      ? ` Too few students lean the other way to fill every group, so ${plural(result.ownSide, "student who leans least strongly argues", "students who lean least strongly argue")} their own side.`
      : "";
  return { status: "success", message: `Groups formed. Students see their group and side now.${own}` };
}

const NOT_YOURS = "That session does not exist or is not yours.";
const PHASES = ["lobby", "opening", "rebuttal", "closing", "postpoll", "ended"] as const;
const sessionId = idFieldSchema;
const minutes = wholeNumberSchema("Choose between 1 and 30 minutes.").pipe(z.number().min(1, "Choose between 1 and 30 minutes.").max(30, "Choose between 1 and 30 minutes."));

export async function advanceDebateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ sessionId, from: z.enum(PHASES), timer: z.union([z.literal(""), minutes]).optional() }), formData);
  if (!parsed.ok) return parsed.state;
  const session = await getDebateForInstructor(db, instructor.id, parsed.data.sessionId);
  if (!session) return formError(NOT_YOURS);
  const result = await advanceDebate(db, instructor.id, session.id, parsed.data.timer || null, Date.now(), parsed.data.from);
  refresh();
  if (result.status === "no-groups") return formError("Form the groups first.");
  if (result.status === "empty-group")
    return formError(`${result.groupName} has no one in it, so its side would go unargued: form the groups again, or move a student into it, before the round starts.`);
  if (result.status === "moved-on") return formError(`The session had already moved on (now: ${PHASE_LABEL[result.phase]}), so nothing was changed. Look again before moving on.`);
  if (result.status !== "advanced") return formError("This session has ended.");
  announce(session.id, result.event, result.phase === "ended" ? session.classId : undefined);
  return { status: "success", message: `Now: ${PHASE_LABEL[result.phase]}.` };
}

const timerSchema = z.discriminatedUnion("change", [
  z.object({ sessionId, change: z.literal("set"), minutes }),
  z.object({ sessionId, change: z.literal("extend"), minutes }),
  z.object({ sessionId, change: z.enum(["pause", "resume", "clear"]) }),
]);

/** Starts, pauses, resumes, extends or stops the round's timer; everyone's clock follows live. */
export async function timerAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(timerSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { sessionId: id, ...change } = parsed.data;
  const result = await changeTimer(db, instructor.id, id, change.change === "set" || change.change === "extend" ? { kind: change.change, minutes: change.minutes } : { kind: change.change });
  if (result.status !== "changed")
    return formError({ "not-found": NOT_YOURS, ended: "This session has ended.", "no-change": "The timer has changed meanwhile: look again." }[result.status]);
  announce(id, result.event);
  refresh();
  return { status: "success", message: "Timer updated." };
}

const hideSchema = z.object({ sessionId, postId: idFieldSchema, hide: z.enum(["1", "0"]) });

/** Hides a post from the students (it stays in the record), or shows it again. */
export async function hidePostAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(hideSchema, formData);
  if (!parsed.ok) return formError("That request could not be read.");
  const { sessionId: id, postId, hide } = parsed.data;
  const event = await setPostHidden(db, instructor.id, id, postId, hide === "1");
  if (!event) return formError(hide === "1" ? "That post is already hidden, or not in your session." : "That post is not hidden, or not in your session.");
  announce(id, event);
  refresh();
  return { status: "success", message: hide === "1" ? "Hidden from students." : "Shown to students again." };
}

/** Switches between real names and anonymous aliases on the students' screens. */
export async function anonymousAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ sessionId, anonymous: z.enum(["1", "0"]) }), formData);
  if (!parsed.ok) return formError("That request could not be read.");
  const event = await setAnonymous(db, instructor.id, parsed.data.sessionId, parsed.data.anonymous === "1");
  if (!event) return formError("Nothing to change: the session has ended, or names are already shown that way.");
  announce(parsed.data.sessionId, event);
  refresh();
  return { status: "success", message: parsed.data.anonymous === "1" ? "Students now see aliases." : "Students now see names." };
}

/** Moves a student to another group by hand. */
export async function moveStudentAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ sessionId, studentId: idFieldSchema, groupId: idFieldSchema }), formData);
  if (!parsed.ok) return formError("Choose a group.");
  const result = await moveToGroup(db, instructor.id, parsed.data.sessionId, parsed.data.studentId, parsed.data.groupId);
  if (result.status !== "moved")
    return formError({
      "not-found": "That student or group is not in your session.",
      ended: "This session has ended.",
      "same-group": "The student is already in that group.",
      "would-empty": "That would leave their group empty: move someone else in first.",
    }[result.status]);
  announce(parsed.data.sessionId, result.event);
  refresh();
  return { status: "success", message: "Moved." };
}
