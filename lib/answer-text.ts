import type { Answer, DebateAnswer, EvidenceAnswer, MultipleAnswer, ShortAnswer, SingleAnswer, TrueFalseAnswer } from "./answers";
import type { LessonIndex, LessonItem } from "./lesson-items";
import { choiceLetter } from "./letters";
import { stanceWithSide } from "./stances";


/** An answer in full, as plain text (exports, printouts): choices by letter and text, sentences quoted. */
export function answerAsText(index: LessonIndex, item: LessonItem, answer: Answer): string {
  const quote = (ids: string[]) => ids.map((id) => `“${index.sentenceText.get(id) ?? id}”`).join(" ");
  if (item.kind === "debate") {
    const a = answer as DebateAnswer;
    return [`Position: ${stanceWithSide(a.stance, item.debate.sides)}`, `Argument: ${a.argument}`, a.citations.length ? `Cites: ${quote(a.citations)}` : ""].filter(Boolean).join("\n");
  }
  const q = item.question;
  const choice = (id: string) => {
    if (q.type !== "single" && q.type !== "multiple") return id;
    const i = q.choices.findIndex((c) => c.id === id);
    return i < 0 ? id : `${choiceLetter(i)}. ${q.choices[i]!.text}`;
  };
  switch (q.type) {
    case "single":
      return choice((answer as SingleAnswer).choice);
    case "multiple":
      return (answer as MultipleAnswer).choices.map(choice).join("; ");
    case "truefalse":
      return (answer as TrueFalseAnswer).value ? "True" : "False";
    case "short":
      return (answer as ShortAnswer).text;
    case "evidence":
      return quote((answer as EvidenceAnswer).sentences);
  }
}
