/*
 * 5. Page weight: the HTML, and the JavaScript a browser downloads for it (every <script src> chunk the
 * page references, gzip-compressed here at the default level, as a compressing server or proxy would send
 * it), of the student's lesson page, the grid and the projector page, against the sign-in page as a
 * signed-out visitor sees it, CSRF cookie and all (the emptiest page with the shared layout).
 */
import zlib from "node:zlib";
import { Cookies, request, scriptSources } from "../lib/http";
import { ratio, sessionOf, type Context, type Outcome, type Row } from "../lib/context";

type Weight = { htmlBytes: number; htmlGzip: number; inlineScriptBytes: number; scripts: number; jsBytes: number; jsGzip: number };

/** Bytes of the page's inline <script>s: mostly React's flight payload, the page's data a second time for hydration. */
function inlineScriptBytes(html: string): number {
  let n = 0;
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) n += Buffer.byteLength(m[1]!);
  return n;
}

const chunkCache = new Map<string, Buffer>();

async function weigh(ctx: Context, path: string, cookies?: Cookies): Promise<Weight> {
  const page = await request(ctx.to, "GET", path, { headers: cookies ? { Cookie: cookies.header } : {} });
  if (page.status !== 200) throw new Error(`GET ${path}: HTTP ${page.status}`);
  const sources = scriptSources(page.text());
  let jsBytes = 0;
  let jsGzip = 0;
  for (const src of sources) {
    let body = chunkCache.get(src);
    if (!body) {
      const reply = await request(ctx.to, "GET", new URL(src, ctx.to.origin).pathname);
      if (reply.status !== 200) throw new Error(`GET ${src}: HTTP ${reply.status}`);
      chunkCache.set(src, (body = reply.body));
    }
    jsBytes += body.length;
    jsGzip += zlib.gzipSync(body).length;
  }
  return { htmlBytes: page.body.length, htmlGzip: zlib.gzipSync(page.body).length, inlineScriptBytes: inlineScriptBytes(page.text()), scripts: sources.length, jsBytes, jsGzip };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function pageWeight(ctx: Context, projectorSessionId: number): Promise<Outcome> {
  const student = await sessionOf(ctx, ctx.seeded.students[0]!);
  const teacher = await sessionOf(ctx, ctx.seeded.instructor);
  const { classId, assignmentId } = ctx.seeded.grid;
  // A signed-out visitor with next-auth's CSRF cookie (without it /signin sends the browser through next-auth once).
  const visitor = new Cookies().take(await request(ctx.to, "GET", "/api/auth/csrf"));
  const empty = await weigh(ctx, "/signin", visitor);
  const pages: [string, string, Cookies][] = [
    ["student lesson page", `/assignments/${ctx.school!.live.autosaveAssignmentId}`, student],
    [`grid (${ctx.seeded.grid.studentIds.length} students)`, `/teach/classes/${classId}/assignments/${assignmentId}`, teacher],
    ["projector", `/teach/debates/${projectorSessionId}/projector`, teacher],
  ];
  const rows: Row[] = [];
  const details: Record<string, unknown> = { "empty (/signin, signed out)": empty };
  for (const [name, path, cookies] of pages) {
    const w = await weigh(ctx, path, cookies);
    details[name] = { path, ...w };
    rows.push({
      scenario: `5 weight: ${name}`,
      measured: `HTML ${kib(w.htmlBytes)} (gz ${kib(w.htmlGzip)}), JS ${kib(w.jsGzip)} gz in ${w.scripts} chunks`,
      baseline: `/signin: HTML ${kib(empty.htmlBytes)}, JS ${kib(empty.jsGzip)} gz`,
      ratio: `HTML ${ratio(w.htmlBytes, empty.htmlBytes)}, JS ${ratio(w.jsGzip, empty.jsGzip)}`,
      notes: `of the HTML, inline scripts (flight payload) ${kib(w.inlineScriptBytes)}; JS ${kib(w.jsBytes)} uncompressed`,
    });
  }
  return { rows, details };
}
