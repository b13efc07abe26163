import type { LiveMessage } from "@/lib/realtime";

/*
 * What each viewer may receive of a session's events. The instructor gets them as stored. Students (and
 * the projector) never learn who joined or answered a poll (only that someone did), and never receive a
 * post that is hidden now: not as a post, not in an "unhide" that was since undone.
 */

type PostCarrier = { post?: { id: number } };

export function eventForStudents(event: LiveMessage, hiddenNow: ReadonlySet<number>): LiveMessage | null {
  const data = (event.data ?? {}) as Record<string, unknown> & PostCarrier;
  switch (event.type) {
    case "post":
    case "unhide":
      return data.post && hiddenNow.has(data.post.id) ? null : event;
    case "joined":
      return { ...event, data: {} };
    case "poll":
      return { ...event, data: { phase: data.phase } };
    default:
      return event;
  }
}
