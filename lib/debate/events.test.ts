import { describe, expect, it } from "vitest";
import { eventForStudents } from "./events";

describe("what students receive of a session's events", () => {
  const hidden = new Set([7]);
  it("drops posts hidden now, whether first posted or shown again and re-hidden since", () => {
    expect(eventForStudents({ id: 1, type: "post", data: { post: { id: 7, body: "rude" } } }, hidden)).toBeNull();
    expect(eventForStudents({ id: 2, type: "unhide", data: { postId: 7, post: { id: 7, body: "rude" } } }, hidden)).toBeNull();
    const visible = { id: 3, type: "post", data: { post: { id: 8, body: "fine" } } };
    expect(eventForStudents(visible, hidden)).toBe(visible);
  });
  it("never says who joined or who answered a poll", () => {
    expect(eventForStudents({ id: 4, type: "joined", data: { studentId: 12, name: "Ana" } }, hidden)).toEqual({ id: 4, type: "joined", data: {} });
    expect(eventForStudents({ id: 5, type: "poll", data: { studentId: 12, phase: "post" } }, hidden)).toEqual({ id: 5, type: "poll", data: { phase: "post" } });
  });
  it("passes everything else through", () => {
    const hide = { id: 6, type: "hide", data: { postId: 7 } };
    expect(eventForStudents(hide, hidden)).toBe(hide);
  });
});
