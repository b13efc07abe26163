"use client";

import { usePathname } from "next/navigation";
import { useOffline } from "next/offline";
import { useSyncExternalStore } from "react";

/**
 * Says so while the browser has no connection. With next.config.js's `experimental.useOffline`, a form sent
 * meanwhile (a submitted lesson, a debate post, a grade) is not lost to an error page: Next keeps it
 * pending and sends it once the connection is back, and the page stays as it was, typed text included.
 *
 * Two signals: Next's (a request that failed for want of a network) and the browser's own (`navigator.onLine`,
 * which may report a network that does not reach the server as online). Next updates its flag in a
 * transition, which a page's own pending update (a live page refreshing, held until the connection is back)
 * can hold up; the browser's flag is read outside any transition, so the notice appears at once.
 *
 * The live region is always rendered, so that screen readers announce the notice when it appears (a
 * region of its own, not a `status`: pages have their own status messages, which this must not join).
 */
export function OfflineNotice() {
  const failedRequest = useOffline();
  // The sign-in form is a plain browser post (lib/auth/sign-in.ts), which Next does not hold back.
  const signingIn = usePathname() === "/signin";
  const browserOffline = useSyncExternalStore(subscribe, () => !navigator.onLine, () => false);
  return (
    <div aria-live="polite" className="offline-notice-slot">
      {(failedRequest || browserOffline) && (
        <p className="notice notice-warn offline-notice">
          <strong>You are offline.</strong>{" "}
          {signingIn
            ? "Sign in once the connection is back."
            : "Nothing you typed is lost: what you send now goes through once the connection is back. Keep this page open."}
        </p>
      )}
    </div>
  );
}

function subscribe(changed: () => void): () => void {
  window.addEventListener("online", changed);
  window.addEventListener("offline", changed);
  return () => {
    window.removeEventListener("online", changed);
    window.removeEventListener("offline", changed);
  };
}
