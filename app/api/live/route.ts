import { db } from "@/db/client";
import { listClassesForStudent } from "@/db/queries/classes";
import { getApiUser } from "@/lib/auth/guards";
import { classTopic, eventStream, liveChannel } from "@/lib/realtime";

/** A signed-in student's live feed: debate sessions starting and ending in their classes (the dashboard). */
export async function GET(request: Request) {
  const user = await getApiUser();
  if (!user || user.role !== "student") return new Response("Not found", { status: 404 });
  const classIds = listClassesForStudent(db, user.id).map((c) => c.id);
  return eventStream(request, (send) => {
    const unsubscribes = classIds.map((id) => liveChannel.subscribe(classTopic(id), send));
    return () => unsubscribes.forEach((off) => off());
  });
}
