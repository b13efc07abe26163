import { EventEmitter } from "node:events";
import { RESYNC, type LiveChannel, type LiveMessage } from "./live-message";
import { PostgresChannel } from "./realtime-postgres";

/*
 * Live fan-out for debate sessions. The pages and route handlers only see LiveChannel: in this process for
 * the single-server default, through PostgreSQL's LISTEN/NOTIFY for several instances (realtime-postgres.ts).
 */

export { RESYNC, type LiveChannel, type LiveMessage };

class InProcessChannel implements LiveChannel {
  private emitter = new EventEmitter().setMaxListeners(0);
  publish(topic: string, message: LiveMessage) {
    this.emitter.emit(topic, message);
  }
  subscribe(topic: string, listener: (message: LiveMessage) => void) {
    this.emitter.on(topic, listener);
    return () => void this.emitter.off(topic, listener);
  }
}

const cached = globalThis as unknown as { colloquyLive?: LiveChannel };
// One server (SQLite): in this process. Several instances on PostgreSQL (DATABASE_URL): through it.
export const liveChannel: LiveChannel = (cached.colloquyLive ??= process.env.DATABASE_URL ? new PostgresChannel(process.env.DATABASE_URL) : new InProcessChannel());

export const debateTopic = (sessionId: number) => `debate:${sessionId}`;
export const classTopic = (classId: number) => `class:${classId}`;

/**
 * What a (re)connecting client receives: the stored events after `afterId`, then live ones, each exactly
 * once and in order. Subscribes before reading the store, so nothing published in between is lost; live
 * messages the replay already covered are dropped by id.
 *
 * A topic's ids count up by one (a debate session's event numbers), so a live message that skips one means
 * an event went by unseen: published out of order by two requests (or two instances), or missed by a
 * shared channel. The stream then catches up from the store (holding live messages meanwhile), as it does
 * on RESYNC. When reading the store fails, `onError` is told (the stream should end: the client reconnects
 * and resumes from what it has).
 */
export function replayThenLive(
  channel: LiveChannel,
  topic: string,
  afterId: number,
  storedSince: (afterId: number) => LiveMessage[] | Promise<LiveMessage[]>,
  send: (message: LiveMessage) => void,
  onError: (error: unknown) => void = (error) => console.error("Replaying a live stream failed:", error),
): () => void {
  let last = afterId;
  let stopped = false;
  let catchingUp = false;
  const held: LiveMessage[] = [];
  const deliver = (message: LiveMessage) => {
    if (stopped || message.id <= last) return;
    last = message.id;
    send(message);
  };
  const receive = (message: LiveMessage) => {
    if (stopped) return;
    if (catchingUp) {
      if (message.type !== RESYNC) held.push(message);
      return;
    }
    if (message.type === RESYNC) return catchUp();
    if (message.id > last + 1) {
      held.push(message);
      return catchUp();
    }
    deliver(message);
  };
  const unsubscribe = channel.subscribe(topic, receive);
  const stop = () => {
    stopped = true;
    unsubscribe();
  };
  const caughtUp = (stored: LiveMessage[]) => {
    for (const message of stored) deliver(message);
    catchingUp = false;
    // What came live meanwhile, in order. A gap left here is one the store does not fill for this viewer
    // (an event they may not see): deliver anyway, no second read.
    const waiting = held.splice(0).sort((a, b) => a.id - b.id);
    for (const message of waiting) deliver(message);
  };
  const failed = (error: unknown) => {
    stop();
    onError(error);
  };
  function catchUp() {
    catchingUp = true;
    try {
      const stored = storedSince(last);
      if (Array.isArray(stored)) caughtUp(stored);
      else stored.then(caughtUp, failed);
    } catch (error) {
      failed(error);
    }
  }
  catchUp();
  return stop;
}

/** How often an open stream re-checks that its viewer may still watch (a quiet stream must end too). */
export const ACCESS_RECHECK_MS = 2_500;

/**
 * The access check of a stream that outlives its request. Access can be lost while the stream is open (a
 * student withdrawn from the class, a password reset, a sign-out): `allows()` re-runs the check before each
 * delivery, a timer re-runs it every `everyMs`, and the first failure (or an error in the check: fail closed)
 * calls `onLost` once and refuses everything after.
 */
export function watchAccess(
  stillAllowed: () => boolean | Promise<boolean>,
  onLost: () => void,
  everyMs = ACCESS_RECHECK_MS,
): { allows: () => Promise<boolean>; stop: () => void } {
  let lost = false;
  const check = async () => {
    if (lost) return false;
    let ok = false;
    try {
      ok = await stillAllowed();
    } catch {
      ok = false;
    }
    if (lost) return false;
    if (!ok) {
      lost = true;
      clearInterval(timer);
      onLost();
    }
    return ok;
  };
  const timer = setInterval(() => void check(), everyMs);
  return { allows: check, stop: () => clearInterval(timer) };
}

/**
 * A Server-Sent Events response that replays, goes live, sends heartbeats and stops when the client leaves,
 * or as soon as `stillAllowed` fails: the client then gets a final `revoked` event (so it stops reconnecting)
 * and the stream ends.
 */
export function eventStream(
  request: Request,
  start: (send: (message: LiveMessage) => void, end: () => void) => () => void,
  options: { stillAllowed: () => boolean | Promise<boolean>; recheckMs?: number },
): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const access = watchAccess(
        options.stillAllowed,
        () => {
          write(`event: revoked\ndata: {}\n\n`);
          stop();
        },
        options.recheckMs,
      );
      let unsubscribe = () => {};
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      stop = () => {
        if (closed) return;
        closed = true;
        access.stop();
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      write("retry: 2000\n\n");
      // The server's clock, so countdowns agree across devices (no id: it does not move Last-Event-ID).
      write(`event: clock\ndata: ${JSON.stringify({ now: Date.now() })}\n\n`);
      // Checked before each message, not only on the timer: nothing is sent after access is gone. The
      // checks are asynchronous, so messages wait in line for theirs and go out in the order they came.
      let inLine: Promise<void> = Promise.resolve();
      const send = (m: LiveMessage) => {
        if (m.type === RESYNC) return;
        inLine = inLine.then(async () => {
          if (await access.allows()) write(`id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify(m.data)}\n\n`);
        });
      };
      unsubscribe = start(send, () => stop());
      if (closed) unsubscribe();
      // Comments keep proxies and browsers from closing an idle connection.
      heartbeat = setInterval(() => write(": heartbeat\n\n"), 15_000);
      if (closed) clearInterval(heartbeat);
      request.signal.addEventListener("abort", () => stop());
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" },
  });
}
