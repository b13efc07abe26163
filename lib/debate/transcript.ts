import type { TranscriptData } from "@/db/queries/debate-view";
import type { Cell } from "@/lib/csv";

/*
 * A session's transcript for export: one CSV row per post (hidden ones marked), and a JSON document with
 * everything recorded (groups, polls, posts, votes, round changes). Pure, so it is unit-tested.
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const TRANSCRIPT_HEADER = [
  "post",
  "posted_at",
  "round",
  "kind",
  "reply_to",
  "student",
  "username",
  "alias",
  "group",
  "side",
  "text",
  "citations",
  "votes",
  "hidden",
];

/** `excerpts` names the excerpts: a citation reads "Excerpt 2 · Heading: “…”", as on screen. */
export function transcriptRows(t: TranscriptData, excerpts: readonly { id: string; name: string; sentences: readonly { id: string; text: string }[] }[]): Cell[][] {
  const where = new Map(excerpts.flatMap((x) => x.sentences.map((s) => [s.id, { excerpt: x.name, text: s.text }] as const)));
  const people = new Map(t.participants.map((p) => [p.studentId, p]));
  const groups = new Map(t.groups.map((g) => [g.id, g]));
  const numbers = new Map(t.posts.map((p) => [p.id, p.number]));
  return t.posts.map((p) => [
    p.number,
    iso(p.createdAt),
    p.phase,
    p.kind,
    p.replyToId === null ? "" : (numbers.get(p.replyToId) ?? ""),
    people.get(p.authorId)?.name ?? "",
    people.get(p.authorId)?.username ?? "",
    people.get(p.authorId)?.alias ?? "",
    groups.get(p.groupId)?.name ?? "",
    p.side,
    p.body,
    p.citations.flatMap((c) => c.sentenceIds.map((id) => `${where.get(id)?.excerpt ?? "Excerpt ?"}: “${where.get(id)?.text ?? id}”`)).join("\n"),
    p.votes,
    p.hidden ? "yes" : "no",
  ]);
}

export function transcriptJson(
  t: TranscriptData,
  meta: { motion: string; sides: { for: string; against: string }; className: string; lessonTitle: string; excerpts: readonly { id: string; name: string }[] },
) {
  const excerptNames = new Map(meta.excerpts.map((x) => [x.id, x.name]));
  const numbers = new Map(t.posts.map((p) => [p.id, p.number]));
  const people = new Map(t.participants.map((p) => [p.studentId, p]));
  const who = (id: number) => people.get(id)?.username ?? null;
  return {
    session: {
      id: t.session.id,
      class: meta.className,
      lesson: meta.lessonTitle,
      motion: meta.motion,
      sides: meta.sides,
      anonymous: t.session.anonymous,
      startedAt: iso(t.session.createdAt),
      endedAt: iso(t.session.endedAt),
    },
    rounds: t.rounds.map((r) => ({ phase: r.phase, at: iso(r.at) })),
    groups: t.groups.map((g) => ({ name: g.name, side: g.side, members: t.participants.filter((p) => p.groupId === g.id).map((p) => p.username) })),
    participants: t.participants.map((p) => ({ username: p.username, name: p.name, alias: p.alias, group: t.groups.find((g) => g.id === p.groupId)?.name ?? null })),
    polls: t.polls.map((p) => ({ student: who(p.studentId), phase: p.phase, stance: p.stance, confidence: p.confidence, at: iso(p.createdAt) })),
    posts: t.posts.map((p) => ({
      number: p.number,
      at: iso(p.createdAt),
      round: p.phase,
      kind: p.kind,
      replyTo: p.replyToId === null ? null : (numbers.get(p.replyToId) ?? null),
      student: who(p.authorId),
      group: t.groups.find((g) => g.id === p.groupId)?.name ?? null,
      side: p.side,
      text: p.body,
      citations: p.citations.map((c) => ({ excerpt: excerptNames.get(c.excerptId) ?? null, ...c })),
      votes: p.votes,
      hidden: p.hidden,
    })),
    // A vote "returned" went back to its voter when the post was hidden.
    votes: t.votes.map((v) => ({ post: numbers.get(v.postId) ?? null, voter: who(v.voterId), at: iso(v.createdAt), returnedAt: iso(v.returnedAt) })),
  };
}
