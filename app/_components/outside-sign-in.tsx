"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/**
 * What the header shows of the signed-in user, left out on the sign-in page. The root layout is not
 * rendered again on a navigation inside the app, so after a session ends (a page sending its viewer to sign
 * in) its header would still say "Signed in as …" over the sign-in form.
 */
export function OutsideSignIn({ children }: { children: ReactNode }) {
  const path = usePathname();
  return path === "/signin" ? null : children;
}
