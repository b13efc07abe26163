"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { POLLING_NOTE, usePollUntilLive } from "./use-poll-until-live";

/**
 * Keeps a server-rendered page live: listens to a Server-Sent Events stream and re-renders the page
 * (router.refresh) when one of `events` arrives, or when the server ends it for lost access (`revoked`). EventSource reconnects by itself, resuming from the last
 * event id it saw; where the stream never gets through, the page re-renders every few seconds instead
 * (use-poll-until-live.ts); without JavaScript the page is simply current as of its last load.
 */
export function LiveRefresh({ url, events }: { url: string; events: string[] }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Null until running in the browser: without JavaScript there is no live connection to speak of.
  const [state, setState] = useState<"connecting" | "live" | "reconnecting" | null>(null);
  const eventsKey = events.join(",");
  useEffect(() => {
    setState("connecting");
    const source = new EventSource(url);
    const refresh = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => router.refresh(), 100);
    };
    for (const type of eventsKey.split(",")) source.addEventListener(type, refresh);
    // The server ended the stream because this viewer lost access (signed out, removed from a class): the
    // page re-renders as they may now see it, which sends a signed-out viewer to sign in.
    source.addEventListener("revoked", refresh);
    source.onopen = () => setState("live");
    source.onerror = () => setState("reconnecting");
    return () => {
      clearTimeout(timer.current);
      source.close();
    };
  }, [url, eventsKey, router]);
  const polling = usePollUntilLive(state === "live");
  if (!state) return null;
  return (
    <p className="live-state small muted" data-state={state}>
      {state === "live" ? "● Live" : polling ? POLLING_NOTE : state === "reconnecting" ? "Reconnecting…" : "Connecting…"}
    </p>
  );
}
