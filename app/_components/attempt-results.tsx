import type { StoredResponse } from "@/db/queries/attempts";
import type { Attempt } from "@/db/schema";
import type { DebateAnswer, EvidenceAnswer, MultipleAnswer, ShortAnswer, SingleAnswer, TrueFalseAnswer } from "@/lib/answers";
import type { LessonIndex, LessonItem } from "@/lib/lesson-items";
import { excerptHeading } from "@/lib/content/display";
import { formatDateTime } from "@/lib/format";
import { formatPoints } from "@/lib/score-summary";
import { scoreItem } from "@/lib/scoring";
import { choiceLetter } from "@/lib/letters";
import { stanceWithSide } from "@/lib/stances";

const OUTCOME_LABEL = { correct: "Correct", partial: "Partly correct", incorrect: "Incorrect" } as const;

/**
 * An attempt, read-only: each answer, and (when feedback is shown) its result and explanation. Marks and the
 * key only ever go with a submitted attempt: a draft is not scored, so nothing on it says "Correct".
 */
export function AttemptResults({
  index,
  attempt,
  responses,
  showFeedback,
  viewer = "student",
}: {
  index: LessonIndex;
  attempt: Attempt;
  responses: Map<string, StoredResponse>;
  showFeedback: boolean;
  viewer?: "student" | "instructor";
}) {
  const scored = showFeedback && attempt.status === "submitted";
  const pending = index.items.filter((item) => {
    const r = responses.get(item.id);
    return r?.needsGrading && r.score === null;
  }).length;
  return (
    <>
      <section className="card results-summary" aria-labelledby="results-heading">
        <h2 id="results-heading">{attempt.status === "submitted" ? "Submitted" : "In progress"}</h2>
        <p>
          {attempt.status !== "submitted"
            ? `Draft answers, last saved ${formatDateTime(attempt.updatedAt)}. Nothing is scored until the student submits.`
            : viewer === "student"
              ? `You submitted this lesson on ${formatDateTime(attempt.submittedAt ?? attempt.updatedAt)}. Your answers are final.`
              : `Submitted on ${formatDateTime(attempt.submittedAt ?? attempt.updatedAt)}.`}
        </p>
        {attempt.status !== "submitted" ? null : scored ? (
          <p className="score-line">
            {pending > 0 ? "Score so far" : "Score"}: <strong>{formatPoints(attempt.score ?? 0)}</strong> of {formatPoints(attempt.maxScore ?? 0)} points
            {pending > 0 && (
              <>
                {" "}
                — {pending === 1 ? "1 answer is" : `${pending} answers are`} still to be graded by {viewer === "student" ? "your instructor" : "you"}, so this is not the final score
              </>
            )}
            .
          </p>
        ) : (
          <p>Your instructor will release scores and feedback later.</p>
        )}
      </section>
      {index.lesson.excerpts.map((excerpt) => {
        const items = index.items.filter((item) => item.kind === "question" && item.excerpt.id === excerpt.id);
        if (items.length === 0) return null;
        return (
          <section key={excerpt.id} className="card" aria-labelledby={`r-${excerpt.id}`}>
            <h2 id={`r-${excerpt.id}`}>{excerptHeading(index.lesson, excerpt.id)}</h2>
            {items.map((item) => (
              <ItemResult key={item.id} index={index} item={item} response={responses.get(item.id)} showFeedback={scored} viewer={viewer} />
            ))}
          </section>
        );
      })}
      {index.lesson.debates.length > 0 && (
        <section className="card" aria-labelledby="r-debates">
          <h2 id="r-debates">Debate prompts</h2>
          {index.items
            .filter((item) => item.kind === "debate")
            .map((item) => (
              <ItemResult key={item.id} index={index} item={item} response={responses.get(item.id)} showFeedback={scored} viewer={viewer} />
            ))}
        </section>
      )}
    </>
  );
}

function ItemResult({
  index,
  item,
  response,
  showFeedback,
  viewer,
}: {
  index: LessonIndex;
  item: LessonItem;
  response?: StoredResponse;
  showFeedback: boolean;
  viewer: "student" | "instructor";
}) {
  const answer = response?.answer;
  const result = scoreItem(item, answer);
  const title = item.kind === "debate" ? item.debate.motion : item.question.prompt;
  return (
    <div className="question result" id={`result-${item.id}`}>
      <div className="question-head">
        <h3>
          <span className="question-number">{item.label}</span> {title}
        </h3>
        {showFeedback && <ResultBadge result={result} response={response} />}
      </div>
      <div className="your-answer">
        <p className="eyebrow">{viewer === "student" ? "Your answer" : "Their answer"}</p>
        {item.kind === "question" && item.question.type === "evidence" && (
          <p className="claim">
            <span className="eyebrow">Claim</span> {item.question.claim}
          </p>
        )}
        {!answer ? <p className="muted">Not answered.</p> : <AnswerText index={index} item={item} response={response!} showKey={showFeedback} viewer={viewer} />}
      </div>
      {showFeedback && item.kind === "question" && item.question.type === "evidence" && (
        <div className="your-answer">
          <p className="eyebrow">The key: sentences that support the claim</p>
          <ul className="citations-list">
            {item.question.key.map((id) => (
              <li key={id}>
                <q className="quote">{index.sentenceText.get(id)}</q>
              </li>
            ))}
          </ul>
        </div>
      )}
      {showFeedback && item.kind === "question" && (
        <p className="explanation">
          <strong>Explanation:</strong> {item.question.explanation}
        </p>
      )}
      {showFeedback && response?.comment && (
        <p className="explanation">
          <strong>{viewer === "student" ? "Your instructor:" : "Comment:"}</strong> {response.comment}
        </p>
      )}
    </div>
  );
}

function ResultBadge({ result, response }: { result: ReturnType<typeof scoreItem>; response?: StoredResponse }) {
  if (result.status === "needs-grading") {
    return response?.score != null ? (
      <span className="badge badge-accent">
        {response.score} / {result.max} pts
      </span>
    ) : (
      <span className="badge">Waiting for grading</span>
    );
  }
  const outcome = result.status === "unanswered" ? "incorrect" : result.outcome;
  return (
    <span className={`badge ${outcome === "correct" ? "badge-good" : outcome === "partial" ? "badge-accent" : "badge-bad"}`}>
      {result.status === "unanswered" ? "Not answered" : OUTCOME_LABEL[outcome]} · {result.score} / {result.max} pts
    </span>
  );
}

/** The student's answer as they gave it. Their own text is always rendered as text. */
function AnswerText({ index, item, response, showKey, viewer }: { index: LessonIndex; item: LessonItem; response: StoredResponse; showKey: boolean; viewer: "student" | "instructor" }) {
  const answer = response.answer;
  if (item.kind === "debate") {
    const a = answer as DebateAnswer;
    return (
      <>
        <p>
          Position:{" "}
          <strong>{stanceWithSide(a.stance, item.debate.sides)}</strong>
        </p>
        <p className="student-text">{a.argument}</p>
        {a.citations.length > 0 && (
          <ul className="citations-list">
            {a.citations.map((id) => (
              <li key={id}>
                <q className="quote">{index.sentenceText.get(id)}</q>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  const q = item.question;
  switch (q.type) {
    case "single":
    case "multiple": {
      const picked = q.type === "single" ? [(answer as SingleAnswer).choice] : (answer as MultipleAnswer).choices;
      // Every choice, as on the page: the student's picks marked, and (with feedback) the correct ones.
      return (
        <ul className="choices">
          {q.choices.map((c, i) => {
            const mine = picked.includes(c.id);
            const right = showKey && c.correct;
            return (
              <li key={c.id} className={[mine && "picked", right && "correct"].filter(Boolean).join(" ") || undefined}>
                <span className="choice-letter">{choiceLetter(i)}</span> {c.text}
                {mine && <span className="choice-mark">{viewer === "student" ? "← your answer" : "← their answer"}</span>}
                {right && <span className="choice-mark">✓ correct</span>}
              </li>
            );
          })}
        </ul>
      );
    }
    case "truefalse":
      return (
        <p>
          {(answer as TrueFalseAnswer).value ? "True" : "False"}
          {showKey && (answer as TrueFalseAnswer).value !== q.answer && <span className="muted"> — the statement is {q.answer ? "true" : "false"}</span>}
        </p>
      );
    case "short":
      return <p className="student-text">{(answer as ShortAnswer).text}</p>;
    case "evidence":
      return (
        <ul className="citations-list">
          {(answer as EvidenceAnswer).sentences.map((id) => (
            <li key={id}>
              <q className="quote">{index.sentenceText.get(id)}</q>
            </li>
          ))}
        </ul>
      );
  }
}
