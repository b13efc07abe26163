/**
 * Where to send someone after signing in: a path on this site, never another site. Absolute URLs are
 * accepted only on `origin` (next-auth hands those back); anything else, or anything odd, goes home.
 */
export function safeRedirectPath(url: string | undefined | null, origin: string): string {
  if (!url) return "/";
  // "//evil.example" and "/\\evil.example" are protocol-relative in browsers: not paths.
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return url;
  try {
    const target = new URL(url);
    if (target.origin === new URL(origin).origin) return `${target.pathname}${target.search}${target.hash}`;
  } catch {
    // not a URL: fall through
  }
  return "/";
}
