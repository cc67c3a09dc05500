import { HumanRole } from './actor';
import type { AlertKind, OverdueAlertKind, StoredVisitEvent, VisitEventType } from './events';
import type { Policy } from './policy';
import { externalOf, groupsOf } from './policy-people';
import { localTime } from './local-time';
import { isOverdue, staffAreOut, type Visit } from './visit-state';

/**
 * Which appended events people must hear about, and what they are told. Pure: the SNS adapter (or
 * the local console) only delivers. Messages name the school, the visit, the address and the staff
 * (what a responder needs); never the pupil's name.
 */

/** Every kind of alert a visit holds, and the messages that are not alerts anyone answers. */
export type AlertMessageKind =
  | AlertKind
  | 'check-in-reminder'
  | 'unsafe-cancellation'
  | 'rule-breach'
  | 'alert-acknowledged'
  | 'alert-resolved'
  | 'watch-lost'
  | 'movement'
  | 'arrangement-changed'
  | 'follow-up-due'
  /** A member of staff's registered mobile sent too many wrong codes by text (functions/app/text-gateway.ts): no event records it. */
  | 'texts-locked';

/**
 * What the alerts topic carries: the people's kinds above, and operations' canary, never raised by
 * a visit and received by no person's subscription (functions/alerts/canary.ts).
 */
export type TopicMessageKind = AlertMessageKind | 'canary';

/** Someone outside the school the alert's reader must contact, as the policy names them. */
export interface AlertContact {
  readonly title: string;
  readonly channel: 'phone' | 'email' | 'sms';
  readonly contact: string;
  readonly instruction: string;
}

export interface AlertMessage {
  readonly kind: TopicMessageKind;
  readonly severity: 'critical' | 'high' | 'info';
  readonly schoolId: string;
  readonly visitId: string;
  /** Escalation level, 0 where the alert is not on the ladder. */
  readonly level: number;
  readonly notify: readonly HumanRole[];
  /** Recipients outside the school the policy names for this alert (police, the local authority): who reads it contacts them. */
  readonly contacts?: readonly AlertContact[];
  /** The alert a person acknowledges (POST /visits/{id}/acknowledge), where there is one to answer. */
  readonly alertId?: string;
  /** When the missed check-in or safe return was due, for an overdue alert (for a reminder: when the check-in falls due). */
  readonly dueAt?: string;
  /** A message for the staff on the visit themselves (a check-in reminder): their user ids. Never an alert to answer. */
  readonly staff?: readonly string[];
  /** Deduplication key: a redelivered step publishes the same id again, never a different alert. */
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

/**
 * The event types that can raise a message: `alertsFor` switches over exactly these (the compiler
 * holds the two equal), and the alert publisher's trigger on AWS lets only appends holding one of
 * them through (lib/alert-delivery.ts), so audit reads and other appends never invoke it.
 */
export const ALERTING_EVENT_TYPES = [
  'AlertEscalated',
  'PanicRaised',
  'CheckedIn',
  'DuressRaised',
  'VisitCancelled',
  'SafeguardingConcernRaised',
  'SafeguardingRuleBreached',
  'WatchLost',
  'AlertAcknowledged',
  'AlertResolved',
  'FollowUpDue',
  'Departed',
  'Arrived',
  'LeftHome',
  'ReturnedSafely',
  'VisitRescheduled',
  'CheckInReminderSent',
  'FalseAlarmCancelled',
] as const satisfies readonly VisitEventType[];

export type AlertingEventType = (typeof ALERTING_EVENT_TYPES)[number];
type AlertingEvent = Extract<StoredVisitEvent, { type: AlertingEventType }>;

const ALERTING: ReadonlySet<string> = new Set(ALERTING_EVENT_TYPES);
/** Whether an event of this type can raise a message at all (whether it does depends on the event and the visit). */
export const isAlertingType = (type: string): type is AlertingEventType => ALERTING.has(type);
const isAlerting = (event: StoredVisitEvent): event is AlertingEvent => isAlertingType(event.type);

/**
 * A reminder to the staff on the visit that a check-in falls due (policy.checkIns.reminderMinutesBefore),
 * before any alert: for them alone (their groups, and their user ids), information only, never an
 * alert anyone answers or that the board counts.
 */
function checkInReminder(
  event: StoredVisitEvent,
  data: { readonly dueAt: string; readonly minutesBefore: number },
  visit: Visit,
  policy: Policy,
  base: Pick<AlertMessage, 'schoolId' | 'visitId'>,
): AlertMessage {
  const due = localTime(policy.timeZone).full(data.dueAt);
  const roles = visit.details.staff.map((member) => member.role ?? policy.duties.carryOut[0]!);
  return {
    ...base, kind: 'check-in-reminder', messageId: `${visit.visitId}:${event.version}`, level: 0, severity: 'info', dueAt: data.dueAt,
    notify: groupsOf(policy, roles), staff: visit.details.staff.map((member) => member.userId),
    subject: `Reminder: check in by ${due}`,
    text: `Your next check-in for the home visit at ${visit.details.address} (${policy.schoolName}, visit ${visit.visitId}) is due by ${due}. Check in before then; a missed check-in raises an alert.`,
  };
}

/** Who hears it: the identity groups of the policy's roles, and its recipients outside the school with what to do. */
export function audience(policy: Policy, ids: readonly string[], also: readonly HumanRole[] = []): Pick<AlertMessage, 'notify' | 'contacts'> {
  const contacts = externalOf(policy, ids).map(({ title, channel, contact, instruction }) => ({ title, channel, contact, instruction }));
  return { notify: unique([...also, ...groupsOf(policy, ids)]), ...(contacts.length > 0 ? { contacts } : {}) };
}

/** The contacts' lines, appended to the text a responder reads. */
export const contactLines = (message: Pick<AlertMessage, 'contacts'>): string =>
  (message.contacts ?? []).map((c) => ` ${c.title} (${c.channel} ${c.contact}): ${c.instruction}`).join('');

/** The staff details the policy asks for, for responders only (never the board, the staff page or the report). */
const reachable = (visit: Visit): string => {
  const details = visit.details.staff
    .map((member) => [member.mobile && `${member.name}: mobile ${member.mobile}`, member.vehicle && `vehicle ${member.vehicle}`].filter(Boolean).join(', '))
    .filter((line) => line.length > 0);
  return details.length > 0 ? ` Staff details: ${details.join('; ')}.` : '';
};

export function alertsFor(events: readonly StoredVisitEvent[], visit: Visit, policy: Policy): AlertMessage[] {
  return rawAlertsFor(events, visit, policy).map((message) => (message.contacts ? { ...message, text: `${message.text}${contactLines(message)}` } : message));
}

/** A change to the arrangement, told to whoever the policy names (policy.changes.notify, as recorded on the event). */
function arrangementChanged(
  event: Extract<StoredVisitEvent, { type: 'VisitRescheduled' }>,
  visit: Visit,
  policy: Policy,
  base: Pick<AlertMessage, 'schoolId' | 'visitId'>,
): AlertMessage[] {
  if (event.data.notify.length === 0) return [];
  const time = localTime(policy.timeZone);
  const { changes, previous, reason, reauthorise } = event.data;
  const names = (staff: typeof visit.details.staff | undefined) => (staff ?? []).map((member) => member.name).join(' and ');
  const actor = event.meta.actor;
  const by =
    [...(previous.staff ?? []), ...visit.details.staff].find((member) => member.userId === actor.userId)?.name ?? actor.name ?? actor.userId;
  const was = (iso: string | undefined) => (iso ? ` (was ${time.full(iso)})` : '');
  const parts = [
    ...(changes.appointmentAt ? [`appointment ${time.full(changes.appointmentAt)}${was(previous.appointmentAt)}`] : []),
    ...(changes.plannedStartAt ? [`setting out ${time.full(changes.plannedStartAt)}${was(previous.plannedStartAt)}`] : []),
    ...(changes.expectedReturnAt ? [`back by ${time.full(changes.expectedReturnAt)}${was(previous.expectedReturnAt)}`] : []),
    ...(changes.staff ? [`staff ${names(changes.staff)} (was ${names(previous.staff)})`] : []),
  ];
  return [{
    ...base, kind: 'arrangement-changed', messageId: `${visit.visitId}:${event.version}`, level: 0, ...audience(policy, event.data.notify), severity: 'info',
    subject: `Home visit rearranged${reauthorise ? ': to be authorised again' : ''} (${policy.schoolName}, visit ${visit.visitId})`,
    text: `${by} changed the arrangement of the home visit at ${visit.details.address} (${policy.schoolName}, visit ${visit.visitId}): ${parts.join('; ')}. Reason: ${reason}${reauthorise ? ' The visit must be authorised again before anyone sets out.' : ''}`,
  }];
}

/** What the staff did not do, by the alert it raised. */
const MISSED: Record<OverdueAlertKind, string> = {
  'check-in-overdue': 'missed a check-in',
  'safe-return-overdue': 'not reported a safe return',
  'return-overdue': 'not come back by the expected return time',
};

function rawAlertsFor(events: readonly StoredVisitEvent[], visit: Visit, policy: Policy): AlertMessage[] {
  const staff = visit.details.staff.map((member) => member.name).join(' and ');
  const has = visit.details.staff.length > 1 ? 'have' : 'has';
  // Panic and duress come from one person: name them, so responders know who is in danger.
  const who = (event: StoredVisitEvent) =>
    visit.details.staff.find((member) => member.userId === event.meta.actor.userId)?.name ?? event.meta.actor.userId;
  const withOthers = (event: StoredVisitEvent) => {
    const others = visit.details.staff.filter((member) => member.userId !== event.meta.actor.userId).map((member) => member.name);
    return others.length > 0 ? ` (with ${others.join(' and ')})` : '';
  };
  const where = `${visit.details.address} (${policy.schoolName}, visit ${visit.visitId})`;
  const actorName = (event: StoredVisitEvent) => event.meta.actor.name ?? event.meta.actor.userId;
  const base = { schoolId: policy.schoolId, visitId: visit.visitId };
  const ladderAudience = policy.escalation.levels.flatMap((level) => level.notify);
  const everyone = audience(policy, unique([...ladderAudience, ...policy.alerts.panic.notify]));

  const duressMessage = (event: StoredVisitEvent, alertId: string, what = 'checked in with the duress code'): AlertMessage => ({
    ...base, kind: 'duress', messageId: `${visit.visitId}:${event.version}`, alertId, level: 0, ...audience(policy, policy.alerts.duress.notify), severity: 'critical',
    subject: `DURESS: ${who(event)} used the duress code on a home visit`,
    text: `${who(event)}${withOthers(event)} ${what} at ${where}. ${policy.alerts.duress.instruction}${reachable(visit)}`,
  });
  const movement = (event: StoredVisitEvent, ids: readonly string[], what: string): AlertMessage[] =>
    ids.length === 0
      ? []
      : [{ ...base, kind: 'movement', messageId: `${visit.visitId}:${event.version}`, level: 0, ...audience(policy, ids), severity: 'info', subject: `${staff} ${what}`, text: `${staff} ${what}: visit ${visit.visitId} (${policy.schoolName}), at ${event.meta.recordedAt}.` }];

  return events.filter(isAlerting).flatMap((event): AlertMessage[] => {
    const messageId = `${visit.visitId}:${event.version}`;
    switch (event.type) {
      case 'AlertEscalated': {
        const alert = visit.alerts.find((candidate) => candidate.alertId === event.data.alertId);
        const told = event.data.recipients ? audience(policy, event.data.recipients, event.data.notify) : { notify: event.data.notify };
        if (alert?.kind === 'safeguarding-concern') {
          return [{
            ...base, kind: 'safeguarding-concern', messageId, alertId: event.data.alertId, level: event.data.level, ...told, severity: 'high',
            subject: `Safeguarding concern not yet taken on: level ${event.data.level} (${policy.schoolName})`,
            text: `A safeguarding concern from visit ${visit.visitId} has not been taken on by anyone told before you. ${event.data.instruction} Acknowledge the alert when you have it.`,
          }];
        }
        // Only a missed deadline climbs the escalation ladder; one this state does not hold is still told, as a missed check-in.
        const overdue = alert && isOverdue(alert) ? alert : undefined;
        const kind = overdue?.kind ?? 'check-in-overdue';
        const missed = `${has} ${MISSED[kind]}`;
        return [{
          ...base, kind, messageId, alertId: event.data.alertId, ...(overdue ? { dueAt: overdue.dueAt } : {}), level: event.data.level, ...told,
          severity: event.data.level >= 2 ? 'critical' : 'high',
          subject: `Level ${event.data.level}: ${staff} ${missed}`,
          text: `${staff} ${missed} on a home visit at ${where}, due ${overdue?.dueAt ?? 'earlier'}. ${event.data.instruction}${reachable(visit)}`,
        }];
      }
      case 'PanicRaised':
        return [{
          ...base, kind: 'panic', messageId, alertId: event.data.alertId, level: 0, ...audience(policy, policy.alerts.panic.notify), severity: 'critical',
          subject: `PANIC: ${who(event)} on a home visit`,
          text: `${who(event)}${withOthers(event)} pressed panic at ${where}. ${policy.alerts.panic.instruction}${reachable(visit)}`,
        }];
      case 'CheckedIn':
        return event.data.duress ? [duressMessage(event, event.data.duress.alertId)] : [];
      case 'DuressRaised':
        return [duressMessage(event, event.data.alertId)];
      case 'FalseAlarmCancelled':
        // With the duress code the call for help is not over: responders hear the duress, and the call stays open.
        if (event.data.duress) return [duressMessage(event, event.data.duress.alertId, `called off their call for help (${event.data.alertId}) with the duress code`)];
        return [{
          ...base, kind: 'alert-resolved', messageId, alertId: event.data.alertId, level: 0, notify: everyone.notify, severity: 'info',
          subject: `Call for help called off: ${who(event)} says it was a false alarm`,
          text: `${who(event)} called off the call for help (${event.data.alertId}) at ${where} with their cancel PIN: a false alarm. It is resolved.`,
        }];
      case 'VisitCancelled': {
        if (!event.data.writtenNoticeTo) return [];
        // Format-1 streams recorded the identity group as the role; format-2 ones the policy's role id.
        const group = HumanRole.safeParse(event.data.writtenNoticeTo.role);
        return [{
          ...base, kind: 'unsafe-cancellation', messageId, level: 0, ...audience(policy, [event.data.writtenNoticeTo.role], group.success ? [group.data] : []), severity: 'high',
          subject: `Visit cancelled for safety: written notice to the ${event.data.writtenNoticeTo.title}`,
          text: `The visit at ${where} was cancelled (${event.data.reason}${event.data.unsafeIndicators?.length ? `: ${event.data.unsafeIndicators.join(', ')}` : ''}). Reason in writing: ${event.data.detail}`,
        }];
      }
      case 'SafeguardingConcernRaised':
        return [{
          ...base, kind: 'safeguarding-concern', messageId, ...(event.data.alertId ? { alertId: event.data.alertId, level: 1 } : { level: 0 }),
          ...audience(policy, policy.concerns.ladder[0]!.notify, event.data.reportedTo), severity: 'high',
          subject: `Safeguarding concern raised from a home visit (${policy.schoolName})`,
          text: `A safeguarding concern was raised from visit ${visit.visitId}. Read it in the visit record (concern ${event.data.concernId}). ${policy.concerns.ladder[0]!.instruction}${event.data.alertId ? ' Acknowledge the alert when you have it, or it goes to the next person the policy names.' : ''}`,
        }];
      case 'SafeguardingRuleBreached':
        return [{
          ...base, kind: 'rule-breach', messageId, level: 0, ...audience(policy, event.data.notify ?? policy.concerns.ladder[0]!.notify, ['office']), severity: 'critical',
          subject: `Safeguarding rule at risk on a home visit: ${event.data.rule}`,
          text: `${staff} at ${where}: ${event.data.detail}`,
        }];
      case 'WatchLost':
        return [{
          ...base, kind: 'watch-lost', messageId, level: 0, ...audience(policy, policy.escalation.levels[0]!.notify, ['office']), severity: 'critical',
          subject: `Not being watched: the home visit by ${staff} (${policy.schoolName})`,
          text: staffAreOut(visit)
            ? `The system can no longer time the home visit by ${staff} at ${where} (${event.data.error}). Until it is fixed nobody is timing their check-ins or escalating a missed one: phone them now to check they are safe, and keep track of their check-ins by hand until they are back. Operations have been alerted.${reachable(visit)}`
            : `The system can no longer run the home visit by ${staff} at ${where} (${event.data.error}). It keeps trying on its own; until it is fixed, if they set off, time their check-ins by hand. Operations have been alerted.`,
        }];
      case 'AlertAcknowledged':
        // Whoever else the alert reached can stop chasing it: someone has it. (Resolving an alert nobody
        // had acknowledged records both facts at once: then "resolved" alone says it.) Never the note: free text stays in the record.
        if (events.some((other) => other.meta.commandId === event.meta.commandId && other.type === 'AlertResolved')) return [];
        return [{
          ...base, kind: 'alert-acknowledged', messageId, alertId: event.data.alertId, level: 0, notify: everyone.notify, severity: 'info',
          subject: `Acknowledged: alert ${event.data.alertId} (${actorName(event)} has it)`,
          text: `${actorName(event)} has the alert for ${staff} at ${where}. It stays open until it is resolved.`,
        }];
      case 'AlertResolved':
        // Answered by a duress check-in: responders hear the duress alert, not "resolved".
        if (events.some((other) => other.meta.commandId === event.meta.commandId && other.type === 'CheckedIn' && other.data.duress)) return [];
        return [{
          ...base, kind: 'alert-resolved', messageId, alertId: event.data.alertId, level: 0, notify: everyone.notify, severity: 'info',
          subject: `Resolved: alert ${event.data.alertId} (${event.data.resolution})`,
          // A person's reason stays in the record (it is free text): the message says who.
          text: `The alert for ${staff} at ${where} was resolved: ${event.data.resolution === 'resolved' ? `by ${actorName(event)}` : event.data.resolution}.`,
        }];
      case 'FollowUpDue': {
        // The rule's own words, to whoever it names; a prompt says a follow-up visit should be requested.
        const visitDay = visit.closed?.at.slice(0, 10) ?? visit.requested.at.slice(0, 10);
        const prompt = event.data.action === 'prompt-visit';
        return [{
          ...base, kind: 'follow-up-due', messageId, level: 0, ...audience(policy, event.data.recipients, event.data.notify), severity: 'high',
          subject: prompt
            ? `Follow-up visit to request: visit ${visit.visitId} (${policy.schoolName})`
            : `Follow-up due: visit ${visit.visitId} (${policy.schoolName})`,
          text: `${event.data.text} (Follow-up ${event.data.followUpId} after the home visit by ${staff} at ${where}, closed ${visitDay}; due ${event.data.dueAt}.)${prompt ? ' A follow-up visit should be requested.' : ''}`,
        }];
      }
      case 'Departed':
        return movement(event, policy.movements.depart, 'left school for a home visit');
      case 'Arrived':
        return movement(event, policy.movements.arrive, 'arrived at the home');
      case 'LeftHome':
        return movement(event, policy.movements.leave, 'left the home');
      case 'ReturnedSafely':
        return movement(event, policy.movements.return, 'are back safely');
      case 'VisitRescheduled':
        return arrangementChanged(event, visit, policy, base);
      case 'CheckInReminderSent':
        return [checkInReminder(event, event.data, visit, policy, base)];
      default:
        return unlisted(event);
    }
  });
}

/** A type in ALERTING_EVENT_TYPES without its case above does not compile. */
function unlisted(event: never): never {
  throw new Error(`alertsFor: no case for ${(event as StoredVisitEvent).type}`);
}
