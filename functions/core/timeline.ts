import type { Actor } from './actor';
import type { ChainVerification } from './hash-chain';
import { parseVisitEvent, type VisitEvent } from './events';
import { localTime, type LocalTime } from './local-time';
import { formatMinutes, narrate, wordsInLine, type AlertLine, type GapPolicy, type Gaps, type NarratedEvent, type NarrationPolicy } from './narrate';
import type { Policy } from './policy';
import { minutesBetween } from './time';
import { evolve, initialState, type VisitState } from './visit-state';

/**
 * The CLI's replay: a visit's history as a timeline an auditor can read in a terminal. What is said
 * of each event, the check-in gaps and the alerts come from the narrator (narrate.ts), as on the
 * auditor's page; this adds what only the terminal shows: the stage the visit was in after each
 * event (the events folded), and an event that no longer parses as what its type says, flagged.
 */

/** An event as the history API gives it. */
export type TimelineEvent = NarratedEvent;

export type TimelinePolicy = Pick<Policy, 'schoolName' | 'version' | 'timeZone'> & NarrationPolicy & GapPolicy;

export interface TimelineInput {
  readonly visitId: string;
  readonly events: readonly TimelineEvent[];
  /** The governing policy; without it, no gap is judged and times are shown in UTC. */
  readonly policy?: TimelinePolicy | null;
}

export interface TimelineEntry {
  readonly version: number;
  readonly at: string;
  readonly claimedAt?: string;
  /** The visit's status after this event ('?' before anything parsed). */
  readonly stage: string;
  readonly who: string;
  readonly what: string;
  /** alert: staff safety; unreadable: the event does not parse as what its type says. */
  readonly flag?: 'alert' | 'unreadable';
}

export interface Timeline {
  readonly visitId: string;
  readonly heading: readonly string[];
  readonly timeZone: string;
  readonly entries: readonly TimelineEntry[];
  readonly gaps: Gaps;
  readonly alerts: readonly AlertLine[];
  readonly policy?: TimelinePolicy;
}

export function buildTimeline(input: TimelineInput): Timeline {
  const policy = input.policy ?? undefined;
  const timeZone = policy?.timeZone ?? 'UTC';
  const time = timeFrom(timeZone, input.events[0]?.recordedAt);
  const told = narrate({ events: input.events, policy, at: time.at });

  let state: VisitState = initialState;
  const entries = input.events.map((raw, index): TimelineEntry => {
    const { words, flag, ...entry } = told.entries[index]!;
    const parsed = parse(input.visitId, raw);
    if (!parsed.ok) return { ...entry, stage: stageOf(state), what: `${raw.type}: does not parse (${parsed.reason})`, flag: 'unreadable' };
    state = evolve(state, parsed.event, raw.version);
    return { ...entry, stage: stageOf(state), what: wordsInLine(words), ...(flag ? { flag } : {}) };
  });
  return { visitId: input.visitId, heading: told.heading, timeZone, entries, gaps: told.gaps, alerts: told.alerts, ...(policy ? { policy } : {}) };
}

/** Times on the record's first day as the clock only. */
const timeFrom = (timeZone: string, first: string | undefined): LocalTime => localTime(timeZone, first ? localTime(timeZone).dateOf(first) : undefined);

const stageOf = (state: VisitState): string => (state.status === 'none' ? '?' : state.status);

function parse(visitId: string, raw: TimelineEvent): { ok: true; event: VisitEvent } | { ok: false; reason: string } {
  const meta = { commandId: 'timeline', actor: { userId: raw.actor, role: raw.role, ...(raw.actorName ? { name: raw.actorName } : {}) } satisfies Actor, recordedAt: raw.recordedAt, ...(raw.claimedAt ? { claimedAt: raw.claimedAt } : {}) };
  try {
    return { ok: true, event: parseVisitEvent({ streamId: visitId, version: raw.version, type: raw.type, data: raw.data, meta, prevHash: '', hash: '' }) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]!.slice(0, 120) : 'unknown' };
  }
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The timeline as text, one event a line, then the gaps and the alerts. */
export function formatTimeline(timeline: Timeline): string {
  const first = timeline.entries[0]?.at;
  const time = timeFrom(timeline.timeZone, first);
  const policy = timeline.policy;
  const lines: string[] = [
    `Visit ${timeline.visitId}${policy ? ` · ${policy.schoolName} · policy ${policy.version}` : ''}`,
    ...timeline.heading,
    `Times in ${timeline.timeZone}${first ? ` (${time.zone(first)}), from ${time.full(first)}` : ''}` +
      (policy ? `; check-ins due every ${formatMinutes(policy.checkIns.intervalMinutes)}, safe return within ${formatMinutes(policy.checkIns.returnWithinMinutes)} of leaving` : '; no policy: gaps not judged'),
    '',
  ];

  const rows = timeline.entries.map((entry) => [
    String(entry.version),
    time.at(entry.at) + (entry.claimedAt ? ` (said ${time.at(entry.claimedAt)})` : ''),
    entry.stage,
    entry.who,
    `${entry.flag === 'unreadable' ? '!! ' : entry.flag === 'alert' ? '!  ' : ''}${entry.what}`,
  ]);
  lines.push(...table(['v', 'time', 'stage', 'who', 'what'], rows, [true, false, false, false, false]), '');

  const { gaps, open } = timeline.gaps;
  lines.push(policy ? `Gaps between check-ins (policy: ${formatMinutes(policy.checkIns.intervalMinutes)}; from leaving, the safe return)` : 'Gaps between check-ins');
  if (gaps.length === 0 && !open) lines.push('  none: staff did not go out');
  for (const g of gaps) {
    const verdict = g.limitMinutes === undefined ? '' : g.over ? `  OVER by ${formatMinutes(g.minutes - g.limitMinutes)}` : '  ok';
    const label = g.kind === 'return' ? 'return  ' : '';
    lines.push(`  ${label}${time.at(g.from.at)} ${g.from.label} (v${g.from.version}) → ${time.at(g.to.at)} ${g.to.label} (v${g.to.version}): ${formatMinutes(g.minutes)}${g.limitMinutes !== undefined ? ` (limit ${formatMinutes(g.limitMinutes)})` : ''}${verdict}`);
  }
  if (open) lines.push(`  still out when the record ends: the last sign ${time.at(open.at)} ${open.label} (v${open.version})`);
  lines.push('', 'Alerts');
  if (timeline.alerts.length === 0) lines.push('  none');
  for (const alert of timeline.alerts) {
    const answered = alert.answeredBy && alert.answeredAt
      ? `answered by ${alert.answeredBy} at ${time.at(alert.answeredAt)} (${formatMinutes(minutesBetween(alert.raisedAt, alert.answeredAt))} after it was raised)`
      : 'no person answered';
    const ended = !alert.resolvedAt
      ? 'STILL OPEN'
      : alert.resolution === 'resolved'
        ? `resolved ${time.at(alert.resolvedAt)} by ${alert.resolvedBy ?? 'someone'}${alert.reason ? `: ${alert.reason}` : ''}`
        : `resolved ${time.at(alert.resolvedAt)}: ${alert.resolution}`;
    lines.push(`  ${alert.alertId} ${alert.kind}${alert.dueAt ? ` (due ${time.at(alert.dueAt)})` : ''}, raised ${time.at(alert.raisedAt)}, level ${alert.levelReached}; ${answered}; ${ended}`);
  }
  return lines.join('\n');
}

/** The chain's verdict in a sentence. */
export function formatVerdict(label: string, verdict: ChainVerification, events: number): string {
  return verdict.ok
    ? `${label}: verified, ${count(events, 'event')}, head version ${verdict.headVersion}, head hash ${verdict.headHash}`
    : `${label}: DOES NOT VERIFY at version ${verdict.version} (${verdict.reason}): ${verdict.detail}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], alignRight: readonly boolean[]): string[] {
  // The last column is left to run on: it is the long one.
  const widths = header.map((title, column) =>
    column === header.length - 1 ? 0 : Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const render = (row: readonly string[]) =>
    `  ${row.map((cell, column) => (column === row.length - 1 ? cell : alignRight[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd();
  return [render(header), ...rows.map(render)];
}
