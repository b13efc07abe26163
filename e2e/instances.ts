import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";

/*
 * Several app instances behind a load balancer, for e2e/instances.spec.ts: production servers
 * (scripts/server.mjs, the build the suite already uses) on one PostgreSQL database, and a small balancer
 * in front that spreads requests round-robin with no stickiness, streams responses unbuffered (the live
 * debate streams) and, when an instance is down, sends the request to the next one (as nginx's
 * proxy_next_upstream does for a refused connection).
 *
 * A test may pin a browser to one instance with the X-Colloquy-Instance header (its index), to show that
 * what one instance wrote another serves.
 */

const root = path.resolve(__dirname, "..");

export type Instance = { port: number; url: string; child: ChildProcess; kill: () => Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a production server on a free port with `env` added, resolving once /api/health answers. */
export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The instance on port ${port} exited (${child.exitCode ?? child.signalCode}) before it served.`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) {
      child.kill("SIGKILL");
      throw new Error(`The instance on port ${port} did not start within a minute.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    url,
    child,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

export const PIN_HEADER = "x-colloquy-instance";

/** The balancer in front of the instances: its URL, how many requests each instance answered, and close. */
export async function startBalancer(instances: Instance[]): Promise<{ url: string; served: number[]; close: () => Promise<void> }> {
  const served = instances.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const pinned = Number(req.headers[PIN_HEADER]);
      const first = Number.isInteger(pinned) && instances[pinned] ? pinned : next++ % instances.length;
      const attempt = (tries: number, index: number) => {
        const headers = { ...req.headers };
        delete headers[PIN_HEADER];
        const upstream = http.request({ host: "127.0.0.1", port: instances[index]!.port, method: req.method, path: req.url, headers, agent: false }, (response) => {
          served[index]!++;
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        });
        upstream.on("error", (error: NodeJS.ErrnoException) => {
          // Refused: the instance is down (it saw nothing of this request), so the next one gets it.
          if (!res.headersSent && tries < instances.length - 1 && error.code === "ECONNREFUSED") return attempt(tries + 1, (index + 1) % instances.length);
          if (!res.headersSent) res.writeHead(502).end("Bad gateway");
          else res.destroy();
        });
        res.on("close", () => upstream.destroy());
        upstream.end(body);
      };
      attempt(0, first);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://localhost:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
