"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useReducer, useRef, useState, type ReactNode } from "react";
import type { DebateSnapshot } from "@/db/queries/debate-view";
import type { PostView } from "@/db/queries/debate-posts";
import type { TimerView } from "@/lib/debate/timer";

/*
 * The live state of a debate session on one page. The server renders a snapshot (so the page is complete
 * without JavaScript); this provider then applies the session's events from one EventSource: posts, votes,
 * hidden posts and timer changes in place, anything structural (a new round, groups, aliases) by
 * re-rendering the page from the server. Events carry ids: anything at or before the snapshot's
 * `lastEventId` is already in it, so nothing is applied twice; a dropped connection resumes after the last
 * id seen, so nothing is missed.
 */

export type Viewer = "student" | "instructor" | "projector";
export type ExcerptText = { id: string; number: number; sentences: { id: string; text: string }[] };
export type Connection = "connecting" | "live" | "reconnecting";

type State = { posts: PostView[]; timer: TimerView; phase: DebateSnapshot["phase"]; lastEventId: number; clockOffset: number };
type Action = { type: "snapshot"; snapshot: DebateSnapshot } | { type: "event"; id: number; name: string; data: Record<string, unknown>; viewer: Viewer };

function fromSnapshot(s: DebateSnapshot, clientNow: number): State {
  return { posts: s.posts, timer: s.timer, phase: s.phase, lastEventId: s.lastEventId, clockOffset: s.serverNow - clientNow };
}

function reducer(state: State, action: Action): State {
  if (action.type === "snapshot") {
    // A snapshot older than what the stream already delivered would take posts away again.
    return action.snapshot.lastEventId >= state.lastEventId ? fromSnapshot(action.snapshot, Date.now()) : state;
  }
  if (action.id <= state.lastEventId) return state;
  const next = { ...state, lastEventId: action.id };
  const { data } = action;
  switch (action.name) {
    case "post": {
      const post = data.post as PostView;
      return next.posts.some((p) => p.id === post.id) ? next : { ...next, posts: [...next.posts, post] };
    }
    case "vote":
      return { ...next, posts: next.posts.map((p) => (p.id === data.postId ? { ...p, votes: data.votes as number } : p)) };
    case "hide":
      return {
        ...next,
        posts: action.viewer === "instructor" ? next.posts.map((p) => (p.id === data.postId ? { ...p, hidden: true } : p)) : next.posts.filter((p) => p.id !== data.postId),
      };
    case "unhide":
      return action.viewer === "instructor" ? { ...next, posts: next.posts.map((p) => (p.id === data.postId ? { ...p, hidden: false } : p)) } : next;
    case "timer":
      return { ...next, timer: data.timer as TimerView };
    case "phase":
      return { ...next, phase: data.phase as State["phase"], timer: (data.timer as TimerView | undefined) ?? { status: "none" } };
    default:
      return next;
  }
}

type LiveContext = {
  state: State;
  snapshot: DebateSnapshot;
  viewer: Viewer;
  excerpts: ExcerptText[];
  sides: { for: string; against: string };
  connection: Connection | null;
  /** The post a student chose to answer (from its "Rebut" button); the post form picks it up. */
  replyTarget: { post: PostView; at: number } | null;
  setReplyTarget: (post: PostView) => void;
};

const Context = createContext<LiveContext | null>(null);

export function useLiveDebate(): LiveContext {
  const value = useContext(Context);
  if (!value) throw new Error("useLiveDebate outside <LiveDebate>");
  return value;
}

/** Events after which the page re-renders from the server, per viewer. */
const REFRESH_ON: Record<Viewer, string[]> = {
  student: ["phase", "groups", "aliases", "unhide"],
  instructor: ["phase", "groups", "aliases", "joined", "poll"],
  projector: ["phase", "groups", "aliases", "joined", "poll", "vote"],
};
const EVENTS = ["post", "vote", "hide", "unhide", "timer", "phase", "groups", "aliases", "joined", "poll"];

export function LiveDebate({
  snapshot,
  viewer,
  excerpts,
  sides,
  children,
}: {
  snapshot: DebateSnapshot;
  viewer: Viewer;
  excerpts: ExcerptText[];
  sides: { for: string; against: string };
  children: ReactNode;
}) {
  const router = useRouter();
  const [state, dispatch] = useReducer(reducer, snapshot, (s) => fromSnapshot(s, s.serverNow));
  const [connection, setConnection] = useState<Connection | null>(null);
  const [replyTarget, setReply] = useState<LiveContext["replyTarget"]>(null);
  const lastSeen = useRef(state.lastEventId);
  useEffect(() => {
    lastSeen.current = state.lastEventId;
  }, [state.lastEventId]);

  // A fresh server render (after router.refresh or an action) replaces the state if it is at least as new.
  useEffect(() => dispatch({ type: "snapshot", snapshot }), [snapshot]);

  const live = snapshot.phase !== "ended";
  const sessionId = snapshot.sessionId;
  useEffect(() => {
    if (!live) return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let refresh: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;
    const connect = () => {
      if (stopped) return;
      setConnection(attempts === 0 ? "connecting" : "reconnecting");
      // EventSource resumes by itself (sending Last-Event-ID) after a network error; when the connection is
      // closed for good, a new one starts after the last event this page applied.
      source = new EventSource(`/api/debates/${sessionId}/events?after=${lastSeen.current}`);
      source.onopen = () => {
        attempts = 0;
        setConnection("live");
      };
      source.onerror = () => {
        if (stopped) return;
        setConnection("reconnecting");
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          attempts += 1;
          retry = setTimeout(connect, Math.min(10_000, 500 * 2 ** attempts));
        }
      };
      for (const name of EVENTS)
        source.addEventListener(name, (e) => {
          const message = e as MessageEvent<string>;
          dispatch({ type: "event", id: Number(message.lastEventId), name, data: JSON.parse(message.data), viewer });
          if (REFRESH_ON[viewer].includes(name)) {
            clearTimeout(refresh);
            refresh = setTimeout(() => router.refresh(), 100);
          }
        });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(refresh);
      source?.close();
    };
  }, [live, sessionId, viewer, router]);

  const value: LiveContext = {
    state,
    snapshot,
    viewer,
    excerpts,
    sides,
    connection: live ? connection : null,
    replyTarget,
    setReplyTarget: (post) => setReply({ post, at: Date.now() }),
  };
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** "● Live" / "Reconnecting…": always visible while the session runs and JavaScript is on. */
export function ConnectionState() {
  const { connection } = useLiveDebate();
  if (!connection) return null;
  return (
    <p className="live-state small muted" data-state={connection}>
      {connection === "live" ? "● Live" : connection === "reconnecting" ? "Reconnecting…" : "Connecting…"}
    </p>
  );
}
