import { draftToLesson, type DraftLesson } from "@/lib/authoring/draft";
import { resolveLesson } from "@/lib/authoring/lookup";
import { getApiUser } from "@/lib/auth/guards";
import { lessonFileName, lessonToYaml } from "@/lib/content/export";
import { lessonSchema, type Lesson } from "@/lib/content/schema";

/**
 * A lesson as a file in the content/ format: a built-in lesson, the latest published version of a readable
 * one, or — for its owner — the draft when it is valid (what they are working on).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ lessonId: string }> }) {
  const user = await getApiUser();
  if (!user || user.role !== "instructor") return new Response("Not found", { status: 404 });
  const ref = await resolveLesson(user.id, (await params).lessonId);
  if (!ref) return new Response("Not found", { status: 404 });
  let lesson: Lesson | undefined = ref.kind === "builtin" ? ref.lesson : ref.published?.lesson;
  if (ref.kind === "authored" && ref.access.mine) {
    const draft = lessonSchema.safeParse(draftToLesson(ref.access.lesson.draft as DraftLesson));
    if (draft.success) lesson = draft.data;
  }
  if (!lesson) return new Response("This lesson has problems to fix before it can be exported: see the editor.", { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(lessonToYaml(lesson), {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${lessonFileName(lesson)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
