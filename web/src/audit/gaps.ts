import type { Policy } from '../shared/api';
import type { HistoryEvent } from './event-words';

/**
 * The time between one sign from the staff and the next, from the recorded events, against the
 * policy. It follows the check-in clock the workflow times (functions/core/visit-state.ts): setting
 * out is the first check-in, each check-in restarts the clock, and leaving the home ends it; from
 * there the safe return is due within the policy's return time. A gap is measured between the times
 * the server recorded (an offline check-in's claimed time is shown in the timeline, not used here).
 * This is the auditor's reading of the record: the workflow's own deadlines raised the alerts.
 */

export interface Mark {
  readonly version: number;
  readonly label: string;
  readonly at: string;
}

export interface Gap {
  readonly from: Mark;
  readonly to: Mark;
  readonly ms: number;
  /** The policy's limit for this stretch, in minutes; undefined when the policy is not known. */
  readonly limitMinutes: number | undefined;
  readonly over: boolean;
}

export interface Gaps {
  readonly gaps: readonly Gap[];
  /** A stretch still running when the record ends (the visit under way, or an as-of time). */
  readonly open?: Mark & { readonly limitMinutes: number | undefined };
}

const LABELS: Record<string, string> = {
  Departed: 'Set out',
  CheckedIn: 'Checked in',
  LeftHome: 'Left the home',
  VisitCancelled: 'Cancelled while out',
  ReturnedSafely: 'Back safely',
};

export function checkInGaps(events: readonly HistoryEvent[], policy: Policy | null): Gaps {
  const interval = policy?.checkIns.intervalMinutes;
  const returnWithin = policy?.checkIns.returnWithinMinutes;
  const gaps: Gap[] = [];
  let running: { mark: Mark; phase: 'check-in' | 'safe-return' } | undefined;

  const close = (event: HistoryEvent) => {
    if (!running) return;
    const to = markOf(event);
    const limitMinutes = running.phase === 'check-in' ? interval : returnWithin;
    const ms = Date.parse(to.at) - Date.parse(running.mark.at);
    gaps.push({
      from: running.mark,
      to,
      ms,
      limitMinutes,
      over: limitMinutes !== undefined && ms > limitMinutes * 60_000,
    });
  };

  for (const event of events) {
    switch (event.type) {
      case 'Departed':
        running = { mark: markOf(event), phase: 'check-in' };
        break;
      case 'CheckedIn':
        close(event);
        running = { mark: markOf(event), phase: 'check-in' };
        break;
      case 'LeftHome':
        close(event);
        running = { mark: markOf(event), phase: 'safe-return' };
        break;
      case 'VisitCancelled':
        // Cancelled with staff out: the check-in clock stops, and the safe return is due.
        if (running && (event.data as { staffOut?: unknown }).staffOut === true) {
          close(event);
          running = { mark: markOf(event), phase: 'safe-return' };
        }
        break;
      case 'ReturnedSafely':
        close(event);
        running = undefined;
        break;
      default:
        break;
    }
  }
  return {
    gaps,
    ...(running ? { open: { ...running.mark, limitMinutes: running.phase === 'check-in' ? interval : returnWithin } } : {}),
  };
}

function markOf(event: HistoryEvent): Mark {
  return { version: event.version, label: LABELS[event.type] ?? event.type, at: event.recordedAt };
}
