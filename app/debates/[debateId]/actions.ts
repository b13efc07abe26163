"use server";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { castVote, createPost } from "@/db/queries/debate-posts";
import { getDebateForStudent, joinDebate, recordPoll } from "@/db/queries/debates";
import { requireRole } from "@/lib/auth/guards";
import { announce } from "@/lib/debate/announce";
import { DEBATE_LIMITS, POST_KINDS } from "@/lib/debate/rules";
import { formError, isForm, parseForm, UNREADABLE_REQUEST, type FormState } from "@/lib/forms";
import { plural } from "@/lib/format";
import { idFieldSchema, wholeNumberSchema } from "@/lib/validation";

const sessionSchema = z.object({ sessionId: idFieldSchema });
const NOT_HERE = "This debate is not in one of your classes.";

export async function joinDebateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const student = await requireRole("student");
  const parsed = parseForm(sessionSchema, formData);
  if (!parsed.ok) return parsed.state;
  const result = await joinDebate(db, student.id, parsed.data.sessionId);
  if (result.status === "not-found") return formError(NOT_HERE);
  if (result.status === "ended") return formError("This debate has ended.");
  if (result.status === "joined") announce(parsed.data.sessionId, result.event);
  redirect(`/debates/${parsed.data.sessionId}`);
}

const pollSchema = sessionSchema.extend({
  phase: z.enum(["pre", "post"]),
  stance: wholeNumberSchema("Choose where you stand.").pipe(z.number().min(1, "Choose where you stand.").max(5, "Choose where you stand.")),
  confidence: wholeNumberSchema("Choose how sure you are.").pipe(z.number().min(1, "Choose how sure you are.").max(5, "Choose how sure you are.")),
});

/** The pre-poll (in the lobby) and the post-poll (after the closing round). */
export async function pollAction(_state: FormState, formData: FormData): Promise<FormState> {
  const student = await requireRole("student");
  const parsed = parseForm(pollSchema, formData);
  if (!parsed.ok) return parsed.state;
  const { sessionId, phase, stance, confidence } = parsed.data;
  if (!(await getDebateForStudent(db, student.id, sessionId))) return formError(NOT_HERE);
  const result = await recordPoll(db, student.id, sessionId, phase, stance, confidence);
  if (result.status !== "saved")
    return formError(
      result.status === "not-joined" ? "Join the debate first." : phase === "pre" ? "The pre-poll has closed: the debate has moved on." : "The post-poll is not open.",
      formData,
    );
  announce(sessionId, result.event);
  if (result.moved) announce(sessionId, result.moved);
  redirect(`/debates/${sessionId}?polled=${phase}`);
}

const postSchema = sessionSchema.extend({
  groupId: idFieldSchema,
  kind: z.enum(POST_KINDS, { message: "Choose claim, rebuttal or question." }),
  replyTo: z.union([z.literal(""), idFieldSchema]).optional(),
  body: z.string({ message: "Write your post first." }),
  // Made by the form (app/_components/debate/post-form.tsx); absent from a client that does not send one.
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: "That post could not be read." })
    .optional(),
});

const POST_REFUSALS = {
  "not-joined": "You are not in this debate.",
  "no-group": "You are not in a group yet: wait for your instructor to place you.",
  closed: "Posting is closed: posts are open during the opening, rebuttal and closing rounds.",
  "time-up": "Time is up for this round: posting is closed. Your post was not sent; keep it until your instructor adds time.",
  empty: "Write your post first.",
  "too-long": `Posts are at most ${DEBATE_LIMITS.bodyMax.toLocaleString("en")} characters.`,
  "too-many-citations": `Cite at most ${DEBATE_LIMITS.citationsMax} sentences.`,
  "bad-citation": "Cite sentences of this lesson's text.",
  "needs-reply": "A rebuttal answers a post of the other side: choose which one.",
  "bad-reply": "The post you are replying to is no longer there.",
  "own-side-reply": "A rebuttal answers the other side, not your own: choose one of their posts, or post a claim or a question.",
} as const;

/** A student's post. Refused posts keep what was typed, so nothing is lost. */
export async function postAction(_state: FormState, formData: FormData): Promise<FormState> {
  const student = await requireRole("student");
  if (!isForm(formData)) return formError(UNREADABLE_REQUEST);
  const cite = formData.getAll("cite").filter((v): v is string => typeof v === "string");
  const keep = (message: string, fieldErrors?: Record<string, string>): FormState => ({
    ...formError(message, formData, fieldErrors),
    values: {
      body: String(formData.get("body") ?? "").slice(0, 20_000),
      kind: String(formData.get("kind") ?? ""),
      replyTo: String(formData.get("replyTo") ?? ""),
      cite: cite.join(" "),
    },
  });
  const parsed = parseForm(postSchema, formData);
  // The form shows one message above it: name what is wrong rather than point at a field.
  if (!parsed.ok) return keep(Object.values(parsed.state.fieldErrors ?? {})[0] ?? "That post could not be read.");
  const { sessionId, groupId, kind, replyTo, body, clientId } = parsed.data;
  const result = await createPost(db, student.id, sessionId, { groupId, kind, replyToId: replyTo || null, body, sentenceIds: cite.slice(0, 100), clientId });
  if (result.status === "already-posted") {
    // The first send's answer was lost, and maybe the page's live feed with it: show the page as it is.
    refresh();
    return { status: "success", message: `Posted as #${result.number}.` };
  }
  if (result.status === "rate-limited") return keep(`You are posting faster than anyone can read: wait ${plural(result.waitSeconds, "second")} and post again.`);
  if (result.status === "wrong-group") {
    refresh();
    return keep(`Your instructor has moved you to ${result.groupName}, so your post was not sent. Check that it argues your group's side, then post it again.`);
  }
  if (result.status !== "posted") return keep(POST_REFUSALS[result.status]);
  announce(sessionId, result.event);
  refresh();
  return { status: "success", message: `Posted as #${result.post.number}.` };
}

const voteSchema = sessionSchema.extend({ postId: idFieldSchema, give: z.enum(["1", "0"]) });

const VOTE_REFUSALS = {
  "not-joined": "You are not in this debate.",
  closed: "Voting is open during the rounds and the post-poll.",
  "not-found": "That post is no longer there.",
  "own-group": "You can't vote for your own group's posts.",
  "no-votes-left": `You have used all ${DEBATE_LIMITS.votes} of your votes. Take one back to vote for this post.`,
  "already-voted": "You already voted for this post.",
  "not-voted": "You had not voted for this post.",
} as const;

/** Gives or takes back a vote for a post of another group. */
export async function voteAction(_state: FormState, formData: FormData): Promise<FormState> {
  const student = await requireRole("student");
  const parsed = parseForm(voteSchema, formData);
  if (!parsed.ok) return formError("That vote could not be read.");
  const { sessionId, postId, give } = parsed.data;
  const result = await castVote(db, student.id, sessionId, postId, give === "1");
  if (result.status !== "voted" && result.status !== "unvoted") return formError(VOTE_REFUSALS[result.status]);
  announce(sessionId, result.event);
  refresh();
  return { status: "success", message: `${result.status === "voted" ? "Vote given" : "Vote taken back"}: ${plural(result.votesLeft, "vote")} left.` };
}
