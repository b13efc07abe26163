import "server-only";
import { AUTHORING_LIMITS } from "./read-text";

/** "2 MB", "300 kB": a size as the messages state it. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

/**
 * The text of a form's file field, or of its pasted-text field when no file was chosen: UTF-8, within the
 * upload limit. For plain-text formats (GIFT, Aiken, YAML), never rendered.
 */
export async function readUploadedText(file: FormDataEntryValue | null, pasted: FormDataEntryValue | null): Promise<{ ok: true; text: string; name?: string } | { ok: false; message: string }> {
  const limit = AUTHORING_LIMITS.uploadBytes;
  if (file instanceof File && file.size > 0) {
    if (file.size > limit) return { ok: false, message: `The file is ${formatBytes(file.size)}; the limit is ${formatBytes(limit)}.` };
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()).replace(/^\uFEFF/, "");
      return text.trim() ? { ok: true, text, name: file.name } : { ok: false, message: "The file is empty." };
    } catch {
      return { ok: false, message: "The file is not plain text (UTF-8). Save it as plain text and try again." };
    }
  }
  if (typeof pasted === "string" && pasted.trim()) {
    if (pasted.length > limit) return { ok: false, message: `The pasted text is too long; the limit is ${formatBytes(limit)}.` };
    return { ok: true, text: pasted };
  }
  return { ok: false, message: "Choose a file or paste the text." };
}
