import { ActionForm } from "@/app/_components/action-form";
import { SelectField } from "@/app/_components/select-field";
import type { GroupView } from "@/db/queries/debates";
import type { DebateSession } from "@/db/schema";
import { isRound } from "@/lib/debate/rules";
import { timerView } from "@/lib/debate/timer";
import { anonymousAction, moveStudentAction, timerAction } from "../actions";

const MINUTES = [1, 2, 3, 4, 5, 8, 10, 15, 20].map((n) => ({ value: String(n), label: `${n} minute${n === 1 ? "" : "s"}` }));
export const TIMER_CHOICES = [{ value: "", label: "No timer" }, ...MINUTES];

/** Start, pause, resume, extend or stop the round's timer. When it runs out, students can no longer post in the round. */
export function TimerControls({ session }: { session: DebateSession }) {
  const view = timerView(session);
  const hidden = (change: string) => (
    <>
      <input type="hidden" name="sessionId" value={session.id} />
      <input type="hidden" name="change" value={change} />
    </>
  );
  if (!isRound(session.phase) && view.status === "none") return null;
  return (
    <div className="timer-controls" role="group" aria-label="Timer">
      {view.status === "none" ? (
        <ActionForm quiet action={timerAction} submitLabel="Start the timer" pendingLabel="Starting…" className="row-form">
          {hidden("set")}
          <SelectField name="minutes" label="Timer" defaultValue="5" options={MINUTES} />
        </ActionForm>
      ) : (
        <div className="button-row">
          <ActionForm quiet action={timerAction} submitLabel={view.status === "running" ? "Pause the timer" : "Resume the timer"} className="inline-form" buttonClassName="button button-small">
            {hidden(view.status === "running" ? "pause" : "resume")}
          </ActionForm>
          <ActionForm quiet action={timerAction} submitLabel="Add 1 minute" className="inline-form" buttonClassName="button button-small button-secondary">
            {hidden("extend")}
            <input type="hidden" name="minutes" value="1" />
          </ActionForm>
          <ActionForm quiet action={timerAction} submitLabel="Add 3 minutes" className="inline-form" buttonClassName="button button-small button-secondary">
            {hidden("extend")}
            <input type="hidden" name="minutes" value="3" />
          </ActionForm>
          <ActionForm quiet action={timerAction} submitLabel="Stop the timer" className="inline-form" buttonClassName="button button-small button-secondary">
            {hidden("clear")}
          </ActionForm>
        </div>
      )}
      {isRound(session.phase) && (
        <p className="small muted">
          When the time is up, students can no longer post in this round: add time to reopen it, or stop the timer to let them post without one.
        </p>
      )}
    </div>
  );
}

export function AnonymityToggle({ session }: { session: DebateSession }) {
  return (
    <ActionForm quiet action={anonymousAction} submitLabel={session.anonymous ? "Show real names to students" : "Switch to anonymous aliases"} className="inline-form" buttonClassName="button button-small button-secondary">
      <input type="hidden" name="sessionId" value={session.id} />
      <input type="hidden" name="anonymous" value={session.anonymous ? "0" : "1"} />
    </ActionForm>
  );
}

/** Moves one student to another group by hand. */
export function MoveStudent({ sessionId, student, groups, current }: { sessionId: number; student: { studentId: number; name: string }; groups: GroupView[]; current: number }) {
  return (
    <ActionForm quiet action={moveStudentAction} submitLabel="Move" className="row-form row-form-small" buttonClassName="button button-small button-secondary">
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="studentId" value={student.studentId} />
      <SelectField
        name="groupId"
        label={`Move ${student.name} to`}
        defaultValue={String(groups.find((g) => g.id !== current)?.id ?? "")}
        options={groups.filter((g) => g.id !== current).map((g) => ({ value: String(g.id), label: `${g.name} (${g.side})` }))}
      />
    </ActionForm>
  );
}
