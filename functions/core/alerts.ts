import type { HumanRole } from './actor';
import type { StoredVisitEvent } from './events';
import type { Policy } from './policy';
import { staffAreOut, type Visit } from './visit-state';

/**
 * Which appended events people must hear about, and what they are told. Pure: the SNS adapter (or
 * the local console) only delivers. Messages name the school, the visit, the address and the staff
 * (what a responder needs); never the pupil's name.
 */

export type AlertMessageKind =
  | 'check-in-overdue'
  | 'safe-return-overdue'
  | 'panic'
  | 'duress'
  | 'unsafe-cancellation'
  | 'safeguarding-concern'
  | 'rule-breach'
  | 'alert-resolved'
  | 'watch-lost';

export interface AlertMessage {
  readonly kind: AlertMessageKind;
  readonly severity: 'critical' | 'high' | 'info';
  readonly schoolId: string;
  readonly visitId: string;
  /** Escalation level, 0 where the alert is not on the ladder. */
  readonly level: number;
  readonly notify: readonly HumanRole[];
  /** The alert a person acknowledges (POST /visits/{id}/acknowledge), where there is one to answer. */
  readonly alertId?: string;
  /** When the missed check-in or safe return was due, for an overdue alert. */
  readonly dueAt?: string;
  /** Deduplication key: a redelivered step publishes the same id again, never a different alert. */
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

export function alertsFor(events: readonly StoredVisitEvent[], visit: Visit, policy: Policy): AlertMessage[] {
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
  const base = { schoolId: policy.schoolId, visitId: visit.visitId };
  const everyone = unique(['office' as const, ...policy.escalation.levels.flatMap((level) => level.notify)]);

  const duressMessage = (event: StoredVisitEvent, alertId: string): AlertMessage => ({
    ...base, kind: 'duress', messageId: `${visit.visitId}:${event.version}`, alertId, level: 0, notify: everyone, severity: 'critical',
    subject: `DURESS: ${who(event)} used the duress code on a home visit`,
    text: `${who(event)}${withOthers(event)} checked in with the duress code at ${where}. They may be with someone listening: do not phone them openly. Call 999 and give this address.`,
  });

  return events.flatMap((event): AlertMessage[] => {
    const messageId = `${visit.visitId}:${event.version}`;
    switch (event.type) {
      case 'AlertEscalated': {
        const alert = visit.alerts.find((candidate) => candidate.alertId === event.data.alertId);
        const kind = alert?.kind === 'safe-return-overdue' ? 'safe-return-overdue' : 'check-in-overdue';
        const missed = kind === 'safe-return-overdue' ? `${has} not reported a safe return` : `${has} missed a check-in`;
        return [{
          ...base, kind, messageId, alertId: event.data.alertId, ...(alert?.dueAt ? { dueAt: alert.dueAt } : {}), level: event.data.level, notify: event.data.notify,
          severity: event.data.level >= 2 ? 'critical' : 'high',
          subject: `Level ${event.data.level}: ${staff} ${missed}`,
          text: `${staff} ${missed} on a home visit at ${where}, due ${alert?.dueAt ?? 'earlier'}. ${event.data.instruction}`,
        }];
      }
      case 'PanicRaised':
        return [{
          ...base, kind: 'panic', messageId, alertId: event.data.alertId, level: 0, notify: everyone, severity: 'critical',
          subject: `PANIC: ${who(event)} on a home visit`,
          text: `${who(event)}${withOthers(event)} pressed panic at ${where}. Phone them now; if there is no answer call 999 and give this address.`,
        }];
      case 'CheckedIn':
        return event.data.duress ? [duressMessage(event, event.data.duress.alertId)] : [];
      case 'DuressRaised':
        return [duressMessage(event, event.data.alertId)];
      case 'VisitCancelled':
        if (!event.data.writtenNoticeTo) return [];
        return [{
          ...base, kind: 'unsafe-cancellation', messageId, level: 0, notify: [event.data.writtenNoticeTo.role], severity: 'high',
          subject: `Visit cancelled for safety: written notice to the ${event.data.writtenNoticeTo.title}`,
          text: `The visit at ${where} was cancelled (${event.data.reason}${event.data.unsafeIndicators?.length ? `: ${event.data.unsafeIndicators.join(', ')}` : ''}). Reason in writing: ${event.data.detail}`,
        }];
      case 'SafeguardingConcernRaised':
        return [{
          ...base, kind: 'safeguarding-concern', messageId, level: 0, notify: unique([...event.data.reportedTo, ...policy.concerns.fallback]),
          severity: 'high',
          subject: `Safeguarding concern raised from a home visit (${policy.schoolName})`,
          text: `A safeguarding concern was raised from visit ${visit.visitId}. Read it in the visit record (concern ${event.data.concernId}).`,
        }];
      case 'SafeguardingRuleBreached':
        return [{
          ...base, kind: 'rule-breach', messageId, level: 0, notify: unique(['office', ...policy.concerns.reportTo]), severity: 'critical',
          subject: `Safeguarding rule at risk on a home visit: ${event.data.rule}`,
          text: `${staff} at ${where}: ${event.data.detail}`,
        }];
      case 'WatchLost':
        return [{
          ...base, kind: 'watch-lost', messageId, level: 0, notify: unique(['office', ...(policy.escalation.levels[0]?.notify ?? [])]), severity: 'critical',
          subject: `Not being watched: the home visit by ${staff} (${policy.schoolName})`,
          text: staffAreOut(visit)
            ? `The system can no longer time the home visit by ${staff} at ${where} (${event.data.error}). Until it is fixed nobody is timing their check-ins or escalating a missed one: phone them now to check they are safe, and keep track of their check-ins by hand until they are back. Operations have been alerted.`
            : `The system can no longer run the home visit by ${staff} at ${where} (${event.data.error}). It keeps trying on its own; until it is fixed, if they set off, time their check-ins by hand. Operations have been alerted.`,
        }];
      case 'AlertResolved':
        // Answered by a duress check-in: responders hear the duress alert, not "resolved".
        if (events.some((other) => other.meta.commandId === event.meta.commandId && other.type === 'CheckedIn' && other.data.duress)) return [];
        return [{
          ...base, kind: 'alert-resolved', messageId, alertId: event.data.alertId, level: 0, notify: everyone, severity: 'info',
          subject: `Resolved: alert ${event.data.alertId} (${event.data.resolution})`,
          text: `The alert for ${staff} at ${where} was resolved: ${event.data.resolution}.`,
        }];
      default:
        return [];
    }
  });
}
