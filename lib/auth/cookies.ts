/*
 * next-auth's cookies, named here once: next-auth is configured with them (lib/auth/options.ts), plain
 * HTML forms read the CSRF token from one, and sign-up starts a session by setting the other.
 * Secure-prefixed names when the site is served over https, as next-auth would choose itself.
 */
const secure = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export const sessionCookie = {
  name: `${secure ? "__Secure-" : ""}colloquy.session-token`,
  options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
};

export const csrfCookie = {
  name: `${secure ? "__Host-" : ""}colloquy.csrf-token`,
  options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
};
