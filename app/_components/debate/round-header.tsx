import type { PHASE_LABEL } from "@/lib/debate/phases";
import { phaseTitle } from "@/lib/debate/phases";
import { RoundTimer } from "./timer";

/** "Now: Opening round" with the round's timer beside it, at the top of a debate page's banner. */
export function RoundHeader({ phase, headingId }: { phase: keyof typeof PHASE_LABEL; headingId: string }) {
  return (
    <div className="banner-row">
      <div>
        <p className="eyebrow">Now</p>
        <h2 id={headingId}>{phaseTitle(phase)}</h2>
      </div>
      <RoundTimer />
    </div>
  );
}
