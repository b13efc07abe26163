/** The two sides of a motion, side by side (the lesson, the key, and live debates all show them so). */
export function DebateSides({ sides }: { sides: { for: string; against: string } }) {
  return (
    <div className="debate-sides">
      <div className="debate-side for">For: {sides.for}</div>
      <div className="debate-side against">Against: {sides.against}</div>
    </div>
  );
}
