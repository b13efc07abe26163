import { db } from "@/db/client";
import { getClassForInstructor } from "@/db/queries/classes";
import { debateTranscript } from "@/db/queries/debate-view";
import { debatePrompt, getDebateForInstructor } from "@/db/queries/debates";
import { getApiUser } from "@/lib/auth/guards";
import { csvResponse, toCsv } from "@/lib/csv";
import { excerptTexts } from "@/lib/debate/excerpts";
import { TRANSCRIPT_HEADER, transcriptJson, transcriptRows } from "@/lib/debate/transcript";
import { parseId } from "@/lib/ids";

const notFound = () => new Response("Not found", { status: 404 });

/** transcript.csv (one row per post) and transcript.json (everything recorded): only for the class's instructor. */
export async function GET(_request: Request, { params }: { params: Promise<{ debateId: string; file: string }> }) {
  const user = await getApiUser();
  const { debateId, file } = await params;
  const sessionId = parseId(debateId);
  if (!user || user.role !== "instructor" || !sessionId) return notFound();
  const session = await getDebateForInstructor(db, user.id, sessionId);
  const prompt = session && (await debatePrompt(db, session));
  const cls = session && (await getClassForInstructor(db, user.id, session.classId));
  if (!session || !prompt || !cls) return notFound();
  const { index, debate } = prompt;
  const transcript = await debateTranscript(db, session);
  const slug = `debate-${session.id}-transcript`;
  if (file === "transcript.csv") return csvResponse(toCsv(TRANSCRIPT_HEADER, transcriptRows(transcript, excerptTexts(index.lesson))), `${slug}.csv`);
  if (file === "transcript.json") {
    const body = transcriptJson(transcript, { motion: debate.motion, sides: debate.sides, className: cls.name, lessonTitle: index.lesson.title, excerpts: excerptTexts(index.lesson) });
    return new Response(JSON.stringify(body, null, 2), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${slug}.json"`, "Cache-Control": "no-store" },
    });
  }
  return notFound();
}
