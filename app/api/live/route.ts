import { db } from "@/db/client";
import { listClassesForStudent } from "@/db/queries/classes";
import { activeClassIds } from "@/db/queries/debates";
import { getApiUserForStream } from "@/lib/auth/guards";
import { classTopic, eventStream, liveChannel } from "@/lib/realtime";

/**
 * A signed-in student's live feed: debate sessions starting and ending in their classes (the dashboard).
 * It ends within seconds of the student signing out or leaving one of those classes (EventSource then
 * reconnects, to the classes they are still in, or is refused).
 */
export async function GET(request: Request) {
  const auth = await getApiUserForStream();
  if (!auth || auth.user.role !== "student") return new Response("Not found", { status: 404 });
  const { user, stillSignedIn } = auth;
  const classIds = (await listClassesForStudent(db, user.id)).map((c) => c.id);
  const stillAllowed = async () => {
    if (!(await stillSignedIn())) return false;
    const now = await activeClassIds(db, user.id);
    return classIds.every((id) => now.has(id));
  };
  return eventStream(
    request,
    (send) => {
      const unsubscribes = classIds.map((id) => liveChannel.subscribe(classTopic(id), send));
      return () => unsubscribes.forEach((off) => off());
    },
    { stillAllowed },
  );
}
