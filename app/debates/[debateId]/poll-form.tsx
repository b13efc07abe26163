import { ActionForm, ScaleFieldset } from "@/app/_components/action-form";
import { STANCES } from "@/lib/stances";
import { pollAction } from "./actions";

const CONFIDENCE = [
  { value: 1, label: "Not sure at all" },
  { value: 2, label: "Not very sure" },
  { value: 3, label: "Fairly sure" },
  { value: 4, label: "Sure" },
  { value: 5, label: "Completely sure" },
];

/** The pre-poll (before the rounds) and the post-poll (after closing): stance and confidence. */
export function PollForm({ sessionId, phase, poll, saved }: { sessionId: number; phase: "pre" | "post"; poll?: { stance: number; confidence: number }; saved: boolean }) {
  return (
    <section className="card" aria-labelledby="poll-heading">
      <h2 id="poll-heading">{phase === "pre" ? "Before we begin: where do you stand?" : "After the debate: where do you stand now?"}</h2>
      {saved && poll && (
        <p className="notice notice-success" role="status">
          Your stance is recorded. You can change it until {phase === "pre" ? "the debate begins" : "the debate ends"}.
        </p>
      )}
      <ActionForm action={pollAction} submitLabel={poll ? "Update my stance" : "Record my stance"} pendingLabel="Saving…">
        <input type="hidden" name="sessionId" value={sessionId} />
        <input type="hidden" name="phase" value={phase} />
        <ScaleFieldset legend="Your position on the motion" name="stance" options={STANCES} checked={poll?.stance} />
        <ScaleFieldset legend="How sure are you?" name="confidence" options={CONFIDENCE} checked={poll?.confidence} />
      </ActionForm>
    </section>
  );
}
