import { hash, verify } from "@node-rs/argon2";

/*
 * argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's recommended minimum). Hashing is
 * deliberately slow, so it runs only when a password is set or checked, never on a signed-in request.
 */

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash of a random string: checking a password of an unknown account against it takes as long as
// checking a real one, so response times do not reveal which usernames exist.
let decoy: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoy ??= hash(crypto.randomUUID());
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
