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

/** A Server-Sent Events response that replays, goes live, sends heartbeats and stops when the client leaves. */
export function eventStream(request: Request, start: (send: (message: LiveMessage) => void) => () => void): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      write("retry: 2000\n\n");
      // The server's clock, so countdowns agree across devices (no id: it does not move Last-Event-ID).
      write(`event: clock\ndata: ${JSON.stringify({ now: Date.now() })}\n\n`);
      const unsubscribe = start((m) => write(`id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify(m.data)}\n\n`));
      // Comments keep proxies and browsers from closing an idle connection.
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), 15_000);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
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
