import type { PostView } from "@/db/queries/debate-posts";
import type { LiveMessage } from "@/lib/realtime";
import type { AuthorKeyOf } from "./author-key";

/*
 * What each viewer may receive of a session's events. Nobody's browser gets a user id as a post's author:
 * posts carry the session's opaque author key instead (lib/debate/author-key.ts). The instructor gets
 * every event. Students (and the projector) get only the fields each kind of event needs: never who joined,
 * answered a poll or was moved (only that someone was), and never a post that is hidden now: not as a
 * post, not in an "unhide" that was since undone. Event types not listed here are not sent to them at all.
 */

/** A post as a browser receives it. */
export type FeedPost = Omit<PostView, "authorId"> & { author: string };

export function feedPost({ authorId, ...post }: PostView, keyOf: AuthorKeyOf): FeedPost {
  return { ...post, author: keyOf(authorId) };
}

type Data = Record<string, unknown> & { post?: PostView };
const dataOf = (event: LiveMessage) => (event.data ?? {}) as Data;

export function eventForInstructor(event: LiveMessage, keyOf: AuthorKeyOf): LiveMessage {
  const data = dataOf(event);
  return data.post ? { ...event, data: { ...data, post: feedPost(data.post, keyOf) } } : event;
}

const pick = (data: Data, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]));

const STUDENT_FIELDS: Record<string, readonly string[]> = {
  vote: ["postId", "votes"],
  hide: ["postId"],
  timer: ["timer", "change"],
  phase: ["phase", "timer"],
  aliases: ["anonymous"],
  poll: ["phase"],
  joined: [],
  groups: [],
};

export function eventForStudents(event: LiveMessage, hiddenNow: ReadonlySet<number>, keyOf: AuthorKeyOf): LiveMessage | null {
  const data = dataOf(event);
  if (event.type === "post" || event.type === "unhide") {
    if (!data.post) return event.type === "unhide" ? { ...event, data: pick(data, ["postId"]) } : null;
    if (hiddenNow.has(data.post.id)) return null;
    return { ...event, data: { ...pick(data, ["postId"]), post: feedPost(data.post, keyOf) } };
  }
  const fields = STUDENT_FIELDS[event.type];
  return fields ? { ...event, data: pick(data, fields) } : null;
}
