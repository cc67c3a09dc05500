import type { Role } from './actor';
import { list, record, text, texts } from './narrate-read';
import type { AlertKind, AlertResolution, VisitEvent } from './events';
import type { Policy } from './policy';

/**
 * Each recorded event in words: what happened (a title) and its particulars, in the policy's own
 * titles where it has them. The one narrator: the CLI's replay, the auditor's page and the report
 * say what this says. Events are read as stored (an altered one included, on the auditor's page),
 * so every field is read as possibly missing or of the wrong kind, and an unknown type is named as
 * it is. Pure, and free of zod, so the web pages bundle it.
 */

/** An event as the history API gives it (and as the CLI reads it). */
export interface NarratedEvent {
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

/** What of the governing policy the words use: its titles for roles, recipients, purposes and checks. */
export type NarrationPolicy = Pick<Policy, 'roles' | 'recipients' | 'purposes' | 'checklists' | 'entry'>;

export interface EventWords {
  readonly title: string;
  readonly details: readonly string[];
}

/** How the surface shows an instant (the CLI "09:30", the page "Mon 23 Nov 2026, 09:30:05"). */
export type ShowTime = (iso: string) => string;

/** The identity groups, where the policy has no school title at hand (who did something). */
export const ROLE_WORDS: Record<Role, string> = {
  staff: 'staff',
  office: 'office',
  dsl: 'safeguarding lead',
  slt: 'senior leader',
  headteacher: 'headteacher',
  auditor: 'auditor',
  admin: 'administrator',
  system: 'the workflow',
};

/** Each kind of alert, as the words after "Alert:" (and, capitalised, a line of the report); panic and duress shouted. */
export const ALERT_WORDS: Record<AlertKind, string> = {
  'check-in-overdue': 'check-in overdue',
  'safe-return-overdue': 'safe return overdue',
  'return-overdue': 'not back by the expected return time',
  'safeguarding-concern': 'safeguarding concern',
  panic: 'PANIC',
  duress: 'DURESS',
};

/** "check-in overdue" → "Check-in overdue": words that start a line. */
export const capitalised = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);

/** How an alert ended: after "Alert closed:" in the timeline, and in the report's list of alerts. */
export const RESOLUTION_WORDS: Record<AlertResolution, string> = {
  'checked-in': 'the staff checked in',
  returned: 'the staff returned safely',
  resolved: 'resolved by a person',
  acknowledged: 'acknowledged by a person',
  cancelled: 'called off by the staff as a false alarm, with their cancel PIN',
};

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

const OUTCOME_WORDS: Record<string, string> = {
  completed: 'completed',
  cancelled: 'cancelled',
  declined: 'declined',
  'not-visited': 'not visited',
};


/** "Dev Lead (safeguarding lead)", or "The workflow"; a staff name from the request before the identity's. */
export function whoWords(event: Pick<NarratedEvent, 'actor' | 'actorName' | 'role'>, staffNames?: ReadonlyMap<string, string>): string {
  if (event.role === 'system') return 'The workflow';
  return `${staffNames?.get(event.actor) ?? event.actorName ?? event.actor} (${ROLE_WORDS[event.role] ?? event.role})`;
}

/** A role or recipient id in the school's words. */
function whoIs(id: string, policy: NarrationPolicy | null | undefined): string {
  return policy?.roles[id]?.title ?? policy?.recipients[id]?.title ?? (ROLE_WORDS as Record<string, string>)[id] ?? id;
}

function people(value: unknown): string {
  return list(value)
    .map((person) => {
      const { name, relationship } = record(person);
      return `${text(name) ?? 'someone'}${text(relationship) ? ` (${text(relationship)})` : ''}`;
    })
    .join(', ');
}

interface Arrangement {
  readonly appointmentAt?: string | undefined;
  readonly plannedStartAt?: string | undefined;
  readonly expectedReturnAt?: string | undefined;
  readonly staff?: readonly { readonly name: string }[] | undefined;
}

/** "appointment 10:00 → 11:00; staff Alice Officer and Bob Worker → Alice Officer and Carol Third". */
export function arrangementChange(data: { readonly changes: Arrangement; readonly previous: Arrangement }, at: ShowTime): string {
  const { changes, previous } = data;
  const when = (iso: string | undefined) => (iso ? at(iso) : 'none');
  const names = (staff: Arrangement['staff']) => (staff ?? []).map((member) => member.name).join(' and ') || 'none';
  return [
    ...(changes.appointmentAt ? [`appointment ${when(previous.appointmentAt)} → ${when(changes.appointmentAt)}`] : []),
    ...(changes.plannedStartAt ? [`planned start ${when(previous.plannedStartAt)} → ${when(changes.plannedStartAt)}`] : []),
    ...(changes.expectedReturnAt ? [`expected return ${when(previous.expectedReturnAt)} → ${when(changes.expectedReturnAt)}`] : []),
    ...(changes.staff ? [`staff ${names(previous.staff)} → ${names(changes.staff)}`] : []),
  ].join('; ');
}

/** A stored arrangement, read as possibly altered. */
function arrangementOf(value: unknown): Arrangement {
  const data = record(value);
  const staff = data.staff === undefined ? undefined : list(data.staff).map((member) => ({ name: text(record(member).name) ?? '?' }));
  return { appointmentAt: text(data.appointmentAt), plannedStartAt: text(data.plannedStartAt), expectedReturnAt: text(data.expectedReturnAt), staff };
}

export function formatMinutes(minutes: number): string {
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export interface WordsContext {
  readonly policy: NarrationPolicy | null | undefined;
  readonly at: ShowTime;
  /** When the alert an acknowledgement answers was raised, where the record says. */
  readonly raisedAt?: (alertId: string) => string | undefined;
}

/** The event in words: a title and its particulars. */
export function eventWords(event: Pick<NarratedEvent, 'type' | 'data' | 'recordedAt'>, context: WordsContext): EventWords {
  const data = record(event.data);
  const reading: Reading = {
    event,
    data,
    policy: context.policy,
    context,
    at: (value) => (text(value) ? context.at(text(value)!) : '?'),
    note: text(data.note),
    alert: `Alert ${text(data.alertId) ?? '?'}`,
  };
  const words = (WORDS as Record<string, Wording | undefined>)[event.type];
  return words ? words(reading) : { title: event.type, details: [] };
}

interface Reading {
  readonly event: Pick<NarratedEvent, 'type' | 'data' | 'recordedAt'>;
  readonly data: Record<string, unknown>;
  readonly policy: NarrationPolicy | null | undefined;
  readonly context: WordsContext;
  readonly at: (value: unknown) => string;
  readonly note: string | undefined;
  /** "Alert <id>" */
  readonly alert: string;
}
type Wording = (reading: Reading) => EventWords;

/** Every event type has its words: the compiler checks the list against the events (events.ts). */
const WORDS: Record<VisitEvent['type'], Wording> = {
  VisitRequested: ({ data, policy, at }) => {
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
        text(details.plannedStartAt) ? `Setting out ${at(details.plannedStartAt)}, back by ${at(details.expectedReturnAt)}` : '',
        text(policyRef.version) ? `Under the policy of ${text(policyRef.version)}${text(policyRef.schoolId) ? ` (${text(policyRef.schoolId)})` : ''}` : '',
      ].filter(Boolean),
    };
  },
  VisitAuthorised: ({ data, note }) => ({
    title: 'Authorised',
    details: [note ? `Note: ${note}` : '', data.pairRequired === true ? 'Must be made in a pair' : data.pairRequired === false ? 'May be made alone' : ''].filter(Boolean),
  }),
  VisitDeclined: ({ data }) => ({ title: 'Declined', details: [`Reason: ${text(data.reason) ?? 'none given'}`] }),
  VisitRescheduled: ({ data, policy, context }) => ({
    title: data.reauthorise === true ? 'Arrangement changed, sent back to be authorised' : 'Arrangement changed',
    details: [
      `Changed: ${arrangementChange({ changes: arrangementOf(data.changes), previous: arrangementOf(data.previous) }, context.at) || 'nothing'}`,
      `Reason: ${text(data.reason) ?? 'none given'}`,
      texts(data.notify).length ? `Told: ${texts(data.notify).map((id) => whoIs(id, policy)).join(', ')}` : '',
    ].filter(Boolean),
  }),
  RiskAssessed: ({ data }) => ({
    title: `Risk assessed: ${text(data.rating) ?? '?'} risk, ${(text(data.outcome) ?? '?').replace(/-/g, ' ')}`,
    details: texts(data.reasons).map((reason) => `Because: ${reason}`),
  }),
  Departed: () => ({ title: 'Set out for the visit (the check-in before)', details: [] }),
  ParentReportedLate: ({ data, at }) => ({ title: `Family running late, expected ${at(data.expectedAt)}`, details: [] }),
  Arrived: () => ({ title: 'Arrived at the door', details: [] }),
  FamilyCameToDoor: ({ data }) => ({ title: 'The family came to the door', details: data.peoplePresent ? [`At the door: ${people(data.peoplePresent)}`] : [] }),
  Entered: ({ data }) => ({ title: 'Went in', details: [`People present: ${people(data.peoplePresent) || 'none named'}`] }),
  CheckedIn: ({ data, note }) => {
    const duress = text(record(data.duress).alertId);
    return {
      title: duress ? 'Checked in with the duress code (silent alert)' : 'Checked in',
      details: [
        note ? `Note: ${note}` : '',
        data.adultPresent === true ? 'An adult was present' : data.adultPresent === false ? 'No adult was present' : '',
        duress ? `Alert ${duress}` : '',
      ].filter(Boolean),
    };
  },
  LeftHome: ({ data, policy }) => {
    const notes = record(data.notes);
    const itemText = (id: string) => policy?.checklists.onLeaving.find((item) => item.id === id)?.text ?? id;
    const attested = texts(data.attestations).map(itemText);
    const answeredNo = texts(data.answeredNo).map(itemText);
    return {
      title: data.doorstep === true ? 'Finished at the door' : 'Left the home',
      details: [
        ...texts(notes.facts).map((fact) => `Fact: ${fact}`),
        ...texts(notes.agreements).map((agreement) => `Agreed: ${agreement}`),
        text(notes.professionalOpinion) ? `Opinion: ${text(notes.professionalOpinion)}` : '',
        notes.followUpNeeded === true ? 'A follow-up is needed' : '',
        ...attested.map((item) => `Attested: ${item}`),
        ...answeredNo.map((item) => `Answered no: ${item}`),
      ].filter(Boolean),
    };
  },
  ReturnedSafely: () => ({ title: 'Back safely (the check-in after)', details: [] }),
  VisitCancelled: ({ data, policy }) => {
    const reason = text(data.reason) ?? '';
    const indicators = texts(data.unsafeIndicators).map((id) => policy?.entry.unsafeIndicators.find((item) => item.id === id)?.title ?? id);
    const notice = record(data.writtenNoticeTo);
    return {
      title: `Cancelled: ${CANCELLATION_WORDS[reason] ?? reason}`,
      details: [
        text(data.detail) ?? '',
        text(data.rule) ? `Policy rule: ${text(data.rule)}` : '',
        indicators.length ? `Signs of danger: ${indicators.join('; ')}` : '',
        text(notice.title) ? `In writing to: ${text(notice.title)}` : '',
        data.staffOut === true ? 'Staff were out: they must still return safely' : '',
      ].filter(Boolean),
    };
  },
  CheckInOverdue: ({ data, at, alert }) => ({ title: `Alert: ${(ALERT_WORDS as Record<string, string>)[text(data.kind) ?? ''] ?? text(data.kind) ?? 'overdue'}`, details: [`Was due ${at(data.dueAt)}`, alert] }),
  AlertEscalated: ({ data, policy, alert }) => {
    const told = texts(data.recipients).map((id) => whoIs(id, policy));
    return {
      title: `Alert escalated to level ${typeof data.level === 'number' ? data.level : '?'}`,
      details: [`Told: ${(told.length ? told : texts(data.notify).map((group) => whoIs(group, null))).join(', ')}`, text(data.instruction) ?? '', alert].filter(Boolean),
    };
  },
  AlertAcknowledged: ({ event, data, context, note, alert }) => {
    const raised = context.raisedAt?.(text(data.alertId) ?? '');
    return {
      title: 'Alert acknowledged ("I have it")',
      details: [
        raised ? `Answered ${formatMinutes((Date.parse(event.recordedAt) - Date.parse(raised)) / 60_000)} after it was raised` : '',
        note ? `Note: ${note}` : '',
        alert,
      ].filter(Boolean),
    };
  },
  AlertResolved: ({ data, alert }) => ({
    title: `Alert closed: ${(RESOLUTION_WORDS as Record<string, string>)[text(data.resolution) ?? ''] ?? text(data.resolution) ?? '?'}`,
    details: [text(data.reason) ? `Reason: ${text(data.reason)}` : '', alert].filter(Boolean),
  }),
  MoreTimeTaken: ({ data, at }) => ({
    title: `More time asked for: ${typeof data.minutes === 'number' ? data.minutes : '?'} minutes`,
    details: [text(data.reason) ?? '', `The ${text(data.moves) ?? '?'} now due ${at(data.dueAt)}`].filter(Boolean),
  }),
  PanicRaised: ({ note, alert }) => ({ title: 'PANIC raised', details: [note ? `Note: ${note}` : '', alert].filter(Boolean) }),
  DuressRaised: ({ alert }) => ({ title: 'Duress alert raised (silent)', details: [alert] }),
  FalseAlarmCancelled: ({ data, alert }) => {
    const duress = text(record(data.duress).alertId);
    return duress
      ? { title: 'Call for help called off with the duress code (silent alert; the call stays open)', details: [`Alert ${duress}`, `Call for help ${text(data.alertId) ?? '?'}`] }
      : { title: 'Call for help called off as a false alarm, with the cancel PIN', details: [alert] };
  },
  SafeguardingConcernRaised: ({ data, policy }) => ({
    title: 'Safeguarding concern raised',
    details: [text(data.summary) ?? '', `Told: ${texts(data.reportedTo).map((group) => whoIs(group, policy)).join(', ')}`].filter(Boolean),
  }),
  SafeguardingRuleBreached: ({ data }) => ({ title: `Safeguarding rule at risk: ${text(data.rule) ?? '?'}`, details: [text(data.detail) ?? ''].filter(Boolean) }),
  CheckInReminderSent: ({ data, at }) => ({ title: 'Check-in reminder sent to the staff', details: [`For the check-in due ${at(data.dueAt)}`] }),
  VisitClosed: ({ data, at }) => ({
    title: `Visit closed: ${OUTCOME_WORDS[text(data.outcome) ?? ''] ?? text(data.outcome) ?? '?'}`,
    details: list(data.followUps).map((item) => `Follow-up ${text(record(item).id) ?? '?'} due ${at(record(item).dueAt)}`),
  }),
  FollowUpDue: ({ data, policy }) => ({
    title: `Follow-up due: ${data.action === 'prompt-visit' ? 'a follow-up visit' : 'a notice'}`,
    details: [text(data.text) ?? '', `Told: ${texts(data.recipients).map((id) => whoIs(id, policy)).join(', ')}`, `Follow-up ${text(data.followUpId) ?? '?'}`].filter(Boolean),
  }),
  FollowUpResolved: ({ data, note }) => ({ title: 'Follow-up settled before it fell due', details: [note ? `Note: ${note}` : '', `Follow-up ${text(data.followUpId) ?? '?'}`].filter(Boolean) }),
  ReportFiled: ({ data }) => ({ title: 'Report filed', details: [`Categories: ${texts(data.categories).join(', ')}`, `Report ${text(data.reportId) ?? '?'}`] }),
  WatchLost: ({ data }) => ({ title: 'The workflow lost its watch on the visit; the office was told', details: [`Failure: ${text(data.error) ?? '?'}`] }),
};
