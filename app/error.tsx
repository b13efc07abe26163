"use client";

import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main id="main" className="narrow">
      <h1>Something went wrong</h1>
      <p>Your saved work is safe. Try again; if it keeps happening, tell your instructor{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
