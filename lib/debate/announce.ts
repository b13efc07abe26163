import { classTopic, debateTopic, liveChannel, type LiveMessage } from "../realtime";

/** Publishes committed session events to everyone watching the session (and, for starts and ends, the class). */
export function announce(sessionId: number, event: LiveMessage | undefined, classId?: number): void {
  if (!event) return;
  liveChannel.publish(debateTopic(sessionId), event);
  if (classId !== undefined) liveChannel.publish(classTopic(classId), { ...event, data: { ...(event.data as object), sessionId } });
}
