import { z } from "zod";
import { db } from "@/db/client";
import { AttemptError, saveDraftAnswers } from "@/db/queries/attempts";
import { getApiUser } from "@/lib/auth/guards";
import { parseId } from "@/lib/ids";
import { readTextWithin } from "@/lib/request-body";

const bodySchema = z.strictObject({
  answers: z.record(z.string().max(80), z.unknown()),
  // What the page saw of those answers (db/queries/attempts.ts, writeAnswers); without it they are written as they come.
  seen: z.record(z.string().max(80), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)).optional(),
});
const MAX_BODY = 256 * 1024;

const refuse = (status: number, error: string) => Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * Autosave: one request carries every answer that changed since the last save ({ answers: { itemId:
 * answer | null }, seen: { itemId: save time } }). All or nothing: one bad answer refuses the whole batch,
 * with a message. An answer another device saved since the page saw it is left as it is and named in
 * `conflicts`; `times` gives the save time of every other answer sent.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ assignmentId: string }> }) {
  const user = await getApiUser();
  if (!user) return refuse(401, "You are signed out. Sign in again; your answers on this page are kept until then.");
  const assignmentId = parseId((await params).assignmentId);
  if (user.role !== "student" || !assignmentId) return refuse(404, "This assignment does not exist or is not assigned to you.");

  // A cross-site page cannot send this JSON PUT with the student's cookies (SameSite=Lax, and no CORS),
  // but an Origin that is not ours is refused outright all the same.
  const origin = request.headers.get("origin");
  if (origin && !sameSite(origin, request.headers)) return refuse(403, "Cross-site requests are not allowed.");

  const text = await readTextWithin(request, MAX_BODY);
  if (text === null) return refuse(413, "Too much at once: save fewer answers per request.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(400, "The request is not JSON.");
  }
  const body = bodySchema.safeParse(json);
  if (!body.success) return refuse(400, "Expected { answers: { questionId: answer }, seen?: { questionId: time } }.");

  try {
    const saved = await saveDraftAnswers(db, user.id, assignmentId, body.data.answers, Date.now(), body.data.seen);
    return Response.json(saved, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof AttemptError) return refuse(error.code === "not-found" ? 404 : error.code === "submitted" || error.code === "closed" ? 409 : 400, error.message);
    throw error;
  }
}

function sameSite(origin: string, headers: Headers): boolean {
  try {
    return new URL(origin).host === (headers.get("x-forwarded-host") ?? headers.get("host"));
  } catch {
    return false;
  }
}
