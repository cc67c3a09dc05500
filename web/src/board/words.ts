import type { components } from '../shared/api-schema';
import { ALERT_WORDS } from '../shared/words';

/**
 * The office board's words and order: the API's stages, deadlines and alerts as the office reads
 * them on a wall screen. Words and ordering only; what may be done is the server's to decide.
 */

/** The API's board line, by the schema's own type: this file is also read by the unit tests, without the DOM. */
type BoardRow = components['schemas']['BoardSummary'];
export type BoardAlert = BoardRow['alerts'][number];
type Stage = BoardRow['stage'];
type DeadlineKind = NonNullable<BoardRow['nextDeadline']>['kind'];

/** functions/core/stages.ts: each waiting stage and step between them, in plain words. */
export const STAGE_WORDS: Record<Stage, string> = {
  'awaiting-authorisation': 'Awaiting authorisation',
  'risk-assessment': 'Risk being assessed',
  'awaiting-departure': 'Ready to leave',
  travelling: 'Travelling',
  'at-the-door': 'At the door',
  'in-home': 'In the home',
  'returning-safely': 'Returning',
  'awaiting-acknowledgement': 'Waiting for an alert to be resolved',
  closing: 'Closing the visit',
  reporting: 'Filing the report',
  'awaiting-follow-up': 'Follow-up due',
  finished: 'Finished',
};

export const stageWords = (stage: Stage): string => STAGE_WORDS[stage] ?? stage;

export const DEADLINE_WORDS: Record<DeadlineKind, string> = {
  'check-in': 'Check-in',
  'check-in-reminder': 'Check-in reminder',
  'parent-arrival': 'Parent to arrive',
  'safe-return': 'Back safely',
  'expected-return': 'Expected back',
  'follow-up': 'Follow-up',
  escalation: 'Escalates',
};

/**
 * Where the staff are, for the board's groups and its "out now" count: out on the visit (the core's
 * `staffAreOut`, held to it by a unit test), planned (not yet set off), or back and finishing.
 */
export type Whereabouts = 'out' | 'planned' | 'back';
export const WHEREABOUTS: Record<BoardRow['status'], Whereabouts> = {
  requested: 'planned',
  authorised: 'planned',
  ready: 'planned',
  travelling: 'out',
  'at-door': 'out',
  'in-home': 'out',
  returning: 'out',
  returned: 'back',
  ended: 'back',
  closed: 'back',
  filed: 'back',
};

/** Panic and duress are loud whatever their level (they are not on a ladder). */
export const isAlarm = (alert: Pick<BoardAlert, 'kind'>): boolean => alert.kind === 'panic' || alert.kind === 'duress';

/** "PANIC", "DURESS", or "Alert: check-in overdue, level 2": the tag's own words, never colour alone. */
export function alertLabel(alert: Pick<BoardAlert, 'kind' | 'level'>): string {
  if (isAlarm(alert)) return ALERT_WORDS[alert.kind];
  return `Alert: ${ALERT_WORDS[alert.kind]}${alert.level > 0 ? `, level ${alert.level}` : ''}`;
}

/**
 * Which alerts make themselves heard (sound, a browser notification, the assertive announcement):
 * a panic or duress alert, and any alert that has climbed to level 2 or beyond (nobody answered the
 * office's level 1; it has gone to the DSL and the headteacher, and level 3 is the police), each time
 * it reaches a new level, while nobody has acknowledged it. A new alert below level 2 (a check-in
 * just overdue, a safeguarding concern) is announced politely with a single soft chime instead.
 */
export function isCritical(alert: BoardAlert): boolean {
  return !alert.acknowledgedBy && (isAlarm(alert) || alert.level >= 2);
}

/** The tag's tone: red for the loudest, orange for an escalated alert, yellow for a new one. */
export function alertTone(alert: BoardAlert): 'red' | 'orange' | 'yellow' {
  if (isAlarm(alert) || alert.level >= 3) return 'red';
  return alert.level >= 2 ? 'orange' : 'yellow';
}

/**
 * How loud a line is, to sort by: a damaged record, then a panic or duress nobody has, then the
 * highest level, then anything not yet acknowledged, then how many alerts. Ties keep the server's
 * order (its soonest deadline first).
 */
function loudness(row: BoardRow): number[] {
  const alerts = row.alerts ?? [];
  const unanswered = alerts.filter((alert) => !alert.acknowledgedBy);
  return [
    row.damaged ? 1 : 0,
    unanswered.some(isAlarm) ? 1 : 0,
    alerts.some(isAlarm) ? 1 : 0,
    Math.max(0, row.escalationLevel, ...alerts.map((alert) => alert.level)),
    unanswered.length,
    Math.max(row.openAlerts, alerts.length),
  ];
}

export function loudestFirst(rows: readonly BoardRow[]): BoardRow[] {
  const keyed = rows.map((row, index) => ({ row, index, loud: loudness(row) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.loud.length; i += 1) {
      const diff = b.loud[i]! - a.loud[i]!;
      if (diff !== 0) return diff;
    }
    return a.index - b.index;
  });
  return keyed.map((entry) => entry.row);
}

/** The board's groups, in the order shown: every line with an open alert (or a damaged record) pinned first, loudest first; then the rest by where the staff are. */
export interface BoardGroups {
  readonly alerting: readonly BoardRow[];
  readonly out: readonly BoardRow[];
  readonly back: readonly BoardRow[];
  readonly planned: readonly BoardRow[];
  /** Visits under way, alerting or not: the "out now" count. */
  readonly outNow: number;
  readonly plannedCount: number;
}

const alerting = (row: BoardRow): boolean => row.damaged !== undefined || row.openAlerts > 0 || (row.alerts ?? []).length > 0;

export function boardGroups(rows: readonly BoardRow[]): BoardGroups {
  const quiet = (whereabouts: Whereabouts) => rows.filter((row) => !alerting(row) && WHEREABOUTS[row.status] === whereabouts);
  return {
    alerting: loudestFirst(rows.filter(alerting)),
    out: quiet('out'),
    back: quiet('back'),
    planned: quiet('planned'),
    outNow: rows.filter((row) => WHEREABOUTS[row.status] === 'out').length,
    plannedCount: rows.filter((row) => WHEREABOUTS[row.status] === 'planned').length,
  };
}

/** "hunsbury-park" → "Hunsbury Park": the board line names a school only by its id. */
export const schoolWords = (schoolId: string): string =>
  schoolId
    .split('-')
    .map((word) => (word.length <= 3 && word === schoolId ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');

const HH_MM_SS = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export const hhmmss = (at: number): string => HH_MM_SS.format(new Date(at));

/** The people on the visit, as a sentence: "Alice Officer and Bob Worker". */
export function staffWords(staff: readonly string[]): string {
  if (staff.length <= 1) return staff[0] ?? 'No staff named';
  return `${staff.slice(0, -1).join(', ')} and ${staff[staff.length - 1]}`;
}
