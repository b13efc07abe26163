import type { Excerpt } from "@/lib/content/schema";

/**
 * The excerpt's sentences as checkboxes set in running text: a click on a sentence, or Space on its
 * checkbox, selects it, and a selected sentence is highlighted (CSS only, so also without JavaScript).
 */
export function SentencePicker({ name, sentences, picked }: { name: string; sentences: Excerpt["sentences"]; picked?: string[] }) {
  return (
    <div className="sentence-picker excerpt">
      {sentences.map((s) => {
        // The checkbox stays on the line of its sentence's first word, never at the end of the line before.
        const [first, ...rest] = s.text.split(" ");
        return (
          <label key={s.id} className="pick">
            <span className="nowrap">
              <input type="checkbox" name={name} value={s.id} defaultChecked={picked?.includes(s.id)} />
              <span>{first}</span>
            </span>
            <span>{rest.length ? ` ${rest.join(" ")}` : ""}</span>{" "}
          </label>
        );
      })}
    </div>
  );
}
