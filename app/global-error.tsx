"use client";

/** Last resort when even the root layout fails (e.g. the database cannot be opened). */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: "32rem", margin: "4rem auto", padding: "0 1rem", lineHeight: 1.5 }}>
        <main>
          <h1>Colloquy is having trouble</h1>
          <p>Nothing you entered before this page has been lost. Try again in a moment{error.digest ? ` (reference ${error.digest})` : ""}.</p>
          <button type="button" onClick={reset} style={{ font: "inherit", padding: "0.5rem 1rem" }}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
