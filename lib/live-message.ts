/** One event for the subscribers of a topic; `id` counts up by one within a topic (a debate session's event numbers). */
export type LiveMessage = { id: number; type: string; data: unknown };

export interface LiveChannel {
  publish(topic: string, message: LiveMessage): void;
  /** Returns the function that unsubscribes. */
  subscribe(topic: string, listener: (message: LiveMessage) => void): () => void;
}

/**
 * A message that carries no event: "what you have may be incomplete, read the store". A shared channel
 * sends it when it cannot vouch for what it delivered (its listener reconnected, an event too large to
 * carry); replayThenLive then catches up from the store. Never sent to a browser.
 */
export const RESYNC = "resync";

