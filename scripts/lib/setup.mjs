/*
 * Set-up steps shared by `npm start`, `npm run dev` and `npm test`. Plain Node with no dependencies: they
 * run before node_modules exists. Each step checks first, so a second run is quick.
 */
import { createHash, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { postgresBinDir } from "./postgres.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bin = (name) => path.join(root, "node_modules", ".bin", name);

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function runOrExit(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) process.exit(status);
}

function hashFiles(files) {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

function listFiles(dir) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [full];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** `npm ci` when node_modules is missing or was installed from another package-lock.json. */
export function ensureDependencies() {
  const marker = path.join(root, "node_modules", ".colloquy-lock-hash");
  const wanted = hashFiles([path.join(root, "package-lock.json")]);
  if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === wanted) return;
  console.log("Installing dependencies (npm ci; better-sqlite3 compiles, about a minute the first time)…");
  // --include=dev: the set-up itself needs tsx and the build tools even where NODE_ENV=production.
  runOrExit("npm", ["ci", "--include=dev", "--no-audit", "--no-fund"]);
  fs.writeFileSync(marker, wanted);
}

const BUILD_INPUTS = ["app", "lib", "db", "content", "types", "public", "next.config.js", "tsconfig.json", "package-lock.json"];

/** `next build` unless .next already holds a build of exactly these sources. */
export function ensureBuild(env = process.env) {
  const marker = path.join(root, ".next", "colloquy-source-hash");
  const wanted = hashFiles(BUILD_INPUTS.flatMap(listFiles).filter((f) => !/\.test\.tsx?$/.test(f)));
  if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === wanted) {
    console.log("Build is up to date.");
    return;
  }
  console.log("Building (next build)…");
  runOrExit(bin("next"), ["build"], { env: { ...env, NEXT_TELEMETRY_DISABLED: "1" } });
  fs.writeFileSync(marker, wanted);
}

/**
 * The environment the app runs with: PORT, and an auth secret generated on first start and kept beside the
 * database (out of git) when none is configured. NEXTAUTH_URL stays unset unless configured: the app then
 * uses the address each person opened (lib/auth/options.ts).
 */
export function appEnv(base = process.env) {
  const env = { ...base, NEXT_TELEMETRY_DISABLED: "1" };
  env.PORT ||= "3000";
  env.DATABASE_PATH ||= path.join(root, "data", "colloquy.db");
  if (!env.NEXTAUTH_SECRET) {
    const secretFile = path.join(path.dirname(path.resolve(root, env.DATABASE_PATH)), "auth-secret");
    // The folder holds the database (password hashes included) and the secret: owner only.
    fs.mkdirSync(path.dirname(secretFile), { recursive: true, mode: 0o700 });
    try {
      // "wx": of two starts racing, one writes the secret and the other reads it.
      fs.writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
      console.log(`Generated an auth secret in ${path.relative(root, secretFile)} (kept out of git).`);
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    env.NEXTAUTH_SECRET = fs.readFileSync(secretFile, "utf8").trim();
  }
  return env;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Installs a package from Debian's repositories when we are root; otherwise says what is missing and exits. */
function installDebianPackage(name, missing) {
  if (!isRoot()) {
    console.error(`${missing}\nInstall Debian's package as root (sudo apt-get update && sudo apt-get install -y ${name}), then run npm test again.`);
    process.exit(1);
  }
  console.log(`Installing ${name} from Debian's packages (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  runOrExit("apt-get", ["update", "-qq"], { env });
  runOrExit("apt-get", ["install", "-y", "-qq", "--no-install-recommends", name], { env });
}

/** Debian's Chromium for the browser tests. */
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  installDebianPackage("chromium", `The browser tests need Chromium at ${CHROMIUM_PATH} (or set CHROMIUM_PATH to a Chromium binary).`);
}

/** Debian's poppler-utils (pdftotext, pdfinfo, pdftoppm): the print tests read the PDFs Chromium prints with them. */
export function ensurePoppler() {
  const found = spawnSync("sh", ["-c", "command -v pdftotext && command -v pdfinfo"], { stdio: "ignore" }).status === 0;
  if (!found) installDebianPackage("poppler-utils", "The print tests need pdftotext and pdfinfo.");
}

/**
 * Debian's PostgreSQL server, for the tests that run on PostgreSQL (scripts/lib/postgres.mjs starts a
 * throwaway cluster of it). Not needed when DATABASE_URL_TEST names a server to use instead.
 */
export function ensurePostgres() {
  if (process.env.DATABASE_URL_TEST || postgresBinDir()) return;
  installDebianPackage("postgresql", "The database tests run on PostgreSQL too, and its server programs (initdb, pg_ctl) are not installed (or set DATABASE_URL_TEST to a server to use).");
}
