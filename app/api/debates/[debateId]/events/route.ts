import { db } from "@/db/client";
import { hiddenPostIds } from "@/db/queries/debate-posts";
import { eventsSince, getDebateForInstructor, getDebateForStudent } from "@/db/queries/debates";
import { getApiUser } from "@/lib/auth/guards";
import { parseId } from "@/lib/ids";
import { debateTopic, eventStream, liveChannel, replayThenLive } from "@/lib/realtime";

/**
 * The session's live events as Server-Sent Events. A reconnecting client (EventSource sends Last-Event-ID
 * by itself; `?after=` serves the first connection and the client's own reconnects) receives exactly what
 * it missed, once, in order. Students are never replayed a post that has since been hidden.
 */
export async function GET(request: Request, { params }: { params: Promise<{ debateId: string }> }) {
  const user = await getApiUser();
  const sessionId = parseId((await params).debateId);
  const session =
    user && sessionId ? (user.role === "instructor" ? getDebateForInstructor(db, user.id, sessionId) : getDebateForStudent(db, user.id, sessionId)) : undefined;
  if (!session) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const after = Number(request.headers.get("last-event-id") ?? url.searchParams.get("after") ?? 0) || 0;
  const stored = (afterId: number) => {
    const events = eventsSince(db, session.id, afterId);
    if (user!.role === "instructor") return events;
    const hidden = hiddenPostIds(db, session.id);
    return events.filter((e) => e.type !== "post" || !hidden.has((e.data as { post: { id: number } }).post.id));
  };
  return eventStream(request, (send) => replayThenLive(liveChannel, debateTopic(session.id), after, stored, send));
}
