/* Results of a debate session: did minds change, and who took part. Pure functions over plain rows. */

export type Poll = { studentId: number; stance: number; confidence: number };

export type StanceShift = {
  /** Students with both a pre- and a post-poll. */
  n: number;
  meanBefore: number | null;
  meanAfter: number | null;
  /** The same students' average confidence (1 not sure at all … 5 completely sure), before and after. */
  confidenceBefore: number | null;
  confidenceAfter: number | null;
  /** How many students sit at each stance 1..5, before and after (the chart's bars). */
  before: number[];
  after: number[];
  changedMind: number;
  perStudent: { studentId: number; before: number; after: number; shift: number }[];
};

export function stanceShift(pre: readonly Poll[], post: readonly Poll[]): StanceShift {
  const after = new Map(post.map((p) => [p.studentId, p]));
  const paired = pre.flatMap((p) => {
    const q = after.get(p.studentId);
    return q ? [{ studentId: p.studentId, before: p.stance, after: q.stance, shift: q.stance - p.stance, sureBefore: p.confidence, sureAfter: q.confidence }] : [];
  });
  const counts = (values: number[]) => [1, 2, 3, 4, 5].map((s) => values.filter((v) => v === s).length);
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  return {
    n: paired.length,
    meanBefore: mean(paired.map((p) => p.before)),
    meanAfter: mean(paired.map((p) => p.after)),
    confidenceBefore: mean(paired.map((p) => p.sureBefore)),
    confidenceAfter: mean(paired.map((p) => p.sureAfter)),
    before: counts(paired.map((p) => p.before)),
    after: counts(paired.map((p) => p.after)),
    changedMind: paired.filter((p) => p.shift !== 0).length,
    perStudent: paired.map(({ studentId, before, after, shift }) => ({ studentId, before, after, shift })),
  };
}

export type PostRow = { authorId: number; kind: "claim" | "rebuttal" | "question"; citations: number; hidden: boolean };
export type Participation = { studentId: number; posts: number; rebuttals: number; citations: number; votes: number };

/** Per student: posts (hidden ones too: they were written), rebuttals among them, sentences cited, votes cast. */
export function participation(studentIds: readonly number[], posts: readonly PostRow[], votes: readonly { voterId: number }[]): Participation[] {
  return studentIds.map((studentId) => {
    const mine = posts.filter((p) => p.authorId === studentId);
    return {
      studentId,
      posts: mine.length,
      rebuttals: mine.filter((p) => p.kind === "rebuttal").length,
      citations: mine.reduce((sum, p) => sum + p.citations, 0),
      votes: votes.filter((v) => v.voterId === studentId).length,
    };
  });
}

export type Side = "for" | "against";
type Cited = { side: Side; hidden: boolean; citations: readonly { excerptId: string; sentenceIds: readonly string[] }[] };

/**
 * Which sentences each side leaned on: per sentence, how many visible posts of each side cited it, and the
 * largest count (to scale the shading).
 */
export function citationHeat(posts: readonly Cited[]): { counts: Map<string, Record<Side, number>>; max: number } {
  const counts = new Map<string, Record<Side, number>>();
  let max = 0;
  for (const post of posts) {
    if (post.hidden) continue;
    for (const id of new Set(post.citations.flatMap((c) => c.sentenceIds))) {
      const entry = counts.get(id) ?? { for: 0, against: 0 };
      entry[post.side] += 1;
      max = Math.max(max, entry[post.side]);
      counts.set(id, entry);
    }
  }
  return { counts, max };
}

/** The most-voted visible posts of each side (ties: the earlier post first); posts without votes are left out. */
export function topVoted<P extends { number: number; side: Side; votes: number; hidden: boolean }>(posts: readonly P[], perSide = 3): Record<Side, P[]> {
  const best = (side: Side) =>
    posts
      .filter((p) => p.side === side && !p.hidden && p.votes > 0)
      .sort((a, b) => b.votes - a.votes || a.number - b.number)
      .slice(0, perSide);
  return { for: best("for"), against: best("against") };
}
