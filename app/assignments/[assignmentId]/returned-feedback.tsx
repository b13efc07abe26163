import type { StoredResponse } from "@/db/queries/attempts";
import type { LessonIndex } from "@/lib/lesson-items";

/**
 * On a submission returned for revision: what the instructor said about each answer (their comment, and
 * the score it had), so the student knows what to revise without hunting for it. Scores and comments stay
 * on the answers until the lesson is resubmitted; shown only once feedback is visible to students.
 */
export function ReturnedFeedback({ index, responses }: { index: LessonIndex; responses: ReadonlyMap<string, StoredResponse> }) {
  const noted = index.items.flatMap((item) => {
    const response = responses.get(item.id);
    return response && (response.comment || response.gradedBy !== null) ? [{ item, response }] : [];
  });
  if (noted.length === 0) return null;
  return (
    <details className="returned-feedback" open>
      <summary>Your teacher&rsquo;s comments on what you handed in ({noted.length})</summary>
      <ul>
        {noted.map(({ item, response }) => (
          <li key={item.id}>
            <a href={`#item-${item.id}`}>{item.label}</a>
            {response.score !== null && response.maxScore !== null && (
              <span className="muted">
                {" "}
                · {response.score} / {response.maxScore} pts
              </span>
            )}
            {response.comment && <p className="instructions">{response.comment}</p>}
          </li>
        ))}
      </ul>
    </details>
  );
}
