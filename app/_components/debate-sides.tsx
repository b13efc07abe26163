import { sideName } from "@/lib/stances";

/** The two sides of a motion, side by side (the lesson, the key, and live debates all show them so). */
export function DebateSides({ sides }: { sides: { for: string; against: string } }) {
  return (
    <div className="debate-sides">
      <div className="debate-side for">{sideName("for", sides)}</div>
      <div className="debate-side against">{sideName("against", sides)}</div>
    </div>
  );
}
