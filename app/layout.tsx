import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { getCurrentUser, homePathFor } from "@/lib/auth/guards";
import { NavLink } from "./_components/nav-link";
import { OfflineNotice } from "./_components/offline-notice";
import { OutsideSignIn } from "./_components/outside-sign-in";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Colloquy", template: "%s · Colloquy" },
  description: "Close reading and structured debate for the classroom.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the CSP's script nonce is new each time (proxy.ts), and a page
  // prerendered at build time would carry scripts without it, which the browser then refuses to run.
  await connection();
  const user = await getCurrentUser();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header-inner">
            <Link href={user ? homePathFor(user) : "/"} className="brand">
              <span className="brand-mark" aria-hidden="true">
                C
              </span>
              Colloquy
            </Link>
            {user && (
              <OutsideSignIn>
                <nav className="site-nav" aria-label="Main">
                  {user.role === "instructor" ? (
                    <>
                      <NavLink href="/teach">Classes</NavLink>
                      <NavLink href="/teach/lessons">Lessons</NavLink>
                      <NavLink href="/teach/instructors">Instructors</NavLink>
                    </>
                  ) : (
                    <>
                      <NavLink href="/dashboard">My work</NavLink>
                      <NavLink href="/join">Join a class</NavLink>
                    </>
                  )}
                </nav>
              </OutsideSignIn>
            )}
            <div className="site-user">
              {user ? (
                <OutsideSignIn>
                  <span className="signed-in-as">
                    Signed in as <strong>{user.displayName}</strong>
                  </span>
                  <Link href="/account/password">Password</Link>
                  <SignOutButton />
                </OutsideSignIn>
              ) : (
                <Link href="/signin">Sign in</Link>
              )}
            </div>
          </div>
        </header>
        {children}
        <OfflineNotice />
      </body>
    </html>
  );
}
