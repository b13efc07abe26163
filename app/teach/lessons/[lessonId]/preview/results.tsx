import type { StoredResponse } from "@/db/queries/attempts";
import type { Attempt } from "@/db/schema";
import type { Answer } from "@/lib/answers";
import type { LessonIndex } from "@/lib/lesson-items";
import type { ScoredAnswers } from "@/lib/preview-score";
import { AttemptResults } from "@/app/_components/attempt-results";

/**
 * What a student sees after submitting with immediate feedback, for answers that were never stored: the
 * scored answers dressed as the attempt and responses AttemptResults reads.
 */
export function PreviewResults({
  index,
  answers,
  scored,
  againHref,
  now = Date.now(),
}: {
  index: LessonIndex;
  answers: ReadonlyMap<string, Answer>;
  scored: ScoredAnswers;
  againHref: string;
  now?: number;
}) {
  const attempt: Attempt = { id: 0, assignmentId: 0, studentId: 0, status: "submitted", score: scored.score, maxScore: scored.maxScore, startedAt: now, updatedAt: now, submittedAt: now, returnedAt: null, returnedBy: null, returnNote: null };
  const responses = new Map<string, StoredResponse>();
  for (const [itemId, answer] of answers) {
    const result = scored.items.get(itemId);
    if (!result) continue;
    const needsGrading = result.status === "needs-grading";
    responses.set(itemId, { itemId, answer, score: needsGrading ? null : result.score, maxScore: result.max, needsGrading, comment: null, gradedBy: null, gradedAt: null, updatedAt: now });
  }
  return (
    <>
      <p className="notice notice-info" role="status">
        Preview: these are the results a student would see. Nothing was saved.{" "}
        {/* A full page load, so the form starts empty again (a client-side visit would keep these results). */}
        <a href={againHref}>Try again</a>
      </p>
      <AttemptResults index={index} attempt={attempt} responses={responses} showFeedback />
      <p>
        <a className="button" href={againHref}>
          Try again
        </a>
      </p>
    </>
  );
}
