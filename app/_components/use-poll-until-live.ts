"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/** How long a page waits for its event stream to open before it falls back, and how often it then re-renders. */
export const POLL_MS = 10_000;

/** What a live page says while it polls. */
export const POLLING_NOTE = `Live updates do not get through on this network: the page checks for changes every ${POLL_MS / 1000} seconds.`;

/**
 * The fallback for a live page whose Server-Sent Events never get through: a network or proxy that blocks
 * event streams, or buffers them so that nothing arrives. If the stream has not opened POLL_MS after the
 * page started listening, the page re-renders from the server (router.refresh) every POLL_MS until it does,
 * so it keeps up, if less promptly. Once the stream has opened, a drop is left to EventSource, which
 * reconnects and resumes from the last event it saw. Returns whether the page is polling.
 */
export function usePollUntilLive(live: boolean): boolean {
  const router = useRouter();
  const everLive = useRef(false);
  const [polling, setPolling] = useState(false);
  useEffect(() => {
    if (live) everLive.current = true;
    if (live || everLive.current) return;
    let timer = setTimeout(function tick() {
      setPolling(true);
      // Not while offline (each refresh would wait for the connection, and all would go at once when it is
      // back) or while nobody looks (a tab in the background catches up when it is shown again).
      if (navigator.onLine && document.visibilityState === "visible") router.refresh();
      timer = setTimeout(tick, POLL_MS);
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      setPolling(false);
    };
  }, [live, router]);
  return polling;
}
