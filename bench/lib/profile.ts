/*
 * A summary of the server's V8 CPU profile (bench --profile): where its CPU time went, by what the code is
 * (ours, Next, React, drizzle, better-sqlite3, node itself) and by function. The .cpuprofile file itself opens
 * in Chrome's DevTools (Performance → Load profile) for the whole picture.
 */
import fs from "node:fs";
import path from "node:path";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** What a frame's code is, from its file: the bundles' chunk names keep the source path of our own modules. */
function kind(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "node (native)";
  if (/next\/dist|next-server|app-page.*runtime|\[turbopack\]/.test(url)) return "Next";
  if (/react-dom|react-server|\/react\//.test(url)) return "React";
  if (/drizzle/.test(url)) return "drizzle";
  if (/better-sqlite3|better_sqlite3/.test(url)) return "better-sqlite3";
  if (/next-auth|jose|@panva/.test(url)) return "next-auth";
  if (/zod/.test(url)) return "zod";
  if (url.startsWith("node:")) return "node";
  if (/\.next\/server\/chunks/.test(url)) return "app chunks (ours and bundled libraries)";
  return path.basename(url);
}

export function printProfile(dir: string): void {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  if (files.length === 0) {
    console.log(`No CPU profile in ${dir}.`);
    return;
  }
  const file = path.join(dir, files[0]!);
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byKind = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)!.callFrame;
    total += delta;
    const k = kind(frame.url, frame.functionName);
    byKind.set(k, (byKind.get(k) ?? 0) + delta);
    const fn = `${frame.functionName || "(anonymous)"} ${frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : ""}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
  });
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join("\n");
  console.log(`\nServer CPU profile (${(total / 1e6).toFixed(1)} s sampled; self time): ${file}\nBy kind of code:\n${top(byKind, 12)}\nBy function:\n${top(byFunction, 20)}`);
}
