"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useReducer, useRef, useState, type ReactNode } from "react";
import type { DebateSnapshot } from "@/db/queries/debate-view";
import type { FeedPost } from "@/lib/debate/events";
import { PHASE_LABEL } from "@/lib/debate/phases";
import { KIND_LABEL } from "@/lib/debate/rules";
import { POLLING_NOTE, usePollUntilLive } from "../use-poll-until-live";
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
export type ExcerptText = { id: string; number: number; name: string; sentences: { id: string; text: string }[] };
export type Connection = "connecting" | "live" | "reconnecting" | "closed";

type State = {
  posts: FeedPost[];
  timer: TimerView;
  phase: DebateSnapshot["phase"];
  lastEventId: number;
  /** Server time minus this device's time; from the stream's clock event once connected. */
  clockOffset: number;
  clockFromStream: boolean;
};
type Action =
  | { type: "snapshot"; snapshot: DebateSnapshot }
  | { type: "clock"; serverNow: number }
  | { type: "event"; id: number; name: string; data: Record<string, unknown>; viewer: Viewer };

function fromSnapshot(s: DebateSnapshot, clientNow: number): State {
  return { posts: s.posts, timer: s.timer, phase: s.phase, lastEventId: s.lastEventId, clockOffset: s.serverNow - clientNow, clockFromStream: false };
}

const byNumber = (a: FeedPost, b: FeedPost) => a.number - b.number;

function reducer(state: State, action: Action): State {
  if (action.type === "clock") return { ...state, clockOffset: action.serverNow - Date.now(), clockFromStream: true };
  if (action.type === "snapshot") {
    // A snapshot older than what the stream already delivered would take posts away again.
    if (action.snapshot.lastEventId < state.lastEventId) return state;
    const next = fromSnapshot(action.snapshot, Date.now());
    return state.clockFromStream ? { ...next, clockOffset: state.clockOffset, clockFromStream: true } : next;
  }
  if (action.id <= state.lastEventId) return state;
  const next = { ...state, lastEventId: action.id };
  const { data } = action;
  switch (action.name) {
    case "post": {
      const post = data.post as FeedPost;
      return next.posts.some((p) => p.id === post.id) ? next : { ...next, posts: [...next.posts, post] };
    }
    case "vote":
      return { ...next, posts: next.posts.map((p) => (p.id === data.postId ? { ...p, votes: data.votes as number } : p)) };
    case "hide":
      return {
        ...next,
        posts: action.viewer === "instructor" ? next.posts.map((p) => (p.id === data.postId ? { ...p, hidden: true } : p)) : next.posts.filter((p) => p.id !== data.postId),
      };
    case "unhide": {
      if (action.viewer === "instructor") return { ...next, posts: next.posts.map((p) => (p.id === data.postId ? { ...p, hidden: false } : p)) };
      const post = data.post as FeedPost | undefined;
      return !post || next.posts.some((p) => p.id === post.id) ? next : { ...next, posts: [...next.posts, post].sort(byNumber) };
    }
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
  /** The event stream never opened: the page re-renders every few seconds instead (use-poll-until-live.ts). */
  polling: boolean;
  /** The post a student chose to answer (from its "Rebut" button); the post form picks it up. */
  replyTarget: { post: FeedPost; at: number } | null;
  setReplyTarget: (post: FeedPost) => void;
};

const Context = createContext<LiveContext | null>(null);

export function useLiveDebate(): LiveContext {
  const value = useContext(Context);
  if (!value) throw new Error("useLiveDebate outside <LiveDebate>");
  return value;
}

/** Events after which the page re-renders from the server, per viewer. */
const REFRESH_ON: Record<Viewer, string[]> = {
  // A hidden post's votes go back to its voters: their count of votes left changes.
  student: ["phase", "groups", "aliases", "hide"],
  instructor: ["phase", "groups", "aliases", "joined", "poll", "vote", "hide"],
  projector: ["phase", "groups", "aliases", "joined", "poll"],
};

/** What a screen reader hears (politely) as the session moves. */
function announcement(name: string, data: Record<string, unknown>, labels: Record<string, string>, viewer: Viewer): string | null {
  if (name === "post") {
    const post = data.post as FeedPost;
    return `New ${KIND_LABEL[post.kind].toLowerCase()} #${post.number} by ${labels[post.author] ?? "a student"}.`;
  }
  if (name === "hide") return viewer === "instructor" ? "A post was hidden from students." : "Your instructor hid a post.";
  if (name === "phase") return `Now: ${PHASE_LABEL[data.phase as keyof typeof PHASE_LABEL]}.`;
  if (name === "timer") return ({ pause: "The timer is paused.", resume: "The timer is running again.", extend: "The timer was extended.", set: "A timer started.", clear: "The timer was stopped." } as Record<string, string>)[String(data.change)] ?? null;
  return null;
}
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
  const [spoken, setSpoken] = useState("");
  const lastSeen = useRef(state.lastEventId);
  const labels = useRef(snapshot.labels);
  useEffect(() => {
    lastSeen.current = state.lastEventId;
    labels.current = snapshot.labels;
  }, [state.lastEventId, snapshot.labels]);

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
      // The server ended the stream because this page no longer has access (withdrawn, signed out): stop for good.
      source.addEventListener("revoked", () => {
        stopped = true;
        source?.close();
        setConnection("closed");
      });
      source.addEventListener("clock", (e) => dispatch({ type: "clock", serverNow: JSON.parse((e as MessageEvent<string>).data).now }));
      for (const name of EVENTS)
        source.addEventListener(name, (e) => {
          const message = e as MessageEvent<string>;
          const id = Number(message.lastEventId);
          const data = JSON.parse(message.data) as Record<string, unknown>;
          const fresh = id > lastSeen.current;
          dispatch({ type: "event", id, name, data, viewer });
          if (!fresh) return;
          const said = announcement(name, data, labels.current, viewer);
          if (said) setSpoken(said);
          // A post by someone this page has no name for (they joined after it loaded) also re-renders it.
          const stranger = name === "post" && !((data.post as FeedPost).author in labels.current);
          if (REFRESH_ON[viewer].includes(name) || stranger) {
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

  const polling = usePollUntilLive(!live || connection === "live" || connection === "closed");
  const value: LiveContext = {
    state,
    snapshot,
    viewer,
    excerpts,
    sides,
    connection: live ? connection : null,
    polling,
    replyTarget,
    setReplyTarget: (post) => setReply({ post, at: Date.now() }),
  };
  return (
    <Context.Provider value={value}>
      {children}
      <p className="visually-hidden" aria-live="polite">
        {spoken}
      </p>
    </Context.Provider>
  );
}

/** "● Live" / "Reconnecting…": always visible while the session runs and JavaScript is on. */
export function ConnectionState() {
  const { connection, polling } = useLiveDebate();
  if (!connection) return null;
  if (connection === "closed")
    return (
      <p className="notice notice-error" data-state="closed" role="status">
        Disconnected: this page no longer has access to the debate (you may have been signed out or removed from the class). Reload the page.
      </p>
    );
  return (
    <p className="live-state small muted" data-state={connection} role="status">
      {connection === "live" ? "● Live" : polling ? POLLING_NOTE : connection === "reconnecting" ? "Reconnecting…" : "Connecting…"}
    </p>
  );
}
