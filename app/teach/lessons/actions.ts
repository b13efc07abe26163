"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { createLesson, latestVersion, setSharing } from "@/db/queries/lessons";
import { lessonToDraft, storableDraft, type DraftLesson } from "@/lib/authoring/draft";
import { resolveLesson } from "@/lib/authoring/lookup";
import { newDraftFromText } from "@/lib/authoring/new-draft";
import { AUTHORING_LIMITS, readLessonText } from "@/lib/authoring/read-text";
import { readUploadedText } from "@/lib/authoring/upload";
import { requireRole } from "@/lib/auth/guards";
import { parseLesson } from "@/lib/content/load";
import { formError, isForm, parseForm, UNREADABLE_REQUEST, type FormState } from "@/lib/forms";
import { idFieldSchema } from "@/lib/validation";

/** A new lesson from pasted text or an uploaded .txt, .md, .html or .docx file: one excerpt per paragraph. */
export async function createLessonAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  if (!isForm(formData)) return formError(UNREADABLE_REQUEST);
  const title = formData.get("title");
  const file = formData.get("file");
  const pasted = formData.get("text");
  const hasFile = file instanceof File && file.size > 0;
  if (title !== null && typeof title !== "string") return formError(UNREADABLE_REQUEST);
  if (typeof title === "string" && title.length > 300) return formError("Please correct the field below.", formData, { title: "At most 300 characters." });
  if (!hasFile && !(typeof pasted === "string" && pasted.trim()))
    return formError("Paste the text or choose a file.", formData, { text: "Paste the text of the article here, or choose a file below." });
  const read = hasFile ? await readLessonText({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }) : await readLessonText({ pasted: String(pasted) });
  if (!read.ok) return keepPasted(formError(read.message, formData, hasFile ? { file: read.message } : { text: read.message }), pasted);
  const draft = newDraftFromText(read.paragraphs, (typeof title === "string" && title.trim()) || read.title || "");
  const storable = storableDraft(draft);
  if (!storable.ok) return keepPasted(formError(storable.message, formData), pasted);
  const row = await createLesson(db, instructor.id, draft, { keepIds: false });
  redirect(`/teach/lessons/${row.id}/edit?created=1`);
}

/** The pasted text goes back whole after a refusal (form replies keep only 2,000 characters of a field). */
function keepPasted(state: FormState, pasted: FormDataEntryValue | null): FormState {
  return typeof pasted === "string" ? { ...state, values: { ...state.values, text: pasted.slice(0, AUTHORING_LIMITS.uploadBytes) } } : state;
}

/** A lesson file in the content/ format (an export, or a file written by hand): refused whole with every error. */
export async function importLessonAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  if (!isForm(formData)) return formError(UNREADABLE_REQUEST);
  const text = await readUploadedText(formData.get("file"), null);
  if (!text.ok) return formError(text.message, formData, { file: text.message });
  if (!text.name || !/\.ya?ml$/i.test(text.name))
    return formError("Choose a lesson file (.yaml) exported from Colloquy. To make a lesson from an article, use “From a text”.", formData, { file: "Not a .yaml file." });
  const name = text.name;
  // The file's id need not match its name here: the lesson gets an id of its own in this deployment.
  const parsed = parseLesson(name, text.text, { checkFileName: false });
  if (!parsed.lesson) {
    const lines = parsed.errors.map((e) => `${e.field}: ${e.message}`);
    return { status: "error", message: `Nothing was imported: the file has ${lines.length === 1 ? "a problem" : `${lines.length} problems`}.\n${lines.join("\n")}`, fieldErrors: { file: "Fix the problems listed above and import the file again." } };
  }
  const draft = lessonToDraft(parsed.lesson);
  const storable = storableDraft(draft);
  if (!storable.ok) return formError(storable.message, formData, { file: storable.message });
  const row = await createLesson(db, instructor.id, draft, { keepIds: true });
  redirect(`/teach/lessons/${row.id}/edit?imported=1`);
}

/** An editable copy, owned by the caller, of a lesson they may read (a built-in one, their own, a shared one). */
export async function duplicateLessonAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ lesson: z.string().min(1).max(80) }), formData);
  if (!parsed.ok) return parsed.state;
  const source = await resolveLesson(instructor.id, parsed.data.lesson);
  if (!source) return formError("That lesson does not exist or is not shared with you.");
  const draft: DraftLesson =
    source.kind === "builtin" ? lessonToDraft(source.lesson) : source.access.mine ? (source.access.lesson.draft as DraftLesson) : lessonToDraft(source.published!.lesson);
  const copy = { ...draft, title: `${draft.title} (copy)`.slice(0, 300) };
  const storable = storableDraft(copy);
  if (!storable.ok) return formError(storable.message);
  const row = await createLesson(db, instructor.id, copy, { keepIds: true });
  redirect(`/teach/lessons/${row.id}/edit?copied=1`);
}

export async function setSharingAction(_state: FormState, formData: FormData): Promise<FormState> {
  const instructor = await requireRole("instructor");
  const parsed = parseForm(z.object({ lessonId: idFieldSchema, sharing: z.enum(["private", "shared"], { message: "Choose who may use the lesson." }) }), formData);
  if (!parsed.ok) return parsed.state;
  if (!(await setSharing(db, instructor.id, parsed.data.lessonId, parsed.data.sharing))) return formError("This lesson does not exist or is not yours.");
  const published = await latestVersion(db, parsed.data.lessonId);
  revalidatePath(`/teach/lessons/${parsed.data.lessonId}`);
  return {
    status: "success",
    message:
      parsed.data.sharing === "shared"
        ? published
          ? "Shared: every instructor here can now preview, duplicate and assign the published version."
          : "Shared: other instructors will see it once you publish it."
        : "Private: only you can see and assign it now. Assignments already made keep working.",
  };
}

