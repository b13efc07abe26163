/* What every scenario is given, and what it gives back for the table and the JSON. */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../db/open";
import type { Lesson } from "../../lib/content/schema";
import type { LessonIndex } from "../../lib/lesson-items";
import { mintSession, type Account, type Cookies, type Target } from "./http";
import type { School, Seeded } from "./seed";
import type { Server } from "./server";
import { round } from "./stats";

export type Context = {
  quick: boolean;
  to: Target;
  server: Server;
  /** The harness's own connection to the server's database file (WAL: both may use it at once). */
  db: Db;
  secret: string;
  password: string;
  passwordHash: string;
  lesson: Lesson;
  index: LessonIndex;
  seeded: Seeded;
  school?: School;
  /** Accounts that only sign in (the burst), beyond the students in classes. */
  signInOnly: Account[];
};

export type Row = { scenario: string; measured: string; baseline: string; ratio: string; notes: string };

export type Outcome = { rows: Row[]; details: Record<string, unknown> };

const sessions = new Map<number, Promise<Cookies>>();

/** A minted session cookie per account, made once. */
export function sessionOf(ctx: Context, account: Account): Promise<Cookies> {
  let cookies = sessions.get(account.id);
  if (!cookies) sessions.set(account.id, (cookies = mintSession(ctx.secret, account)));
  return cookies;
}

/** "12.3×" of measured over baseline, with the direction spelled out by the caller's column names. */
export function ratio(measured: number, baseline: number): string {
  if (!Number.isFinite(measured) || !Number.isFinite(baseline) || baseline === 0) return "n/a";
  const r = measured / baseline;
  return `${r >= 100 ? Math.round(r) : round(r, r >= 10 ? 1 : 2)}×`;
}

/** The id of a server action in this build (Next's manifest), by its file and export, as e2e/http.ts finds it. */
export function actionId(root: string, file: string, exportName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.filename === file && entry.exportedName === exportName) return id;
  throw new Error(`No server action ${file}#${exportName} in .next/server/server-reference-manifest.json`);
}
