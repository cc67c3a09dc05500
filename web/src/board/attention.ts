import type { components } from '../shared/api-schema';
import { alertLabel, isCritical, schoolWords, staffWords, stageWords, type BoardAlert } from './words';

/**
 * What the board must make heard, decided without the page: which open alerts are new, what sounds
 * and what is said. Pure (rows and a time in, a decision out), so announce.tsx only plays it.
 *
 * - An alert is known by its visit and its id (ids count within a visit: two visits each have a
 *   "panic-1"), at the highest level it has been heard at: a rise in level is new again.
 * - Every new alert is said, in one message: a single one as "New: …", several as their count and
 *   then each one with its visit. Critical ones (words.ts `isCritical`) are said assertively and
 *   notified; the rest politely.
 * - The alarm sounds for a new critical alert, and again on the first call at least
 *   `REPEAT_EVERY_MS` after it last sounded while any critical alert is unacknowledged on the board.
 *   A new alert below that chimes. The caller's clock drives the repeat (the board's ticker).
 * - Alerts already open on the first rows (a load, or a new school filter) are not new: they are
 *   read out politely once; a critical one still sounds, since nobody has it yet.
 */

/** The API's board line (the schema's own type: the unit tests read this file without the DOM). */
export type BoardRow = components['schemas']['BoardSummary'];

/** A critical alert nobody has acknowledged sounds again this often: a few seconds, on the board's ticks. */
export const REPEAT_EVERY_MS = 5000;

export interface Heard {
  /** Each open alert by `alertKey`, at the highest level heard. Absent until the first rows. */
  readonly levels?: ReadonlyMap<string, number>;
  /** When the alarm last sounded, on the caller's clock (ms). */
  readonly alarmAt?: number;
}

export const NOTHING_HEARD: Heard = {};

export interface Notice {
  readonly title: string;
  readonly body: string;
  /** One notification per alert and level: the browser replaces one with the same tag. */
  readonly tag: string;
}

export interface Attention {
  /** What to pass to the next call. */
  readonly heard: Heard;
  readonly sound?: 'alarm' | 'chime';
  readonly assertive?: string;
  readonly polite?: string;
  readonly notices: readonly Notice[];
}

interface Open {
  readonly row: BoardRow;
  readonly alert: BoardAlert;
  readonly key: string;
}

export const alertKey = (visitId: string, alertId: string): string => `${visitId}/${alertId}`;

const describe = ({ row, alert }: Open): string =>
  `${alertLabel(alert)}: ${staffWords(row.staff)}, ${schoolWords(row.schoolId)}, ${stageWords(row.stage).toLowerCase()}`;

/** Panic and duress first, then by level: the order the words are said in. */
const loudness = ({ alert }: Open): number => (isCritical(alert) ? 1000 : 0) + (alert.kind === 'panic' || alert.kind === 'duress' ? 100 : 0) + alert.level;

function sayAll(fresh: readonly Open[]): string {
  if (fresh.length === 1) return `New: ${describe(fresh[0]!)}.`;
  const visits = new Set(fresh.map(({ row }) => row.visitId)).size;
  const count = `${fresh.length} new alerts${visits === fresh.length ? '' : ` on ${visits} visits`}`;
  return `${count}. ${fresh.map(describe).join('. ')}.`;
}

/**
 * @example
 * let heard = NOTHING_HEARD;
 * const { heard: next, sound, assertive } = attend(heard, rows, performance.now());
 */
export function attend(heard: Heard, rows: readonly BoardRow[] | undefined, now: number): Attention {
  if (!rows) return { heard: NOTHING_HEARD, notices: [] };
  const open: Open[] = rows.flatMap((row) => (row.alerts ?? []).map((alert) => ({ row, alert, key: alertKey(row.visitId, alert.alertId) })));
  const before = heard.levels;
  const levels = new Map(open.map(({ key, alert }) => [key, Math.max(alert.level, before?.get(key) ?? 0)]));
  const fresh = before === undefined ? [] : open.filter(({ key, alert }) => !before.has(key) || alert.level > before.get(key)!).sort((a, b) => loudness(b) - loudness(a));
  const freshCritical = fresh.filter(({ alert }) => isCritical(alert));
  const loud = open.some(({ alert }) => isCritical(alert));

  const alarmDue = loud && (freshCritical.length > 0 || heard.alarmAt === undefined || now - heard.alarmAt >= REPEAT_EVERY_MS);
  const sound = alarmDue ? 'alarm' : fresh.length > 0 ? 'chime' : undefined;
  const alarmAt = alarmDue ? now : loud ? heard.alarmAt : undefined;

  const words =
    before === undefined
      ? open.length > 0 ? { polite: `Open alerts: ${[...open].sort((a, b) => loudness(b) - loudness(a)).map(describe).join('. ')}.` } : {}
      : fresh.length === 0 ? {}
      : freshCritical.length > 0 ? { assertive: sayAll(fresh) }
      : { polite: sayAll(fresh) };

  const notices = freshCritical.map(({ row, alert, key }) => ({
    title: `${alertLabel(alert)} – ${schoolWords(row.schoolId)}`,
    body: `${staffWords(row.staff)}: ${stageWords(row.stage).toLowerCase()}. Open the office board to acknowledge it.`,
    tag: `${key}@${alert.level}`,
  }));
  return { heard: { levels, ...(alarmAt === undefined ? {} : { alarmAt }) }, ...(sound ? { sound } : {}), ...words, notices };
}
