// @ts-check
const { execFileSync } = require("node:child_process");
const path = require("node:path");
const { PHASE_PRODUCTION_BUILD } = require("next/constants");

/**
 * Headers every response carries. The Content-Security-Policy (with its per-request script nonce) and HSTS
 * (only over https) are set per request by proxy.ts; X-Frame-Options stays for browsers that predate
 * the CSP's frame-ancestors.
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // The lesson pages take an uploaded file; scripts/lib/request-guard.mjs keeps every other action at 1 MB.
    serverActions: { bodySizeLimit: "3mb" },
    // A form sent while the connection is down (a submit on flaky school Wi-Fi) waits and is sent again once
    // it is back, instead of throwing to the error page and taking the typed text with it. Next marks the
    // option experimental; e2e/offline.spec.ts holds it to what it promises here, so an upgrade that breaks it
    // fails there. The notice that says so is app/_components/offline-notice.tsx.
    useOffline: true,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

/**
 * A build never ships a broken lesson: every `next build` validates content/ first and stops with the
 * checker's `file: field: message` lines. COLLOQUY_CONTENT_CHECKED is set once the check passed, so that
 * Next's build workers (which load this file again, inheriting the environment) do not repeat it.
 */
function checkContent() {
  if (process.env.COLLOQUY_CONTENT_CHECKED) return;
  const tsx = path.join(__dirname, "node_modules", ".bin", "tsx");
  try {
    execFileSync(tsx, [path.join(__dirname, "scripts", "content-check.ts")], { stdio: "inherit" });
  } catch (error) {
    // The checker ran and found errors (it printed them) — or it could not run at all (e.g. tsx missing).
    if (/** @type {{ status?: number | null }} */ (error).status == null) throw error;
    throw new Error("Lesson content is invalid (see the errors above); the build stops here.");
  }
  process.env.COLLOQUY_CONTENT_CHECKED = "1";
}

/** @param {string} phase */
module.exports = (phase) => {
  if (phase === PHASE_PRODUCTION_BUILD) checkContent();
  return nextConfig;
};
