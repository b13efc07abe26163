/** The newest installed PostgreSQL server's programs (/usr/lib/postgresql/<version>/bin), or undefined. */
export function postgresBinDir(): string | undefined;

/** A throwaway cluster on a free loopback port: its URL, and a function that stops it and removes its files. */
export function startPostgres(): Promise<{ url: string; stop: () => void }>;
