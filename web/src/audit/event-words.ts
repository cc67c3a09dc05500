import type { Policy, Schemas } from '../shared/api';
import { when } from '../shared/time';
import { ALERT_WORDS, GROUP_WORDS } from '../shared/words';

/**
 * Each recorded fact in words, for the auditor: what happened and its particulars, in the policy's
 * own titles where it has them. Events arrive as stored (an altered one included), so every field is
 * read as possibly missing or of the wrong kind, and an unknown type is named as it is.
 */

export type HistoryEvent = Schemas['History']['events'][number];

export interface EventWords {
  readonly title: string;
  readonly details: readonly string[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const texts = (value: unknown): string[] => list(value).filter((item): item is string => typeof item === 'string');
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** "Dev Lead (safeguarding lead)", or "The workflow". */
export function whoWords(event: Pick<HistoryEvent, 'actor' | 'actorName' | 'role'>): string {
  if (event.role === 'system') return 'The workflow';
  return `${event.actorName ?? event.actor} (${GROUP_WORDS[event.role] ?? event.role})`;
}

export const CANCELLATION_WORDS: Record<string, string> = {
  'parent-no-show': 'the parent was not there',
  'parent-too-late': 'the parent was too late',
  unsafe: 'it was not safe',
  'animals-not-secured': 'animals were not secured',
  'no-adult-present': 'no adult was present',
  'family-declined': 'the family declined',
  'pairs-required': 'it must be made in a pair',
  'risk-assessment': 'the risk assessment',
  'staff-unavailable': 'staff were unavailable',
  other: 'another reason',
};

const RESOLUTION_WORDS: Record<string, string> = {
  'checked-in': 'the staff checked in',
  returned: 'the staff returned',
  resolved: 'resolved by a person',
  acknowledged: 'acknowledged',
  cancelled: 'called off by the staff as a false alarm',
};

const OUTCOME_WORDS: Record<string, string> = {
  completed: 'completed',
  cancelled: 'cancelled',
  declined: 'declined',
  'not-visited': 'not visited',
};

/** A role or recipient id in the school's words. */
function whoIs(id: string, policy: Policy | null): string {
  return policy?.roles[id]?.title ?? policy?.recipients[id]?.title ?? GROUP_WORDS[id] ?? id;
}

function people(value: unknown): string {
  return list(value)
    .map((person) => {
      const { name, relationship } = record(person);
      return `${text(name) ?? 'someone'}${text(relationship) ? ` (${text(relationship)})` : ''}`;
    })
    .join(', ');
}

export function eventWords(event: HistoryEvent, policy: Policy | null): EventWords {
  const data = record(event.data);
  const zone = policy?.timeZone;
  const note = text(data.note);
  switch (event.type) {
    case 'VisitRequested': {
      const details = record(data.details);
      const purpose = policy?.purposes.allowed.find((item) => item.id === details.purpose)?.title ?? text(details.purpose);
      const staff = list(details.staff).map((member) => text(record(member).name) ?? '?');
      const policyRef = record(data.policy);
      return {
        title: 'Visit requested',
        details: [
          purpose ? `Purpose: ${purpose}` : '',
          text(details.purposeDetail) ? `Why: ${text(details.purposeDetail)}` : '',
          staff.length ? `Staff: ${staff.join(', ')}` : '',
          text(details.plannedStartAt) ? `Setting out ${when(text(details.plannedStartAt), zone)}, back by ${when(text(details.expectedReturnAt), zone)}` : '',
          text(policyRef.version) ? `Under the policy of ${text(policyRef.version)}` : '',
        ].filter(Boolean),
      };
    }
    case 'VisitAuthorised':
      return {
        title: 'Authorised',
        details: [note ? `Note: ${note}` : '', data.pairRequired === true ? 'Must be made in a pair' : data.pairRequired === false ? 'May be made alone' : ''].filter(Boolean),
      };
    case 'VisitDeclined':
      return { title: 'Declined', details: [`Reason: ${text(data.reason) ?? 'none given'}`] };
    case 'VisitRescheduled':
      return {
        title: data.reauthorise === true ? 'Arrangement changed, sent back to be authorised' : 'Arrangement changed',
        details: [`Reason: ${text(data.reason) ?? 'none given'}`, `Changed: ${Object.keys(record(data.changes)).join(', ') || 'nothing'}`],
      };
    case 'RiskAssessed':
      return {
        title: `Risk assessed: ${text(data.rating) ?? '?'} risk, ${(text(data.outcome) ?? '?').replace(/-/g, ' ')}`,
        details: texts(data.reasons).map((reason) => `Because: ${reason}`),
      };
    case 'Departed':
      return { title: 'Set out for the visit (the check-in before)', details: [] };
    case 'ParentReportedLate':
      return { title: 'The parent said they would be late', details: [`Expected at ${when(text(data.expectedAt), zone)}`] };
    case 'Arrived':
      return { title: 'Arrived at the home', details: [] };
    case 'FamilyCameToDoor':
      return { title: 'The family came to the door', details: data.peoplePresent ? [`At the door: ${people(data.peoplePresent)}`] : [] };
    case 'Entered':
      return { title: 'Went in', details: [`People present: ${people(data.peoplePresent) || 'none named'}`] };
    case 'CheckedIn': {
      const duress = text(record(data.duress).alertId);
      return {
        title: duress ? 'Checked in with the duress code (silent alert)' : 'Checked in',
        details: [
          note ? `Note: ${note}` : '',
          data.adultPresent === true ? 'An adult was present' : data.adultPresent === false ? 'No adult was present' : '',
          duress ? `Alert ${duress}` : '',
        ].filter(Boolean),
      };
    }
    case 'LeftHome': {
      const notes = record(data.notes);
      const attested = texts(data.attestations).map((id) => policy?.checklists.onLeaving.find((item) => item.id === id)?.text ?? id);
      return {
        title: data.doorstep === true ? 'Finished at the door' : 'Left the home',
        details: [
          ...texts(notes.facts).map((fact) => `Fact: ${fact}`),
          ...texts(notes.agreements).map((agreement) => `Agreed: ${agreement}`),
          text(notes.professionalOpinion) ? `Opinion: ${text(notes.professionalOpinion)}` : '',
          notes.followUpNeeded === true ? 'A follow-up is needed' : '',
          ...attested.map((item) => `Attested: ${item}`),
        ].filter(Boolean),
      };
    }
    case 'ReturnedSafely':
      return { title: 'Back safely (the check-in after)', details: [] };
    case 'VisitCancelled': {
      const reason = text(data.reason) ?? '';
      const indicators = texts(data.unsafeIndicators).map((id) => policy?.entry.unsafeIndicators.find((item) => item.id === id)?.title ?? id);
      const notice = record(data.writtenNoticeTo);
      return {
        title: `Cancelled: ${CANCELLATION_WORDS[reason] ?? reason}`,
        details: [
          text(data.detail) ?? '',
          indicators.length ? `Signs of danger: ${indicators.join('; ')}` : '',
          text(notice.title) ? `In writing to: ${text(notice.title)}` : '',
          data.staffOut === true ? 'Staff were out: they must still return safely' : '',
        ].filter(Boolean),
      };
    }
    case 'CheckInOverdue':
      return { title: `Alert: ${(ALERT_WORDS as Record<string, string>)[text(data.kind) ?? ''] ?? text(data.kind) ?? 'overdue'}`, details: [`Was due ${when(text(data.dueAt), zone)}`, `Alert ${text(data.alertId) ?? '?'}`] };
    case 'AlertEscalated': {
      const told = texts(data.recipients).map((id) => whoIs(id, policy));
      return {
        title: `Alert escalated to level ${typeof data.level === 'number' ? data.level : '?'}`,
        details: [`Told: ${(told.length ? told : texts(data.notify).map((group) => GROUP_WORDS[group] ?? group)).join(', ')}`, text(data.instruction) ?? ''].filter(Boolean),
      };
    }
    case 'AlertAcknowledged':
      return { title: 'Alert acknowledged ("I have it")', details: [note ? `Note: ${note}` : '', `Alert ${text(data.alertId) ?? '?'}`].filter(Boolean) };
    case 'AlertResolved':
      return {
        title: `Alert closed: ${RESOLUTION_WORDS[text(data.resolution) ?? ''] ?? text(data.resolution) ?? '?'}`,
        details: [text(data.reason) ? `Reason: ${text(data.reason)}` : '', `Alert ${text(data.alertId) ?? '?'}`].filter(Boolean),
      };
    case 'MoreTimeTaken':
      return {
        title: `More time asked for: ${typeof data.minutes === 'number' ? data.minutes : '?'} minutes`,
        details: [text(data.reason) ?? '', `The ${text(data.moves) ?? '?'} now due ${when(text(data.dueAt), zone)}`].filter(Boolean),
      };
    case 'PanicRaised':
      return { title: 'PANIC raised', details: [note ? `Note: ${note}` : ''].filter(Boolean) };
    case 'DuressRaised':
      return { title: 'Duress alert raised (silent)', details: [] };
    case 'FalseAlarmCancelled': {
      const duress = text(record(data.duress).alertId);
      return duress
        ? { title: 'Call for help called off with the duress code (silent alert; the call stays open)', details: [`Alert ${duress}`, `Call for help ${text(data.alertId) ?? '?'}`] }
        : { title: 'Call for help called off as a false alarm, with the cancel PIN', details: [`Alert ${text(data.alertId) ?? '?'}`] };
    }
    case 'SafeguardingConcernRaised':
      return {
        title: 'Safeguarding concern raised',
        details: [text(data.summary) ?? '', `Told: ${texts(data.reportedTo).map((group) => GROUP_WORDS[group] ?? group).join(', ')}`].filter(Boolean),
      };
    case 'SafeguardingRuleBreached':
      return { title: `Safeguarding rule breached: ${text(data.rule) ?? '?'}`, details: [text(data.detail) ?? ''].filter(Boolean) };
    case 'CheckInReminderSent':
      return { title: 'Check-in reminder sent to the staff', details: [`For the check-in due ${when(text(data.dueAt), zone)}`] };
    case 'VisitClosed':
      return {
        title: `Visit closed: ${OUTCOME_WORDS[text(data.outcome) ?? ''] ?? text(data.outcome) ?? '?'}`,
        details: list(data.followUps).map((item) => `Follow-up ${text(record(item).id) ?? '?'} due ${when(text(record(item).dueAt), zone)}`),
      };
    case 'FollowUpDue':
      return { title: 'Follow-up due', details: [text(data.text) ?? '', `Told: ${texts(data.recipients).map((id) => whoIs(id, policy)).join(', ')}`].filter(Boolean) };
    case 'FollowUpResolved':
      return { title: 'Follow-up settled before it fell due', details: [note ? `Note: ${note}` : ''].filter(Boolean) };
    case 'ReportFiled':
      return { title: 'Report filed', details: [`Categories: ${texts(data.categories).join(', ')}`, `Report ${text(data.reportId) ?? '?'}`] };
    case 'WatchLost':
      return { title: 'The workflow lost its watch on the visit', details: [`Failure: ${text(data.error) ?? '?'}`] };
    default:
      return { title: event.type, details: [] };
  }
}
