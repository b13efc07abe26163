import type { Assignment } from "@/db/schema";
import { SelectField } from "./select-field";

const LATE_POLICIES: { value: Assignment["latePolicy"]; label: string }[] = [
  { value: "accept", label: "Accept it, marked late" },
  { value: "close", label: "Close the lesson; drafts kept" },
];

const FEEDBACK_MODES: { value: Assignment["feedbackMode"]; label: string }[] = [
  { value: "immediate", label: "Right after they submit" },
  { value: "on_release", label: "When I release feedback" },
];

/** The late-work and feedback choices of an assignment, as the assign form and the settings form both ask them. */
export function AssignmentPolicyFields({ current }: { current?: Pick<Assignment, "latePolicy" | "feedbackMode"> }) {
  return (
    <>
      <SelectField name="latePolicy" label="After the due date" defaultValue={current?.latePolicy} options={LATE_POLICIES} />
      <SelectField name="feedbackMode" label="Students see scores and explanations" defaultValue={current?.feedbackMode} options={FEEDBACK_MODES} />
    </>
  );
}
