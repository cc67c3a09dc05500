import type { Actor, Role } from './actor';
import type { ChainVerification } from './hash-chain';
import { parseVisitEvent, type EventData, type VisitEvent } from './events';
import { localTime, type LocalTime } from './local-time';
import type { Policy } from './policy';
import { minutesBetween } from './time';
import { evolve, initialState, type VisitState } from './visit-state';

/**
 * A visit's history as a timeline an auditor can read: each event with its time, the stage the
 * visit was in after it, who did it and what it says; the gaps between check-ins against the
 * policy's interval (the return leg against its safe-return window); and every alert with who
 * answered it and how it ended. Pure: the CLI fetches and prints, this decides what is said.
 */

export interface TimelineEvent {
  readonly version: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly actor: string;
  /** The person's name, where their identity gave one. */
  readonly actorName?: string;
  readonly role: Role;
  readonly recordedAt: string;
  readonly claimedAt?: string;
}

export type TimelinePolicy = Pick<Policy, 'schoolName' | 'version' | 'timeZone'> & { readonly checkIns: Pick<Policy['checkIns'], 'intervalMinutes' | 'returnWithinMinutes'> };

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

export interface Gap {
  readonly kind: 'check-in' | 'return';
  readonly from: { readonly version: number; readonly at: string; readonly what: string };
  readonly to: { readonly version: number; readonly at: string; readonly what: string };
  readonly minutes: number;
  readonly limitMinutes?: number;
  readonly over: boolean;
}

export interface AlertLine {
  readonly alertId: string;
  readonly kind: string;
  readonly raisedAt: string;
  readonly dueAt?: string;
  readonly levelReached: number;
  readonly answeredBy?: string;
  readonly answeredAt?: string;
  readonly resolution?: string;
  readonly resolvedAt?: string;
  /** Who resolved it, and (resolve-alert) why. */
  readonly resolvedBy?: string;
  readonly reason?: string;
}

export interface Timeline {
  readonly visitId: string;
  readonly heading: readonly string[];
  readonly timeZone: string;
  readonly entries: readonly TimelineEntry[];
  readonly gaps: readonly Gap[];
  readonly alerts: readonly AlertLine[];
  readonly policy?: TimelinePolicy;
}

const SIGN_OF_LIFE: Readonly<Record<string, string>> = { Departed: 'departed', CheckedIn: 'check-in', ReturnedSafely: 'returned' };

export function buildTimeline(input: TimelineInput): Timeline {
  const policy = input.policy ?? undefined;
  const timeZone = policy?.timeZone ?? 'UTC';
  const first = input.events[0]?.recordedAt;
  const time = localTime(timeZone, first ? localTime(timeZone).dateOf(first) : undefined);
  const staffNames = new Map<string, string>();
  const who = (userId: string, role: Role, name?: string) =>
    role === 'system' ? 'workflow' : `${staffNames.get(userId) ?? name ?? userId} (${role})`;

  let state: VisitState = initialState;
  const entries: TimelineEntry[] = [];
  const alerts = new Map<string, AlertLine>();
  const checkPoints: Gap['from'][] = [];
  let leftAt: Gap['from'] | undefined;
  const gaps: Gap[] = [];
  let heading: string[] = [];

  for (const raw of input.events) {
    const parsed = parse(input.visitId, raw);
    const base = { version: raw.version, at: raw.recordedAt, ...(raw.claimedAt && raw.claimedAt !== raw.recordedAt ? { claimedAt: raw.claimedAt } : {}) };
    if (!parsed.ok) {
      entries.push({ ...base, stage: stageOf(state), who: who(raw.actor, raw.role, raw.actorName), what: `${raw.type}: does not parse (${parsed.reason})`, flag: 'unreadable' });
      continue;
    }
    const event = parsed.event;
    if (event.type === 'VisitRequested') {
      for (const member of event.data.details.staff) staffNames.set(member.userId, member.name);
      const d = event.data.details;
      heading = [
        `Pupil ${d.pupil.name} (${d.pupil.id}), ${d.address}`,
        `${d.kind} ${d.purpose} visit; staff ${d.staff.map((member) => member.name).join(' and ')}`,
      ];
    }
    if (event.type === 'VisitRescheduled') {
      for (const member of event.data.changes.staff ?? []) staffNames.set(member.userId, member.name);
    }
    state = evolve(state, event, raw.version);
    const actor = who(raw.actor, raw.role, raw.actorName);
    entries.push({ ...base, stage: stageOf(state), who: actor, what: describe(event, alerts, actor, time), ...(isAlert(event) ? { flag: 'alert' as const } : {}) });
    trackAlert(event, alerts, raw, actor);

    const point = { version: raw.version, at: raw.recordedAt, what: SIGN_OF_LIFE[event.type] ?? event.type };
    if (event.type in SIGN_OF_LIFE) {
      const previous = checkPoints.at(-1);
      if (previous) gaps.push(gap('check-in', previous, point, policy?.checkIns.intervalMinutes));
      checkPoints.push(point);
    }
    if (event.type === 'LeftHome' || (event.type === 'VisitCancelled' && event.data.staffOut && !leftAt)) {
      leftAt = { ...point, what: event.type === 'LeftHome' ? 'left' : 'cancelled while out' };
    }
    if (event.type === 'ReturnedSafely' && leftAt) gaps.push(gap('return', leftAt, point, policy?.checkIns.returnWithinMinutes));
  }

  return { visitId: input.visitId, heading, timeZone, entries, gaps, alerts: [...alerts.values()], ...(policy ? { policy } : {}) };
}

function gap(kind: Gap['kind'], from: Gap['from'], to: Gap['from'], limitMinutes: number | undefined): Gap {
  const minutes = minutesBetween(from.at, to.at);
  return { kind, from, to, minutes, ...(limitMinutes === undefined ? {} : { limitMinutes }), over: limitMinutes !== undefined && minutes > limitMinutes };
}

const stageOf = (state: VisitState): string => (state.status === 'none' ? '?' : state.status);

function parse(visitId: string, raw: TimelineEvent): { ok: true; event: VisitEvent } | { ok: false; reason: string } {
  const meta = { commandId: 'timeline', actor: { userId: raw.actor, role: raw.role, ...(raw.actorName ? { name: raw.actorName } : {}) } satisfies Actor, recordedAt: raw.recordedAt, ...(raw.claimedAt ? { claimedAt: raw.claimedAt } : {}) };
  try {
    return { ok: true, event: parseVisitEvent({ streamId: visitId, version: raw.version, type: raw.type, data: raw.data, meta, prevHash: '', hash: '' }) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]!.slice(0, 120) : 'unknown' };
  }
}

const isAlert = (event: VisitEvent): boolean =>
  ['CheckInOverdue', 'AlertEscalated', 'AlertAcknowledged', 'AlertResolved', 'PanicRaised', 'DuressRaised', 'FalseAlarmCancelled', 'SafeguardingRuleBreached'].includes(event.type) ||
  (event.type === 'CheckedIn' && event.data.duress !== undefined);

function trackAlert(event: VisitEvent, alerts: Map<string, AlertLine>, raw: TimelineEvent, actor: string): void {
  const update = (alertId: string, change: Partial<AlertLine>) => {
    const current = alerts.get(alertId);
    if (current) alerts.set(alertId, { ...current, ...change });
  };
  switch (event.type) {
    case 'CheckInOverdue':
      alerts.set(event.data.alertId, { alertId: event.data.alertId, kind: event.data.kind, raisedAt: raw.recordedAt, dueAt: event.data.dueAt, levelReached: 0 });
      return;
    case 'PanicRaised':
    case 'DuressRaised':
      alerts.set(event.data.alertId, { alertId: event.data.alertId, kind: event.type === 'PanicRaised' ? 'panic' : 'duress', raisedAt: raw.recordedAt, levelReached: 0 });
      return;
    case 'CheckedIn':
      if (event.data.duress) alerts.set(event.data.duress.alertId, { alertId: event.data.duress.alertId, kind: 'duress', raisedAt: raw.recordedAt, levelReached: 0 });
      return;
    case 'FalseAlarmCancelled':
      if (event.data.duress) alerts.set(event.data.duress.alertId, { alertId: event.data.duress.alertId, kind: 'duress', raisedAt: raw.recordedAt, levelReached: 0 });
      else update(event.data.alertId, { resolution: 'cancelled', resolvedAt: raw.recordedAt, resolvedBy: actor });
      return;
    case 'AlertEscalated':
      update(event.data.alertId, { levelReached: event.data.level });
      return;
    case 'AlertAcknowledged':
      update(event.data.alertId, { answeredBy: actor, answeredAt: raw.recordedAt });
      return;
    case 'AlertResolved':
      update(event.data.alertId, { resolution: event.data.resolution, resolvedAt: raw.recordedAt, resolvedBy: actor, ...(event.data.reason ? { reason: event.data.reason } : {}) });
      return;
    default:
      return;
  }
}

function describe(event: VisitEvent, alerts: ReadonlyMap<string, AlertLine>, actor: string, time: LocalTime): string {
  switch (event.type) {
    case 'VisitRequested':
      return `Requested under ${event.data.policy.schoolId} policy ${event.data.policy.version}`;
    case 'VisitAuthorised':
      return `Authorised${event.data.note ? `: ${event.data.note}` : ''}`;
    case 'VisitDeclined':
      return `Declined: ${event.data.reason}`;
    case 'VisitRescheduled':
      return `Rearranged: ${arrangementChange(event.data, time)}. Reason: ${event.data.reason}${event.data.reauthorise ? ' (to be authorised again)' : ''}${event.data.notify.length ? `; told: ${event.data.notify.join(', ')}` : ''}`;
    case 'RiskAssessed':
      return `Risk assessed: ${event.data.rating}, ${event.data.outcome}${event.data.reasons.length ? ` (${event.data.reasons.join('; ')})` : ''}`;
    case 'Departed':
      return 'Departed (the check-in before the visit)';
    case 'ParentReportedLate':
      return `Family said they are late, expected ${time.at(event.data.expectedAt)}`;
    case 'MoreTimeTaken':
      return `More time: ${event.data.minutes} min, the ${event.data.moves} now due ${time.at(event.data.dueAt)}: ${event.data.reason}`;
    case 'Arrived':
      return 'Arrived at the door';
    case 'FamilyCameToDoor':
      return `The family came to the door${event.data.peoplePresent ? `: ${event.data.peoplePresent.map((person) => `${person.name} (${person.relationship})`).join(', ')}` : ''}`;
    case 'Entered':
      return `Entered; present: ${event.data.peoplePresent.map((person) => `${person.name} (${person.relationship})`).join(', ')}`;
    case 'CheckedIn':
      if (event.data.duress) return `DURESS ${event.data.duress.alertId}: a check-in was made with the duress code`;
      return `Check-in${event.data.note ? `: ${event.data.note}` : ''}${event.data.adultPresent === false ? ' (no adult present)' : ''}`;
    case 'LeftHome': {
      const notes = event.data.notes;
      return `Left${event.data.doorstep ? ' after a doorstep visit' : ''}${notes ? ` (${count(notes.facts.length, 'fact')}, ${count(notes.agreements.length, 'agreement')}${notes.followUpNeeded ? ', follow-up needed' : ''})` : ''}`;
    }
    case 'ReturnedSafely':
      return 'Returned safely (the check-in after the visit)';
    case 'VisitCancelled':
      return `Cancelled: ${event.data.reason}${event.data.rule ? ` [${event.data.rule}]` : ''}: ${event.data.detail}${event.data.writtenNoticeTo ? ` In writing to the ${event.data.writtenNoticeTo.title}.` : ''}`;
    case 'CheckInOverdue':
      return `ALERT ${event.data.alertId}: ${event.data.kind} (due ${time.at(event.data.dueAt)})`;
    case 'AlertEscalated':
      return `ALERT ${event.data.alertId} level ${event.data.level}: notify ${event.data.notify.join(', ')}: ${event.data.instruction}`;
    case 'AlertAcknowledged': {
      const raised = alerts.get(event.data.alertId)?.raisedAt;
      const after = raised ? ` after ${formatMinutes(minutesBetween(raised, event.meta.recordedAt))}` : '';
      return `ALERT ${event.data.alertId} answered by ${actor}${after}${event.data.note ? `: ${event.data.note}` : ''}`;
    }
    case 'AlertResolved':
      return event.data.resolution === 'resolved'
        ? `ALERT ${event.data.alertId} resolved by ${actor}${event.data.reason ? `: ${event.data.reason}` : ''}`
        : `ALERT ${event.data.alertId} resolved: ${event.data.resolution}`;
    case 'PanicRaised':
      return `PANIC ${event.data.alertId}${event.data.note ? `: ${event.data.note}` : ''}`;
    case 'DuressRaised':
      return `DURESS ${event.data.alertId}: a check-in was made with the duress code`;
    case 'FalseAlarmCancelled':
      return event.data.duress
        ? `DURESS ${event.data.duress.alertId}: ${actor} called off the call for help ${event.data.alertId} with the duress code (it stays open)`
        : `ALERT ${event.data.alertId} called off by ${actor} with their cancel PIN: a false alarm`;
    case 'SafeguardingConcernRaised':
      return `Concern raised, to ${event.data.reportedTo.join(', ')}: ${event.data.summary}`;
    case 'SafeguardingRuleBreached':
      return `RULE AT RISK ${event.data.rule}: ${event.data.detail}`;
    case 'CheckInReminderSent':
      return `Staff reminded: check-in due ${time.at(event.data.dueAt)}`;
    case 'VisitClosed':
      return `Closed: ${event.data.outcome}${event.data.followUps ? `; follow-ups scheduled: ${event.data.followUps.map((f) => `${f.id} (due ${time.at(f.dueAt)})`).join(', ')}` : ''}`;
    case 'FollowUpDue':
      return `FOLLOW-UP ${event.data.followUpId} due (${event.data.action === 'prompt-visit' ? 'a follow-up visit' : 'notice'} to ${event.data.recipients.join(', ')}): ${event.data.text}`;
    case 'FollowUpResolved':
      return `Follow-up ${event.data.followUpId} settled by ${actor}: ${event.data.note}`;
    case 'ReportFiled':
      return `Report ${event.data.reportId} filed (${event.data.categories.join(', ')})`;
    case 'WatchLost':
      return `WATCH LOST: the workflow could not keep time for this visit (${event.data.error}); the office was told`;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** "appointment 10:00 → 11:00; staff Alice Officer and Bob Worker → Alice Officer and Carol Third". */
export function arrangementChange(data: Pick<EventData<'VisitRescheduled'>, 'changes' | 'previous'>, time: LocalTime): string {
  const { changes, previous } = data;
  const at = (iso: string | undefined) => (iso ? time.at(iso) : 'none');
  const names = (staff: EventData<'VisitRescheduled'>['changes']['staff']) => (staff ?? []).map((member) => member.name).join(' and ') || 'none';
  return [
    ...(changes.appointmentAt ? [`appointment ${at(previous.appointmentAt)} → ${at(changes.appointmentAt)}`] : []),
    ...(changes.plannedStartAt ? [`planned start ${at(previous.plannedStartAt)} → ${at(changes.plannedStartAt)}`] : []),
    ...(changes.expectedReturnAt ? [`expected return ${at(previous.expectedReturnAt)} → ${at(changes.expectedReturnAt)}`] : []),
    ...(changes.staff ? [`staff ${names(previous.staff)} → ${names(changes.staff)}`] : []),
  ].join('; ');
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function formatMinutes(minutes: number): string {
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The timeline as text, one event a line, then the gaps and the alerts. */
export function formatTimeline(timeline: Timeline): string {
  const first = timeline.entries[0]?.at;
  const time: LocalTime = localTime(timeline.timeZone, first ? localTime(timeline.timeZone).dateOf(first) : undefined);
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

  const checkInGaps = timeline.gaps.filter((g) => g.kind === 'check-in');
  lines.push(policy ? `Gaps between check-ins (policy: ${formatMinutes(policy.checkIns.intervalMinutes)})` : 'Gaps between check-ins');
  if (checkInGaps.length === 0) lines.push('  none: staff did not go out, or checked in only once');
  for (const g of [...checkInGaps, ...timeline.gaps.filter((candidate) => candidate.kind === 'return')]) {
    const verdict = g.limitMinutes === undefined ? '' : g.over ? `  OVER by ${formatMinutes(g.minutes - g.limitMinutes)}` : '  ok';
    const label = g.kind === 'return' ? 'return  ' : '';
    lines.push(`  ${label}${time.at(g.from.at)} ${g.from.what} (v${g.from.version}) → ${time.at(g.to.at)} ${g.to.what} (v${g.to.version}): ${formatMinutes(g.minutes)}${g.kind === 'return' && g.limitMinutes !== undefined ? ` (within ${formatMinutes(g.limitMinutes)})` : ''}${verdict}`);
  }
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
