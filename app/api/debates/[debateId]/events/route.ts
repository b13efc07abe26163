import { db } from "@/db/client";
import { hiddenPostIds } from "@/db/queries/debate-posts";
import { eventsSince, getDebateForInstructor, getDebateForStudent, mayFollowDebate } from "@/db/queries/debates";
import { getApiUserForStream } from "@/lib/auth/guards";
import { authorKeys } from "@/lib/debate/author-key";
import { eventForInstructor, eventForStudents } from "@/lib/debate/events";
import { parseId } from "@/lib/ids";
import { debateTopic, eventStream, liveChannel, replayThenLive, type LiveMessage } from "@/lib/realtime";

/**
 * The session's live events as Server-Sent Events. A reconnecting client (EventSource sends Last-Event-ID
 * by itself; `?after=` serves the first connection and the client's own reconnects) receives exactly what
 * it missed, once, in order. Each viewer gets each event as lib/debate/events.ts allows. The stream ends
 * within seconds of its viewer losing access (same check as here, re-run by eventStream): withdrawn from
 * the class, signed out, password reset.
 */
export async function GET(request: Request, { params }: { params: Promise<{ debateId: string }> }) {
  const auth = await getApiUserForStream();
  const sessionId = parseId((await params).debateId);
  if (!auth || !sessionId) return new Response("Not found", { status: 404 });
  const { user, stillSignedIn } = auth;
  const session = user.role === "instructor" ? await getDebateForInstructor(db, user.id, sessionId) : await getDebateForStudent(db, user.id, sessionId);
  if (!session) return new Response("Not found", { status: 404 });
  // Prepared statements for the same rules as the two checks above, run every few seconds and before each event.
  const stillAllowed = async () => (await stillSignedIn()) && (await mayFollowDebate(db, user.role, user.id, session.id));
  const url = new URL(request.url);
  // An event number as the store holds them (a 32-bit integer on PostgreSQL): anything else replays from the start,
  // a number past any event replays nothing.
  const claimed = Number(request.headers.get("last-event-id") ?? url.searchParams.get("after") ?? 0);
  const after = claimed > 0 ? Math.min(Math.floor(claimed), 2 ** 31 - 1) : 0;
  const keyOf = authorKeys(session.id);
  if (user.role === "instructor")
    return eventStream(
      request,
      (send, end) =>
        replayThenLive(
          liveChannel,
          debateTopic(session.id),
          after,
          (id) => eventsSince(db, session.id, id),
          (message) => send(eventForInstructor(message, keyOf)),
          (error) => replayFailed(error, end),
        ),
      { stillAllowed },
    );
  // Which posts are hidden matters only on replay: a live post or "unhide" is published while its post is visible.
  const replay = async (afterId: number) => {
    const hidden = await hiddenPostIds(db, session.id);
    return (await eventsSince(db, session.id, afterId)).filter((e) => eventForStudents(e, hidden, keyOf) !== null);
  };
  const NONE = new Set<number>();
  return eventStream(
    request,
    (send, end) =>
      replayThenLive(
        liveChannel,
        debateTopic(session.id),
        after,
        replay,
        (message: LiveMessage) => {
          const shaped = eventForStudents(message, NONE, keyOf);
          if (shaped) send(shaped);
        },
        (error) => replayFailed(error, end),
      ),
    { stillAllowed },
  );
}

/** Reading the missed events failed (the database busy or gone): the stream ends, and the client reconnects from what it has. */
function replayFailed(error: unknown, end: () => void) {
  console.error("Replaying a debate's events failed:", error);
  end();
}
