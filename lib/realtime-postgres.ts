import { EventEmitter } from "node:events";
import { Client, Pool } from "pg";
import { RESYNC, type LiveChannel, type LiveMessage } from "./live-message";

/*
 * The live channel of several app instances on one PostgreSQL (DATABASE_URL): a publish is a NOTIFY that
 * every instance's one listening connection receives and hands to its own subscribers. No instance
 * delivers its own publishes directly, so each subscriber gets each message once, from one path.
 *
 * What a listener can miss, replayThenLive makes good from the event store: a message published out of
 * order (two instances' NOTIFYs after their commits can cross) is a gap in the session's event numbers; a
 * message too large for a NOTIFY (8000 bytes) goes as RESYNC; so does the moment the listening connection
 * is (re)established, since anything sent while it was down is lost to it.
 */

const CHANNEL = "colloquy_live";
/** PostgreSQL's NOTIFY payload limit is 8000 bytes; keep clear of it. */
const PAYLOAD_MAX = 7_500;
/** How often the listening connection is asked something, and how long it has to answer before it is replaced. */
const PROBE_EVERY_MS = 30_000;
const PROBE_TIMEOUT_MS = 10_000;

type Payload = { topic: string; message?: LiveMessage };

export class PostgresChannel implements LiveChannel {
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly pool: Pool;
  private listener: Client | undefined;
  private connecting: Promise<void> | undefined;
  private retryMs = 250;
  private closed = false;

  constructor(private readonly url: string) {
    // One connection, so this instance's NOTIFYs go out in the order it published them.
    this.pool = new Pool({ connectionString: url, max: 1 });
    this.pool.on("error", (error) => console.warn(`Live channel: an idle PostgreSQL connection was closed (${error.message}).`));
  }

  publish(topic: string, message: LiveMessage): void {
    let payload = JSON.stringify({ topic, message } satisfies Payload);
    if (Buffer.byteLength(payload) > PAYLOAD_MAX) payload = JSON.stringify({ topic } satisfies Payload);
    this.notify(payload, 0);
  }

  /** After the commit that stored the event; retried a few times, since a session's last event has no next one to reveal the gap. */
  private notify(payload: string, tries: number): void {
    this.pool.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]).catch((error: Error) => {
      if (tries < 3 && !this.closed) setTimeout(() => this.notify(payload, tries + 1), 250 * 2 ** tries).unref();
      else console.error(`Live channel: NOTIFY failed (${error.message}); open streams catch up at the session's next event.`);
    });
  }

  subscribe(topic: string, listener: (message: LiveMessage) => void): () => void {
    void this.listen();
    this.local.on(topic, listener);
    return () => void this.local.off(topic, listener);
  }

  /** Resolves once this instance is listening (tests and start-up can wait for it). */
  listen(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    await Promise.allSettled([listener?.end(), this.pool.end()]);
  }

  private async connect(): Promise<void> {
    // keepAlive, and a probe below: a connection a firewall dropped in silence raises no error by itself.
    const client = new Client({ connectionString: this.url, keepAlive: true });
    const lost = (reason: string) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      console.warn(`Live channel: the listening connection was lost (${reason}); reconnecting.`);
      client.end().catch(() => {});
      this.reconnectLater();
    };
    client.on("error", (error) => lost(error.message));
    client.on("end", () => lost("closed"));
    client.on("notification", (notification) => this.received(notification.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      client.end().catch(() => {});
      console.warn(`Live channel: cannot listen on PostgreSQL (${(error as Error).message}); retrying.`);
      this.reconnectLater();
      return;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    this.retryMs = 250;
    const probe = setInterval(() => {
      if (this.listener !== client) return clearInterval(probe);
      const timeout = setTimeout(() => lost("no answer to a probe in 10 s"), PROBE_TIMEOUT_MS).unref();
      client.query("SELECT 1").then(
        () => clearTimeout(timeout),
        () => clearTimeout(timeout),
      );
    }, PROBE_EVERY_MS).unref();
    // Whatever was published before now did not reach this instance: every open stream reads its store.
    for (const topic of this.local.eventNames()) this.local.emit(topic, { id: 0, type: RESYNC, data: null } satisfies LiveMessage);
  }

  private reconnectLater(): void {
    if (this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
    setTimeout(() => void this.listen(), wait).unref();
  }

  private received(raw: string | undefined): void {
    let payload: Payload;
    try {
      payload = JSON.parse(raw ?? "") as Payload;
    } catch {
      return;
    }
    if (typeof payload?.topic !== "string") return;
    this.local.emit(payload.topic, payload.message ?? ({ id: 0, type: RESYNC, data: null } satisfies LiveMessage));
  }
}
