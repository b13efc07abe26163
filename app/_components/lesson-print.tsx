import Link from "next/link";
import type { DebatePrompt, Lesson, Question } from "@/lib/content/schema";
import { byline, excerptHeading } from "@/lib/content/display";
import { plural } from "@/lib/format";
import { indexLesson } from "@/lib/lesson-items";
import { choiceLetter } from "@/lib/letters";
import { STANCES } from "@/lib/stances";
import { LessonWithKey } from "./lesson-key";
import { PrintButton } from "./print-button";
import "./lesson-print.css";

export type PrintCopy = "student" | "key";

/** `?copy=key` prints the answer key; anything else the student copy (the one handed out most). */
export function printCopyOf(value: string | string[] | undefined): PrintCopy {
  return value === "key" ? "key" : "student";
}

/**
 * A print page: a small toolbar on screen (never printed), then the sheet itself, laid out for paper by
 * lesson-print.css rather than the screen's cards and buttons. `base` is the page's own path, without the query.
 */
export function PrintPage({ lesson, copy, base, crumbs }: { lesson: Lesson; copy: PrintCopy; base: string; crumbs: React.ReactNode }) {
  return (
    <main id="main" className="print-page">
      <div className="print-toolbar no-print">
        <p className="breadcrumbs">{crumbs}</p>
        <h1>{copy === "student" ? "Print the student copy" : "Print the answer key"}</h1>
        <nav aria-label="Which copy" className="row">
          <Link href={`${base}?copy=student`} aria-current={copy === "student" ? "page" : undefined} className={copy === "student" ? "button" : "button button-secondary"}>
            Student copy
          </Link>
          <Link href={`${base}?copy=key`} aria-current={copy === "key" ? "page" : undefined} className={copy === "key" ? "button" : "button button-secondary"}>
            Answer key
          </Link>
          <PrintButton />
        </nav>
        <p className="small muted">
          What is below is what prints, without menus or buttons; a page break never splits a question from its choices or its space to answer. To keep a file, choose “Save as PDF” in the print dialog.
        </p>
      </div>
      {copy === "student" ? <StudentCopy lesson={lesson} /> : <AnswerKey lesson={lesson} />}
    </main>
  );
}

/** The sheet's title block; the key's byline and source come from LessonWithKey's own header. */
function SheetHead({ lesson, kind, source = true }: { lesson: Lesson; kind: string; source?: boolean }) {
  return (
    <header className="print-head">
      <p className="print-kind">{kind}</p>
      <h2 className="print-title">{lesson.title}</h2>
      {source && lesson.subtitle && <p className="print-subtitle">{lesson.subtitle}</p>}
      {source && byline(lesson) && <p className="print-byline">{byline(lesson)}</p>}
      {source && <p className="print-attribution">{lesson.attribution}</p>}
    </header>
  );
}

/** The lesson as a worksheet: the text with numbered sentences, and room to answer every question by hand. */
export function StudentCopy({ lesson }: { lesson: Lesson }) {
  const numbers = new Map(indexLesson(lesson).items.map((item) => [item.id, item.number]));
  return (
    <article className="print-doc print-student" aria-label="Student copy">
      <SheetHead lesson={lesson} kind="Student copy" />
      <div className="print-fields" aria-label="Your details">
        <span>
          Name <span className="print-blank" />
        </span>
        <span>
          Class <span className="print-blank print-blank-short" />
        </span>
        <span>
          Date <span className="print-blank print-blank-short" />
        </span>
      </div>
      <p className="print-instructions">
        Read each excerpt, then answer its questions. The small numbers in the text count its sentences: for an evidence question, write the numbers of the
        sentences that prove the claim.
      </p>
      {lesson.excerpts.map((excerpt, index) => (
        <section key={excerpt.id} className="print-excerpt" aria-labelledby={`print-excerpt-${excerpt.id}`}>
          <h3 id={`print-excerpt-${excerpt.id}`} className="print-excerpt-heading">
            {excerptHeading(lesson, excerpt.id)}
          </h3>
          <p className="print-text">
            {excerpt.sentences.map((s, i) => (
              <span key={s.id}>
                {s.text}
                <sup className="print-sentence-number">{i + 1}</sup>{" "}
              </span>
            ))}
          </p>
          {excerpt.questions.map((q) => (
            <PrintQuestion key={q.id} question={q} number={numbers.get(q.id) ?? 0} excerptNumber={index + 1} />
          ))}
        </section>
      ))}
      {lesson.debates.length > 0 && (
        <section className="print-debates" aria-labelledby="print-debates-heading">
          <h3 id="print-debates-heading" className="print-excerpt-heading">
            Debate {lesson.debates.length === 1 ? "prompt" : "prompts"}
          </h3>
          {lesson.debates.map((d, i) => (
            <PrintDebate key={d.id} lesson={lesson} debate={d} number={i + 1} />
          ))}
        </section>
      )}
    </article>
  );
}

const INSTRUCTION: Record<Question["type"], string> = {
  single: "Tick one.",
  multiple: "Tick every answer that applies.",
  truefalse: "Tick one.",
  short: "Answer in your own words.",
  evidence: "Write the numbers of the sentences that prove the claim.",
};

function PrintQuestion({ question: q, number, excerptNumber }: { question: Question; number: number; excerptNumber: number }) {
  return (
    <div className="print-question">
      <p className="print-prompt">
        <strong>Question {number}.</strong> {q.prompt} <span className="print-points">({plural(q.points, "point")})</span>
      </p>
      <p className="print-instruction">{INSTRUCTION[q.type]}</p>
      {(q.type === "single" || q.type === "multiple") && (
        <ul className="print-choices">
          {q.choices.map((c, i) => (
            <li key={c.id}>
              <span className={q.type === "single" ? "print-box print-box-round" : "print-box"} aria-hidden="true" />
              <span className="print-letter">{choiceLetter(i)}</span> {c.text}
            </li>
          ))}
        </ul>
      )}
      {q.type === "truefalse" && (
        <ul className="print-choices print-choices-inline">
          <li>
            <span className="print-box print-box-round" aria-hidden="true" /> True
          </li>
          <li>
            <span className="print-box print-box-round" aria-hidden="true" /> False
          </li>
        </ul>
      )}
      {q.type === "short" && <Lines count={5} label={`Answer to question ${number}`} />}
      {q.type === "evidence" && (
        <>
          <p className="print-claim">
            Claim: <em>{q.claim}</em>
          </p>
          <p className="print-answer-row">
            Sentences of excerpt {excerptNumber}: <span className="print-blank" />
          </p>
        </>
      )}
    </div>
  );
}

function PrintDebate({ lesson, debate: d, number }: { lesson: Lesson; debate: DebatePrompt; number: number }) {
  return (
    <div className="print-question print-debate">
      <p className="print-prompt">
        <strong>Debate {number}.</strong> {d.motion}
      </p>
      <p className="print-background">{d.background}</p>
      {d.suggestedExcerpts.length > 0 && (
        <p className="print-instruction">Look again at: {d.suggestedExcerpts.map((id) => excerptHeading(lesson, id)).join("; ")}</p>
      )}
      <p className="print-label">My position on the motion (tick one)</p>
      {/* The same five-point scale as the lesson page, each end named with its side. */}
      <ul className="print-choices print-choices-inline">
        {STANCES.map((s) => (
          <li key={s.value}>
            <span className="print-box print-box-round" aria-hidden="true" /> {s.label}
            {s.value === 5 && ` (${d.sides.for})`}
            {s.value === 1 && ` (${d.sides.against})`}
          </li>
        ))}
      </ul>
      <p className="print-label">My argument</p>
      <Lines count={5} label={`Argument for debate ${number}`} />
      <p className="print-label">My evidence (excerpt and sentence numbers, or a short quotation)</p>
      <Lines count={3} label={`Evidence for debate ${number}`} />
    </div>
  );
}

function Lines({ count, label }: { count: number; label: string }) {
  return (
    <div className="print-lines" role="img" aria-label={`${label}: ${count} blank lines`}>
      {Array.from({ length: count }, (_, i) => (
        <span key={i} className="print-line" />
      ))}
    </div>
  );
}

/** The answer key as the lesson page shows it (LessonWithKey), laid out for paper. */
export function AnswerKey({ lesson }: { lesson: Lesson }) {
  return (
    <article className="print-doc print-key" aria-label="Answer key">
      <SheetHead lesson={lesson} kind="Answer key · for the instructor" source={false} />
      <p className="print-instructions">Correct choices are marked ✓. The key sentences of evidence questions are in bold and underlined; the small numbers count each excerpt’s sentences.</p>
      <LessonWithKey lesson={lesson} />
    </article>
  );
}
