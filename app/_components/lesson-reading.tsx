import { Fragment, type ReactNode } from "react";
import type { Answer, DebateAnswer } from "@/lib/answers";
import { formItems } from "@/lib/answers";
import { isAnswered } from "@/lib/answer-form";
import { byline, excerptHeading } from "@/lib/content/display";
import type { Lesson } from "@/lib/content/schema";
import type { LessonIndex } from "@/lib/lesson-items";
import { DebateField, QuestionField } from "./item-fields";
import { ExcerptPager, PagerPart } from "./excerpt-pager";
import { LessonForm, type LessonFormMode, type LessonFormState } from "./lesson-form";
import { ReadAloud } from "./reading/read-aloud";

/*
 * The lesson as a student answers it. The student's lesson page and an instructor's preview both render
 * it, so a preview shows exactly the markup a student gets: only the form's mode (and its action) differ.
 */

/** The lesson's title block; `eyebrow` is the page's own line above the title (a due date, "Preview"). */
export function LessonHeader({ lesson, eyebrow }: { lesson: Lesson; eyebrow: string }) {
  const by = byline(lesson);
  return (
    <header className="page-head">
      <p className="eyebrow">{eyebrow}</p>
      <h1>{lesson.title}</h1>
      {lesson.subtitle && <p className="lead">{lesson.subtitle}</p>}
      {by && <p className="article-meta">{by}</p>}
      <p className="small muted">{lesson.attribution}</p>
    </header>
  );
}

/** The header, then every excerpt with its questions and the debate prompts, inside the lesson form. */
export function LessonReading({
  index,
  answers,
  eyebrow,
  mode,
  action,
  before,
}: {
  index: LessonIndex;
  /** Shown between the header and the lesson (an assignment's instructions). */
  before?: ReactNode;
  /** The answers the fields start from (a student's saved draft; none in a preview). */
  answers: ReadonlyMap<string, Answer>;
  eyebrow: string;
  mode: LessonFormMode;
  action: (state: LessonFormState, formData: FormData) => Promise<LessonFormState>;
}) {
  const { lesson } = index;
  // Read-only: the answers show as saved, but only they are disabled; moving between parts on a phone and
  // reading aloud still work.
  const readOnly = mode.kind === "attempt" && !!mode.readOnly;
  const answered = index.items.filter((item) => isAnswered(answers.get(item.id))).length;
  return (
    <>
      <LessonHeader lesson={lesson} eyebrow={eyebrow} />
      {before}
      <LessonForm mode={mode} items={formItems(index)} initialAnswered={answered} action={action}>
        <ExcerptPager labels={[...lesson.excerpts.map((x) => excerptHeading(lesson, x.id)), ...(lesson.debates.length > 0 ? ["Debate prompts"] : [])]}>
          {lesson.excerpts.map((excerpt, i) => (
            <PagerPart key={excerpt.id} index={i}>
              <section className="card excerpt-card" aria-labelledby={`excerpt-${excerpt.id}`}>
                <p className="eyebrow">
                  {i + 1} of {lesson.excerpts.length}
                </p>
                <h2 id={`excerpt-${excerpt.id}`} tabIndex={-1}>
                  {excerptHeading(lesson, excerpt.id)}
                </h2>
                <ReadAloud label={`Excerpt ${i + 1}`} sentences={excerpt.sentences.map((s) => ({ elementId: `read-${s.id}`, text: s.text }))} />
                <div className="excerpt">
                  <p>
                    {excerpt.sentences.map((s) => (
                      <Fragment key={s.id}>
                        <span id={`read-${s.id}`} className="sentence">
                          {s.text}
                        </span>{" "}
                      </Fragment>
                    ))}
                  </p>
                </div>
                {index.items.map((item) =>
                  item.kind === "question" && item.excerpt.id === excerpt.id ? <QuestionField key={item.id} item={item} answer={answers.get(item.id)} disabled={readOnly} /> : null,
                )}
              </section>
            </PagerPart>
          ))}
          {lesson.debates.length > 0 && (
            <PagerPart index={lesson.excerpts.length}>
              <section className="card" aria-labelledby="debates-heading">
                <p className="eyebrow">Your position</p>
                <h2 id="debates-heading" tabIndex={-1}>
                  Debate prompts
                </h2>
                <p className="muted">For each motion, say where you stand and argue your case with sentences from the text.</p>
                {index.items.map((item) =>
                  item.kind === "debate" ? <DebateField key={item.id} item={item} lesson={lesson} answer={answers.get(item.id) as DebateAnswer | undefined} disabled={readOnly} /> : null,
                )}
              </section>
            </PagerPart>
          )}
        </ExcerptPager>
      </LessonForm>
    </>
  );
}
