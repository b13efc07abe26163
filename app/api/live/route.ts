import { db } from "@/db/client";
import { listClassesForStudent } from "@/db/queries/classes";
import { activeClassIds, listLiveDebatesForStudent, liveDebatesKey } from "@/db/queries/debates";
import { getApiUserForStream } from "@/lib/auth/guards";
import { classTopic, eventStream, liveChannel, RESYNC } from "@/lib/realtime";

/**
 * A signed-in student's live feed: debate sessions starting and ending in their classes (the dashboard).
 * It ends within seconds of the student signing out or leaving one of those classes (EventSource then
 * reconnects, to the classes they are still in, or is refused).
 *
 * Its events only tell the page to render again, so nothing is replayed: instead `?shown=` says which live
 * debates the page showed (liveDebatesKey), and when that is no longer so as the stream opens (a debate
 * started or ended after the page was rendered, or while the stream was reconnecting, perhaps to another
 * instance) one `phase` event goes out at once. A RESYNC (a shared channel that may have missed messages)
 * makes it compare again.
 */
export async function GET(request: Request) {
  const auth = await getApiUserForStream();
  if (!auth || auth.user.role !== "student") return new Response("Not found", { status: 404 });
  const { user, stillSignedIn } = auth;
  const shown = new URL(request.url).searchParams.get("shown");
  const classIds = (await listClassesForStudent(db, user.id)).map((c) => c.id);
  const stillAllowed = async () => {
    if (!(await stillSignedIn())) return false;
    const now = await activeClassIds(db, user.id);
    return classIds.every((id) => now.has(id));
  };
  return eventStream(
    request,
    (send, end) => {
      const changed = () => send({ id: 0, type: "phase", data: {} });
      // Whether the live debates still are what the page showed: if not, the page is told. A read that fails
      // ends the stream, so the browser reconnects and this is asked again.
      let checking = false;
      const check = () => {
        if (shown === null) return changed();
        if (checking) return;
        checking = true;
        listLiveDebatesForStudent(db, user.id).then(
          (live) => {
            checking = false;
            if (liveDebatesKey(live) !== shown) changed();
          },
          () => end(),
        );
      };
      const unsubscribes = classIds.map((id) => liveChannel.subscribe(classTopic(id), (m) => (m.type === RESYNC ? check() : send(m))));
      // Read after subscribing, so that a change is either in this read or arrives as an event.
      if (shown !== null) check();
      return () => unsubscribes.forEach((off) => off());
    },
    { stillAllowed },
  );
}
