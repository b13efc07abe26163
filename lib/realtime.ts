import { EventEmitter } from "node:events";

/*
 * Live fan-out for debate sessions. The pages and route handlers only see LiveChannel; this in-process
 * implementation serves the single-server default, and a multi-instance deployment can put a shared
 * channel behind the same interface (e.g. PostgreSQL LISTEN/NOTIFY) without touching them.
 */

export type LiveMessage = { id: number; type: string; data: unknown };

export interface LiveChannel {
  publish(topic: string, message: LiveMessage): void;
  /** Returns the function that unsubscribes. */
  subscribe(topic: string, listener: (message: LiveMessage) => void): () => void;
}

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
export const liveChannel: LiveChannel = (cached.colloquyLive ??= new InProcessChannel());

export const debateTopic = (sessionId: number) => `debate:${sessionId}`;
export const classTopic = (classId: number) => `class:${classId}`;

/**
 * What a (re)connecting client receives: the stored events after `afterId`, then live ones, each exactly
 * once and in order. Subscribes before reading the store, so nothing published in between is lost; live
 * messages the replay already covered are dropped by id.
 */
export function replayThenLive(
  channel: LiveChannel,
  topic: string,
  afterId: number,
  storedSince: (afterId: number) => LiveMessage[],
  send: (message: LiveMessage) => void,
): () => void {
  let last = afterId;
  let replaying = true;
  const held: LiveMessage[] = [];
  const deliver = (message: LiveMessage) => {
    if (message.id <= last) return;
    last = message.id;
    send(message);
  };
  const unsubscribe = channel.subscribe(topic, (message) => (replaying ? held.push(message) : deliver(message)));
  for (const message of storedSince(afterId)) deliver(message);
  replaying = false;
  for (const message of held.sort((a, b) => a.id - b.id)) deliver(message);
  return unsubscribe;
}

/** How often an open stream re-checks that its viewer may still watch (a quiet stream must end too). */
export const ACCESS_RECHECK_MS = 2_500;

/**
 * The access check of a stream that outlives its request. Access can be lost while the stream is open (a
 * student withdrawn from the class, a password reset, a sign-out): `allows()` re-runs the check before each
 * delivery, a timer re-runs it every `everyMs`, and the first failure (or an error in the check: fail closed)
 * calls `onLost` once and refuses everything after.
 */
export function watchAccess(stillAllowed: () => boolean, onLost: () => void, everyMs = ACCESS_RECHECK_MS): { allows: () => boolean; stop: () => void } {
  let lost = false;
  const check = () => {
    if (lost) return false;
    let ok = false;
    try {
      ok = stillAllowed();
    } catch {
      ok = false;
    }
    if (!ok) {
      lost = true;
      clearInterval(timer);
      onLost();
    }
    return ok;
  };
  const timer = setInterval(check, everyMs);
  return { allows: check, stop: () => clearInterval(timer) };
}

/**
 * A Server-Sent Events response that replays, goes live, sends heartbeats and stops when the client leaves,
 * or as soon as `stillAllowed` fails: the client then gets a final `revoked` event (so it stops reconnecting)
 * and the stream ends.
 */
export function eventStream(
  request: Request,
  start: (send: (message: LiveMessage) => void) => () => void,
  options: { stillAllowed: () => boolean; recheckMs?: number },
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
      // Checked before each message, not only on the timer: nothing is sent after access is gone.
      unsubscribe = start((m) => {
        if (access.allows()) write(`id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify(m.data)}\n\n`);
      });
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
