import type { Lesson, Question } from "@/lib/content/schema";
import { countQuestions, totalPoints } from "@/lib/content/schema";
import { byline, excerptHeading } from "@/lib/content/display";
import { plural } from "@/lib/format";
import { indexLesson } from "@/lib/lesson-items";
import { choiceLetter } from "@/lib/letters";
import { DebateSides } from "./debate-sides";

const TYPE_LABEL: Record<Question["type"], string> = {
  single: "Single choice",
  multiple: "Multiple select",
  truefalse: "True / false",
  short: "Short answer",
  evidence: "Evidence",
};

/** A lesson as an instructor previews it: every excerpt, question and debate prompt, with the answer key. */
export function LessonWithKey({ lesson }: { lesson: Lesson }) {
  // Numbered as the students and the responses table number them (Question 1…N across the lesson).
  const numbers = new Map(indexLesson(lesson).items.map((item) => [item.id, item.number]));
  return (
    <article>
      <header className="article-meta">
        {byline(lesson) && <p>{byline(lesson)}</p>}
        {lesson.subtitle && <p>{lesson.subtitle}</p>}
        <p className="small">{lesson.attribution}</p>
        <p className="small">
          {plural(lesson.excerpts.length, "excerpt")} · {plural(countQuestions(lesson), "question")} ({plural(totalPoints(lesson), "point")}) ·{" "}
          {plural(lesson.debates.length, "debate prompt")}
        </p>
      </header>
      {lesson.excerpts.map((excerpt) => {
        const keyed = new Set(excerpt.questions.flatMap((q) => (q.type === "evidence" ? q.key : [])));
        return (
          <section key={excerpt.id} className="card" aria-labelledby={`excerpt-${excerpt.id}`}>
            <h2 id={`excerpt-${excerpt.id}`}>{excerptHeading(lesson, excerpt.id)}</h2>
            <div className="excerpt">
              <p>
                {excerpt.sentences.map((s, i) => (
                  <span key={s.id}>
                    <span className={keyed.has(s.id) ? "sentence key" : "sentence"} id={`s-${s.id}`}>
                      {s.text}
                    </span>
                    <span className="sentence-id" title={`Sentence ${i + 1} (id ${s.id})`}>{i + 1}</span>{" "}
                  </span>
                ))}
              </p>
            </div>
            {excerpt.questions.map((q) => (
              <QuestionWithKey key={q.id} question={q} number={numbers.get(q.id) ?? 0} sentences={excerpt.sentences} />
            ))}
          </section>
        );
      })}
      {lesson.debates.length > 0 && (
        <section className="card" aria-labelledby="debates-heading">
          <h2 id="debates-heading">Debate prompts</h2>
          {lesson.debates.map((d, i) => (
            <div key={d.id} className="question">
              <h3>
                <span className="question-number">Debate {i + 1}</span> {d.motion}
              </h3>
              <DebateSides sides={d.sides} />
              <p>{d.background}</p>
              {d.suggestedExcerpts.length > 0 && (
                <p className="muted small">
                  Suggested excerpts:{" "}
                  {d.suggestedExcerpts.map((id) => excerptHeading(lesson, id)).join(" · ")}
                </p>
              )}
            </div>
          ))}
        </section>
      )}
    </article>
  );
}

function QuestionWithKey({ question: q, number, sentences }: { question: Question; number: number; sentences: { id: string; text: string }[] }) {
  return (
    <div className="question">
      <div className="question-head">
        <h3>
          <span className="question-number">Question {number}</span> {q.prompt}
        </h3>
        <span className="badge">
          {TYPE_LABEL[q.type]} · {plural(q.points, "pt")}
        </span>
      </div>
      {(q.type === "single" || q.type === "multiple") && (
        <ul className="choices">
          {q.choices.map((c, i) => (
            <li key={c.id} className={c.correct ? "correct" : undefined}>
              <span className="choice-letter">{choiceLetter(i)}</span> {c.text}
              {c.correct && <span className="choice-mark">✓ correct</span>}
            </li>
          ))}
        </ul>
      )}
      {q.type === "truefalse" && (
        <p>
          Answer: <strong>{q.answer ? "True" : "False"}</strong>
        </p>
      )}
      {q.type === "evidence" && (
        <>
          <p>
            Claim: <em>{q.claim}</em>
          </p>
          {/* Its own key sentences, by number and text: the excerpt above highlights those of all its questions. */}
          <p>Key: {q.key.length === 1 ? "sentence" : "sentences"} {q.key.map((id) => sentences.findIndex((s) => s.id === id) + 1).join(", ")}</p>
          <ul className="rubric small">
            {q.key.map((id) => {
              const i = sentences.findIndex((s) => s.id === id);
              return (
                <li key={id}>
                  <strong>{i + 1}</strong> “{sentences[i]?.text}”
                </li>
              );
            })}
          </ul>
        </>
      )}
      {q.type === "short" && (
        <>
          <p>
            <strong>Sample answer:</strong> {q.sampleAnswer}
          </p>
          <p className="small">
            <strong>Rubric</strong>
          </p>
          <ul className="rubric small">
            {q.rubric.map((r, i) => (
              <li key={i}>
                <strong>{plural(r.points, "pt")}</strong>: {r.description}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="explanation">
        <strong>Explanation:</strong> {q.explanation}
      </p>
    </div>
  );
}
