/**
 * A random id for one submission of a form (32 hex characters), so that the server can tell the same form
 * sent again (a retry) from a new one. From `crypto.getRandomValues`, which browsers offer on plain http
 * too (a school's server on its own network), unlike `crypto.randomUUID`; the server renders the first one.
 */
export function newClientId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
