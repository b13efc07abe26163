type RequestHead = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };
export const SERVER_ACTION_BODY_LIMIT: number;
export const UPLOAD_ACTION_BODY_LIMIT: number;
export function serverActionLimit(url: string | undefined): number;
export function isPossibleServerAction(req: RequestHead): boolean;
export function refuseServerAction(req: RequestHead, limit?: number): { status: 411 | 413; message: string } | null;
export function isClientHangup(error: unknown): boolean;
export function silenceClientHangups(target: Pick<Console, "error">): void;
export function refuseMalformedPath(req: { url?: string }): { status: 400; message: string } | null;
