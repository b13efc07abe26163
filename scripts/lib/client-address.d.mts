export function trustedProxyHops(value: string | undefined): number;
export function resolveClientAddress(forwardedFor: string | string[] | undefined, socketAddress: string | undefined, hops: number): string;
