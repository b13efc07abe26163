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
  if (user.role === "instructor")
    return eventStream(request, (send) => replayThenLive(liveChannel, debateTopic(session.id), after, (id) => eventsSince(db, session.id, id), send));
  // Which posts are hidden matters only on replay: a live post or "unhide" is published while its post is visible.
  const replay = (afterId: number) => {
    const hidden = hiddenPostIds(db, session.id);
    return eventsSince(db, session.id, afterId).flatMap((e) => eventForStudents(e, hidden) ?? []);
  };
  const NONE = new Set<number>();
  return eventStream(request, (send) =>
    replayThenLive(liveChannel, debateTopic(session.id), after, replay, (message: LiveMessage) => {
      const shaped = eventForStudents(message, NONE);
      if (shaped) send(shaped);
    }),
  );
}
