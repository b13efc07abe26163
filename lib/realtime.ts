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
  // A RESYNC that came while the store was being read: that read may have begun before what it stands for.
  let resyncAgain = false;
  const held: LiveMessage[] = [];
  const deliver = (message: LiveMessage) => {
    if (stopped || message.id <= last) return;
    last = message.id;
    send(message);
  };
  const receive = (message: LiveMessage) => {
    if (stopped) return;
    if (catchingUp) {
      if (message.type === RESYNC) resyncAgain = true;
      else held.push(message);
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
  const caughtUp = (stored: LiveMessage[], second: boolean) => {
    for (const message of stored) deliver(message);
    held.sort((a, b) => a.id - b.id);
    // Still a gap before what came live meanwhile: the read may have begun before the missing event committed
    // (two instances' events, published out of order). Read once more; a gap left after that is one the store
    // does not fill for this viewer (an event they may not see): deliver anyway.
    const gap = held.length > 0 && held[0]!.id > last + 1 && !second;
    if (resyncAgain || gap) {
      resyncAgain = false;
      return catchUp(true);
    }
    catchingUp = false;
    for (const message of held.splice(0)) deliver(message);
  };
  const failed = (error: unknown) => {
    stop();
    onError(error);
  };
  function catchUp(second = false) {
    catchingUp = true;
    try {
      const stored = storedSince(last);
      if (Array.isArray(stored)) caughtUp(stored, second);
      else stored.then((messages) => caughtUp(messages, second), failed);
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
 * delivery, a timer re-runs it every `everyMs`, and the first failure calls `onLost` once and refuses
 * everything after: "denied" when the check said no, "failed" when it could not run (the database is
 * away: fail closed, but the viewer may well still have access). After `stop()` it refuses too.
 */
export function watchAccess(
  stillAllowed: () => boolean | Promise<boolean>,
  onLost: (why: "denied" | "failed") => void,
  everyMs = ACCESS_RECHECK_MS,
): { allows: () => Promise<boolean>; stop: () => void } {
  let lost = false;
  const check = async () => {
    if (lost) return false;
    let why: "denied" | "failed" | undefined;
    try {
      if (!(await stillAllowed())) why = "denied";
    } catch {
      why = "failed";
    }
    if (lost) return false;
    if (why) {
      lost = true;
      clearInterval(timer);
      onLost(why);
    }
    return !why;
  };
  const timer = setInterval(() => void check(), everyMs);
  return {
    allows: check,
    stop: () => {
      lost = true;
      clearInterval(timer);
    },
  };
}

/**
 * A Server-Sent Events response that replays, goes live, sends heartbeats and stops when the client leaves,
 * or as soon as `stillAllowed` says no: the client then gets a final `revoked` event (so it stops
 * reconnecting) and the stream ends. When the check cannot run (a database restart), the stream ends
 * without `revoked`, and the browser reconnects by itself, to be checked afresh.
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
        (why) => {
          if (why === "denied") write(`event: revoked\ndata: {}\n\n`);
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
      // Checked before each message, not only on the timer: nothing is sent after access is gone. The check
      // is asynchronous, so messages wait in line, and one check, begun after they all arrived, clears all
      // that are waiting (a replay of many events costs one check, not one each); they go out in order.
      const waiting: LiveMessage[] = [];
      let draining = false;
      const drain = async () => {
        while (waiting.length > 0 && !closed) {
          const batch = waiting.splice(0);
          if (!(await access.allows())) break;
          for (const m of batch) write(`id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify(m.data)}\n\n`);
        }
        waiting.length = 0;
        draining = false;
      };
      const send = (m: LiveMessage) => {
        if (m.type === RESYNC || closed) return;
        waiting.push(m);
        if (draining) return;
        draining = true;
        // Begun once the caller is done sending (a replay sends all its events at once).
        queueMicrotask(() => void drain());
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
