import { describe, expect, it } from "vitest";
import type { PostView } from "@/db/queries/debate-posts";
import { authorKeys } from "./author-key";
import { eventForInstructor, eventForStudents } from "./events";

const keyOf = authorKeys(1, "test secret");
const post = (id: number, authorId = 12): PostView => ({
  id,
  number: id,
  authorId,
  groupId: 3,
  side: "for",
  kind: "claim",
  replyToId: null,
  body: "text",
  citations: [],
  phase: "opening",
  createdAt: 0,
  hidden: false,
  votes: 0,
});

describe("what students receive of a session's events", () => {
  const hidden = new Set([7]);
  it("drops posts hidden now, whether first posted or shown again and re-hidden since", () => {
    expect(eventForStudents({ id: 1, type: "post", data: { post: post(7) } }, hidden, keyOf)).toBeNull();
    expect(eventForStudents({ id: 2, type: "unhide", data: { postId: 7, post: post(7) } }, hidden, keyOf)).toBeNull();
    expect(eventForStudents({ id: 3, type: "post", data: { post: post(8) } }, hidden, keyOf)?.data).toMatchObject({ post: { id: 8, body: "text" } });
  });
  it("never carries a user id: a post's author is the session's opaque key", () => {
    const shaped = eventForStudents({ id: 3, type: "post", data: { post: post(8, 12) } }, hidden, keyOf)!;
    expect(shaped.data).toEqual({ post: { ...post(8), authorId: undefined, author: keyOf(12) } });
    expect(JSON.stringify(shaped)).not.toMatch(/authorId|"12"|:12\b/);
    expect(eventForStudents({ id: 4, type: "unhide", data: { postId: 8, post: post(8, 12) } }, hidden, keyOf)!.data).toEqual({ postId: 8, post: expect.objectContaining({ author: keyOf(12) }) });
  });
  it("never says who joined, answered a poll or was moved", () => {
    expect(eventForStudents({ id: 4, type: "joined", data: { studentId: 12, name: "Ana" } }, hidden, keyOf)).toEqual({ id: 4, type: "joined", data: {} });
    expect(eventForStudents({ id: 5, type: "poll", data: { studentId: 12, phase: "post" } }, hidden, keyOf)).toEqual({ id: 5, type: "poll", data: { phase: "post" } });
    expect(eventForStudents({ id: 6, type: "groups", data: { moved: 12 } }, hidden, keyOf)).toEqual({ id: 6, type: "groups", data: {} });
  });
  it("passes the fields of the other events it knows, and nothing of events it does not", () => {
    expect(eventForStudents({ id: 6, type: "hide", data: { postId: 7 } }, hidden, keyOf)).toEqual({ id: 6, type: "hide", data: { postId: 7 } });
    expect(eventForStudents({ id: 7, type: "vote", data: { postId: 8, votes: 2, voterId: 12 } }, hidden, keyOf)!.data).toEqual({ postId: 8, votes: 2 });
    expect(eventForStudents({ id: 8, type: "something-new", data: { studentId: 12 } }, hidden, keyOf)).toBeNull();
  });
});

describe("what the instructor's screens receive", () => {
  it("everything, with posts keyed like the page's labels", () => {
    const joined = { id: 1, type: "joined", data: { studentId: 12 } };
    expect(eventForInstructor(joined, keyOf)).toBe(joined);
    expect(eventForInstructor({ id: 2, type: "post", data: { post: post(8, 12) } }, keyOf).data).toEqual({ post: expect.objectContaining({ author: keyOf(12) }) });
  });
});

describe("author keys", () => {
  it("are stable within a session, differ between students and between sessions, and show no id", () => {
    const a = authorKeys(1, "s");
    const b = authorKeys(2, "s");
    expect(a(12)).toBe(a(12));
    expect(a(12)).not.toBe(a(13));
    expect(a(12)).not.toBe(b(12));
    expect(authorKeys(1, "other secret")(12)).not.toBe(a(12));
  });
});
