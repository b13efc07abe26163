import { db } from "@/db/client";
import { hiddenPostIds } from "@/db/queries/debate-posts";
import { eventsSince, getDebateForInstructor, getDebateForStudent } from "@/db/queries/debates";
import { getApiUser } from "@/lib/auth/guards";
import { eventForStudents } from "@/lib/debate/events";
import { parseId } from "@/lib/ids";
import { debateTopic, eventStream, liveChannel, replayThenLive, type LiveMessage } from "@/lib/realtime";

/**
 * The session's live events as Server-Sent Events. A reconnecting client (EventSource sends Last-Event-ID
 * by itself; `?after=` serves the first connection and the client's own reconnects) receives exactly what
 * it missed, once, in order. Students get each event as lib/debate/events.ts allows.
 */
export async function GET(request: Request, { params }: { params: Promise<{ debateId: string }> }) {
  const user = await getApiUser();
  const sessionId = parseId((await params).debateId);
  const session =
    user && sessionId ? (user.role === "instructor" ? getDebateForInstructor(db, user.id, sessionId) : getDebateForStudent(db, user.id, sessionId)) : undefined;
  if (!user || !session) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const after = Number(request.headers.get("last-event-id") ?? url.searchParams.get("after") ?? 0) || 0;
  const stored = (afterId: number) => eventsSince(db, session.id, afterId);
  return eventStream(request, (send) => {
    const deliver =
      user.role === "instructor"
        ? send
        : (message: LiveMessage) => {
            const shaped = eventForStudents(message, message.type === "post" || message.type === "unhide" ? hiddenPostIds(db, session.id) : new Set());
            if (shaped) send(shaped);
          };
    return replayThenLive(liveChannel, debateTopic(session.id), after, stored, deliver);
  });
}
