import type { NarratedEvent } from './narrate-words';
import type { Policy } from './policy';

/**
 * The time between one sign from the staff and the next, from the recorded events, against the
 * policy: the one reading of check-in gaps, for the CLI's replay and the auditor's page.
 *
 * It measures what the workflow's deadlines measure (deadlines.ts): the check-in clock runs while
 * the staff are out on the visit (travelling, at the door, in the home). Setting out is the first
 * check-in, each check-in restarts the clock, "I need more time" on the check-in lengthens the
 * running one, and leaving the home (or a cancellation with staff out) stops it: from there the safe
 * return is due within the policy's return time, and that stretch is judged against that limit, not
 * the check-in interval. So a check-in at 10:30, leaving at 12:20 and back at 12:50 under a two-hour
 * interval is two gaps within the policy (110 min, then 30 min to return), as the workflow raised no
 * alert. Gaps are measured between the times the server recorded (an offline check-in's claimed
 * time is shown in the timeline, not used here). This is the auditor's reading of the record: the
 * workflow's own deadlines raised the alerts.
 */

export type GapPolicy = { readonly checkIns: Pick<Policy['checkIns'], 'intervalMinutes' | 'returnWithinMinutes'> };

export interface Mark {
  readonly version: number;
  /** The sign in words: "Set out", "Checked in", "Left the home", … */
  readonly label: string;
  readonly at: string;
}

export type GapKind = 'check-in' | 'return';

export interface Gap {
  /** check-in: against the check-in interval; return: from leaving to back, against the return time. */
  readonly kind: GapKind;
  readonly from: Mark;
  readonly to: Mark;
  readonly minutes: number;
  /** The policy's limit for this stretch (with any more time taken), in minutes; undefined when the policy is not known. */
  readonly limitMinutes: number | undefined;
  readonly over: boolean;
}

export interface Gaps {
  readonly gaps: readonly Gap[];
  /** A stretch still running when the record ends (the visit under way, or an as-of time). */
  readonly open?: Mark & { readonly kind: GapKind; readonly limitMinutes: number | undefined };
}

const LABELS: Readonly<Record<string, string>> = {
  Departed: 'Set out',
  CheckedIn: 'Checked in',
  LeftHome: 'Left the home',
  VisitCancelled: 'Cancelled while out',
  ReturnedSafely: 'Back safely',
};

type Sign = Pick<NarratedEvent, 'version' | 'type' | 'data' | 'recordedAt'>;

interface Stretch {
  readonly mark: Mark;
  readonly kind: GapKind;
  /** "I need more time" taken on this check-in. */
  moreMinutes: number;
}

export function checkInGaps(events: readonly Sign[], policy: GapPolicy | null | undefined): Gaps {
  const limitOf = (stretch: Stretch): number | undefined => {
    const base = stretch.kind === 'check-in' ? policy?.checkIns.intervalMinutes : policy?.checkIns.returnWithinMinutes;
    return base === undefined ? undefined : base + stretch.moreMinutes;
  };
  const gaps: Gap[] = [];
  const close = (stretch: Stretch | undefined, event: Sign): void => {
    if (!stretch) return;
    const to = markOf(event);
    const minutes = (Date.parse(to.at) - Date.parse(stretch.mark.at)) / 60_000;
    const limitMinutes = limitOf(stretch);
    gaps.push({ kind: stretch.kind, from: stretch.mark, to, minutes, limitMinutes, over: limitMinutes !== undefined && minutes > limitMinutes });
  };
  const start = (event: Sign, kind: GapKind): Stretch => ({ mark: markOf(event), kind, moreMinutes: 0 });

  let running: Stretch | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'Departed':
        running = start(event, 'check-in');
        break;
      case 'CheckedIn':
        close(running, event);
        running = start(event, 'check-in');
        break;
      case 'MoreTimeTaken':
        // "I need more time" on the check-in moves the running check-in's deadline, as deadlines.ts does.
        if (running?.kind === 'check-in' && event.data.moves === 'check-in' && typeof event.data.minutes === 'number') running.moreMinutes += event.data.minutes;
        break;
      case 'LeftHome':
        close(running, event);
        running = start(event, 'return');
        break;
      case 'VisitCancelled':
        // Cancelled with staff out: the check-in clock stops, and the safe return is due.
        if (running?.kind === 'check-in' && event.data.staffOut === true) {
          close(running, event);
          running = start(event, 'return');
        }
        break;
      case 'ReturnedSafely':
        close(running, event);
        running = undefined;
        break;
      default:
        break;
    }
  }
  return { gaps, ...(running ? { open: { ...running.mark, kind: running.kind, limitMinutes: limitOf(running) } } : {}) };
}

function markOf(event: Sign): Mark {
  return { version: event.version, label: LABELS[event.type] ?? event.type, at: event.recordedAt };
}
