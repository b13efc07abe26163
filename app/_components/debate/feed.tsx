"use client";

import { sideName } from "@/lib/stances";
import { useActionState, type ReactNode } from "react";
import { hidePostAction } from "@/app/teach/debates/actions";
import { voteAction } from "@/app/debates/[debateId]/actions";
import type { FeedPost } from "@/lib/debate/events";
import { isRound, KIND_LABEL } from "@/lib/debate/rules";
import { plural } from "@/lib/format";
import { initialFormState, type FormState } from "@/lib/forms";
import { useLiveDebate, type ExcerptText } from "./live";

/**
 * The session's posts, live, oldest first on every screen. Student text is rendered as text. Each cited
 * passage is a quotation linked to its sentence in "The text" further down the page. `latest`: only the
 * newest few (the projector), still in the same order.
 */
export function DebateFeed({ latest }: { latest?: number }) {
  const { state, viewer } = useLiveDebate();
  const shown = latest ? state.posts.slice(-latest) : state.posts;
  if (shown.length === 0) return <p className="empty">No posts yet.{viewer === "student" && isRound(state.phase) ? " Be the first to make your group's case." : ""}</p>;
  return (
    <ol className={`feed${viewer === "projector" ? " feed-large" : ""}`} aria-label="Debate posts">
      {shown.map((post) => (
        <Post key={post.id} post={post} />
      ))}
    </ol>
  );
}

function Post({ post }: { post: FeedPost }) {
  const { state, snapshot, viewer, excerpts, sides } = useLiveDebate();
  const group = snapshot.groups.find((g) => g.id === post.groupId);
  const replyTo = post.replyToId === null ? undefined : state.posts.find((p) => p.id === post.replyToId);
  return (
    <li id={`post-${post.number}`} className={`post post-${post.side}${post.hidden ? " post-hidden" : ""}`}>
      <p className="post-meta">
        <span className="post-number">#{post.number}</span> <span className={`badge kind-${post.kind}`}>{KIND_LABEL[post.kind]}</span>{" "}
        <strong>{snapshot.labels[post.author] ?? "A student"}</strong>{" "}
        <span className="muted">
          {group?.name ?? "Group"} · {sideName(post.side, sides, { lower: true })}
        </span>
        {post.hidden && <span className="badge badge-bad">hidden from students</span>}
      </p>
      {post.replyToId !== null && (
        <p className="post-reply small">
          {post.kind === "rebuttal" ? "Rebutting" : "Replying to"} {replyTo ? <a href={`#post-${replyTo.number}`}>#{replyTo.number}</a> : "a post no longer shown"}
        </p>
      )}
      <p className="post-body">{post.body}</p>
      {post.citations.map((c) => (
        <Quotation key={c.excerptId} excerpt={excerpts.find((x) => x.id === c.excerptId)} sentenceIds={c.sentenceIds} linked={viewer !== "projector"} />
      ))}
      <div className="post-foot">
        <span className="post-votes">{plural(post.votes, "vote")}</span>
        {viewer === "student" && <StudentActions post={post} />}
        {viewer === "instructor" && <HideForm post={post} sessionId={snapshot.sessionId} />}
      </div>
    </li>
  );
}

function Quotation({ excerpt, sentenceIds, linked }: { excerpt: ExcerptText | undefined; sentenceIds: string[]; linked: boolean }) {
  if (!excerpt) return null;
  const cited = excerpt.sentences.map((s, i) => ({ ...s, i })).filter((s) => sentenceIds.includes(s.id));
  return (
    <blockquote className="quote">
      <p>
        {cited.map((s, k) => (
          <span key={s.id}>
            {k > 0 && (cited[k - 1]!.i === s.i - 1 ? " " : " … ")}
            {s.text}
          </span>
        ))}
      </p>
      <footer className="small">
        {linked ? <a href={`#s-${cited[0]?.id ?? ""}`}>{excerpt.name}</a> : excerpt.name}
      </footer>
    </blockquote>
  );
}

function StudentActions({ post }: { post: FeedPost }) {
  const { state, snapshot, setReplyTarget } = useLiveDebate();
  const me = snapshot.me;
  if (!me?.groupId) return null;
  const canVote = isRound(state.phase) || state.phase === "postpoll";
  const mine = post.author === me.key || post.groupId === me.groupId;
  // A vote given before a move into this post's group can still be taken back.
  if (mine && canVote && me.votes.includes(post.id)) return <VoteForm post={post} sessionId={snapshot.sessionId} voted />;
  if (post.author === me.key) return <span className="muted small">Your post</span>;
  if (post.groupId === me.groupId) return <span className="muted small">Your group</span>;
  const mySide = snapshot.groups.find((g) => g.id === me.groupId)?.side;
  return (
    <>
      {canVote && <VoteForm post={post} sessionId={snapshot.sessionId} voted={me.votes.includes(post.id)} />}
      {isRound(state.phase) && post.side !== mySide && (
        <a
          className="button button-small button-secondary"
          href={`?reply=${post.id}#compose`}
          onClick={(e) => {
            e.preventDefault();
            setReplyTarget(post);
          }}
        >
          Rebut #{post.number}
        </a>
      )}
    </>
  );
}

function VoteForm({ post, sessionId, voted }: { post: FeedPost; sessionId: number; voted: boolean }) {
  return (
    <PostActionForm action={voteAction} fields={{ sessionId, postId: post.id, give: voted ? "0" : "1" }} className={`button button-small${voted ? "" : " button-secondary"}`} pressed={voted}>
      {voted && <span aria-hidden="true">✓ </span>}Vote for #{post.number}
    </PostActionForm>
  );
}

function HideForm({ post, sessionId }: { post: FeedPost; sessionId: number }) {
  return (
    <PostActionForm action={hidePostAction} fields={{ sessionId, postId: post.id, hide: post.hidden ? "0" : "1" }} className="button button-small button-secondary">
      {post.hidden ? `Show #${post.number} again` : `Hide #${post.number}`}
    </PostActionForm>
  );
}

/** One button acting on a post through a server action; only a refusal is said next to it. */
function PostActionForm({
  action,
  fields,
  className,
  pressed,
  children,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  fields: Record<string, string | number>;
  className: string;
  pressed?: boolean;
  children: ReactNode;
}) {
  const [result, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction} className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {/* aria-disabled, not disabled: the button keeps the keyboard focus while the request is on its way. */}
      <button type="submit" className={className} aria-disabled={pending} onClick={(e) => pending && e.preventDefault()} aria-pressed={pressed}>
        {children}
      </button>
      {result.status === "error" && (
        <span role="alert" className="small text-bad">
          {result.message}
        </span>
      )}
    </form>
  );
}
