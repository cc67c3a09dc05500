import type { Actor, HumanRole, Role } from './actor';
import { localTime, type LocalTime } from './local-time';
import type { FiledReport, ReportAlert, ReportBody, ReportStamp } from './report';
import { ALERT_WORDS, arrangementChange, capitalised, RESOLUTION_WORDS } from './narrate';

/**
 * The filed report laid out for people: titled sections of labelled fields, lists and text, with
 * times in the school's zone and codes in words. Pure. The Markdown renderer and the PDF adapter
 * both draw this one layout, so the two formats cannot say different things.
 */

export type Block =
  | { readonly kind: 'fields'; readonly fields: readonly (readonly [label: string, value: string])[] }
  | { readonly kind: 'list'; readonly heading?: string; readonly items: readonly string[]; readonly empty: string }
  | { readonly kind: 'text'; readonly heading?: string; readonly text: string };

export interface Section {
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface ReportDocument {
  readonly title: string;
  /** One line under the title: school, date, outcome. */
  readonly subtitle: string;
  /** For page footers. */
  readonly reference: string;
  readonly sections: readonly Section[];
}

const ROLE_NAMES: Record<Role, string> = {
  staff: 'Staff',
  office: 'Office',
  dsl: 'DSL',
  slt: 'SLT',
  headteacher: 'Headteacher',
  auditor: 'Auditor',
  admin: 'Admin',
  system: 'Workflow',
};

const KIND = { planned: 'Planned', unannounced: 'Unannounced', emergency: 'Emergency' } as const;
const OUTCOME = { completed: 'Completed', cancelled: 'Cancelled', declined: 'Declined', 'not-visited': 'Not visited (cancelled before leaving)' } as const;
const RISK_OUTCOME = {
  proceed: 'Proceed',
  'pairs-only': 'Proceed only in pairs',
  'invite-to-school': 'Invite the family into school instead',
  'do-not-visit': 'Do not visit',
} as const;
const SIGNATURE_RULE = { never: 'not asked for', 'when-attendance': 'asked for on attendance visits', always: 'asked for on every visit' } as const;

const sentence = (code: string): string => {
  return capitalised(code.replace(/-/g, ' '));
};
const yesNo = (value: boolean): string => (value ? 'Yes' : 'No');
/** The outcome in words: a doorstep visit says so. */
const outcomeText = (body: ReportBody): string =>
  body.doorstep ? `${OUTCOME[body.outcome]} at the door (a doorstep visit: staff did not go in)` : OUTCOME[body.outcome];
export const roleName = (role: Role): string => ROLE_NAMES[role];
const roles = (list: readonly HumanRole[]): string => list.map(roleName).join(', ');

export function reportDocument(report: FiledReport): ReportDocument {
  const body = report.body;
  const time = localTime(body.timeZone, body.date);
  const staffNames = new Map(body.staff.map((member) => [member.userId, member.name]));
  const who = (actor: Actor): string =>
    actor.role === 'system' ? 'the workflow (automatic)' : `${staffNames.get(actor.userId) ?? actor.name ?? actor.userId} (${roleName(actor.role)})`;
  const stamped = (stamp: ReportStamp | undefined, withWho = true): string => {
    if (!stamp) return 'Not reached';
    const claimed = stamp.claimedAt && stamp.claimedAt !== stamp.at ? `, said to be at ${time.at(stamp.claimedAt)}` : '';
    return `${time.at(stamp.at)}${claimed}${withWho ? `, ${who(stamp.by)}` : ''}`;
  };
  const zone = time.zone(body.times.departed?.at ?? body.visit.plannedStartAt);

  return {
    title: `Home visit report: ${body.pupil.name}`,
    subtitle: `${body.school.name} · ${time.longDate(body.date)} · ${outcomeText(body)}`,
    reference: `Visit ${body.visitId} · report ${report.reportId} · filed ${time.at(report.filedAt)} ${time.zone(report.filedAt)}`,
    sections: [
      visitSection(report, body, time, zone),
      authorisationSection(body, time, who),
      beforeSection(body),
      staffSection(body),
      timesSection(body, stamped, zone),
      ...(body.cancellation ? [cancellationSection(body.cancellation, time, who)] : []),
      {
        title: 'People present',
        blocks: [
          { kind: 'list', items: body.peoplePresent.map((person) => `${person.name} (${sentence(person.relationship).toLowerCase()})`), empty: 'Nobody: staff did not go in.' },
        ],
      },
      discussionSection(body),
      concernsSection(body, time, who),
      alertsSection(body.alerts, time, who),
      signaturesSection(body),
      followUpSection(body, time),
    ],
  };
}

type Time = LocalTime;
type Who = (actor: Actor) => string;

function visitSection(report: FiledReport, body: ReportBody, time: Time, zone: string): Section {
  const { visit } = body;
  const kind = visit.kind === 'unannounced' && visit.unannouncedReason ? `${KIND[visit.kind]} (${sentence(visit.unannouncedReason).toLowerCase()})` : KIND[visit.kind];
  return {
    title: 'The visit',
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['School', body.school.name],
          ['Pupil', `${body.pupil.name} (${body.pupil.id})`],
          ['Address', body.address],
          ['Date', time.longDate(body.date)],
          ['Visit kind', kind],
          ['Purpose', `${sentence(visit.purpose)}: ${visit.purposeDetail}`],
          ...(visit.appointmentAt ? ([['Appointment', `${time.at(visit.appointmentAt)} ${zone}`]] as const) : []),
          ['Planned', `${time.at(visit.plannedStartAt)} to ${time.at(visit.expectedReturnAt)} ${zone}`],
          ...(visit.eveningJustification ? ([['Evening visit because', visit.eveningJustification]] as const) : []),
          ['Outcome', outcomeText(body)],
          ['Policy', `${body.policy.title} (version ${body.policy.version})`],
          ['CPOMS categories', report.categories.join(', ')],
          ['Report', `${report.reportId}, filed ${time.at(report.filedAt)} ${time.zone(report.filedAt)}`],
        ],
      },
    ],
  };
}

function authorisationSection(body: ReportBody, time: Time, who: Who): Section {
  const auth = body.authorisation;
  const decision: (readonly [string, string])[] =
    auth.decision === 'authorised'
      ? [['Authorised', `${time.at(auth.at)}, ${who(auth.by)}`], ...(auth.note ? ([['Authoriser\'s note', auth.note]] as const) : [])]
      : auth.decision === 'declined'
        ? [['Declined', `${time.at(auth.at)}, ${who(auth.by)}`], ['Reason', auth.reason]]
        : [['Authorised', 'No decision: the visit was cancelled first']];
  const changes: (readonly [string, string])[] = (body.changes ?? []).map((change) => [
    'Rearranged',
    `${time.at(change.at)}, ${who(change.by)}: ${arrangementChange(change, time.at)}. Reason: ${change.reason}` +
      `${change.withdrawn ? `. The authorisation given ${time.at(change.withdrawn.at)} by ${who(change.withdrawn.by)} no longer stood: the visit went back to be authorised again` : ''}` +
      `${change.told.length > 0 ? `. Told: ${change.told.join(', ')}` : ''}`,
  ]);
  return {
    title: 'Authorisation',
    blocks: [{ kind: 'fields', fields: [['Requested', `${time.at(body.requested.at)}, ${who(body.requested.by)}`], ...changes, ...decision] }],
  };
}

function beforeSection(body: ReportBody): Section {
  const risk = body.riskAssessment;
  // Reports filed before checklists were policy data list the ids of the checks done.
  const checks: [string, string][] = body.checklists
    ? body.checklists.beforeVisit.map((item) => [item.text, `${yesNo(item.done)}${item.required ? ' (required)' : ''}`])
    : body.preVisitChecks.map((id) => [sentence(id), 'Yes']);
  return {
    title: 'Before the visit: checks and risk assessment',
    blocks: [
      {
        kind: 'fields',
        fields: [
          ...checks,
          ...(body.checklists?.toCarry.map((item): [string, string] => [`Carried: ${item.text}`, yesNo(item.done)]) ?? []),
          ...(risk
            ? ([
                ['Risk rating', sentence(risk.rating)],
                ['Risk outcome', RISK_OUTCOME[risk.outcome]],
              ] as const)
            : ([['Risk assessment', 'Not reached']] as const)),
        ],
      },
      ...(risk
        ? ([
            { kind: 'list', heading: 'Reasons', items: risk.reasons, empty: 'None given.' },
            { kind: 'list', heading: 'Controls', items: risk.controls, empty: 'None needed.' },
          ] as const)
        : []),
    ],
  };
}

function staffSection(body: ReportBody): Section {
  return {
    title: 'Staff',
    blocks: [
      { kind: 'list', items: body.staff.map((member) => `${member.name} (${member.userId})`), empty: 'None recorded.' },
      ...(body.staff.length > 1 ? ([{ kind: 'fields', fields: [['Code word agreed before leaving', yesNo(body.safeWordAgreed)]] }] as const) : []),
    ],
  };
}

function timesSection(body: ReportBody, stamped: (stamp: ReportStamp | undefined, withWho?: boolean) => string, zone: string): Section {
  const { times } = body;
  return {
    title: `Times (${zone})`,
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['Departed', stamped(times.departed)],
          ['Arrived', stamped(times.arrived)],
          ['Entered', stamped(times.entered)],
          ['Left', stamped(times.left)],
          ...(body.checklists?.onLeaving.map((item): [string, string] => [`On leaving: ${item.text}`, yesNo(item.done)]) ?? []),
          ['Returned safely', stamped(times.returned)],
          ...(body.parentReportedLate
            ? ([['Family said they were late', `${stamped(body.parentReportedLate)}; expected ${stamped({ ...body.parentReportedLate, at: body.parentReportedLate.expectedAt }, false)}`]] as const)
            : []),
        ],
      },
      { kind: 'list', heading: 'Check-ins', items: body.checkIns.map((checkIn) => stamped(checkIn)), empty: 'None besides leaving and returning.' },
    ],
  };
}

function discussionSection(body: ReportBody): Section {
  const { discussion } = body;
  return {
    title: 'Discussed and agreed',
    blocks: [
      { kind: 'list', heading: 'Facts (what was seen and said)', items: discussion.facts, empty: 'None recorded.' },
      { kind: 'list', heading: 'Agreed', items: discussion.agreements, empty: 'Nothing agreed.' },
      { kind: 'text', heading: 'Professional opinion (kept apart from the facts)', text: discussion.professionalOpinion ?? 'None given.' },
    ],
  };
}

function concernsSection(body: ReportBody, time: Time, who: Who): Section {
  return {
    title: 'Concerns',
    blocks: [
      {
        kind: 'list',
        heading: 'Safeguarding concerns and to whom they went',
        items: body.concerns.map((concern) => `${concern.summary} (raised ${time.at(concern.at)} by ${who(concern.by)}; reported to ${roles(concern.reportedTo)})`),
        empty: 'None raised.',
      },
      {
        kind: 'list',
        heading: 'Safeguarding rules at risk',
        items: body.ruleBreaches.map((breach) => `${time.at(breach.at)}: ${sentence(breach.rule)}. ${breach.detail}`),
        empty: 'None.',
      },
    ],
  };
}

function alertsSection(alerts: readonly ReportAlert[], time: Time, who: Who): Section {
  const describe = (alert: ReportAlert): string => {
    const due = alert.dueAt ? ` (due ${time.at(alert.dueAt)})` : '';
    const level = alert.levelReached > 0 ? `escalated to level ${alert.levelReached}, notifying ${roles(alert.notified)}` : 'not escalated';
    const answered = alert.acknowledgedBy ? `; acknowledged by ${who(alert.acknowledgedBy)}${alert.acknowledgedAt ? ` at ${time.at(alert.acknowledgedAt)}` : ''}` : '';
    // A person who resolved it is named, with their reason; a sign of life from the staff says itself.
    const resolved = !alert.resolvedAt || !alert.resolution
      ? '; NOT RESOLVED'
      : alert.resolution === 'resolved'
        ? `; resolved ${time.at(alert.resolvedAt)}${alert.resolvedBy ? ` by ${who(alert.resolvedBy)}` : ''}: ${alert.reason ?? RESOLUTION_WORDS.resolved}`
        : `; resolved ${time.at(alert.resolvedAt)}: ${RESOLUTION_WORDS[alert.resolution]}`;
    return `${capitalised(ALERT_WORDS[alert.kind])}${due}, raised ${time.at(alert.raisedAt)}; ${level}${answered}${resolved}.`;
  };
  return { title: 'Alerts and how each was resolved', blocks: [{ kind: 'list', items: alerts.map(describe), empty: 'No alerts.' }] };
}

function cancellationSection(cancellation: NonNullable<ReportBody['cancellation']>, time: Time, who: Who): Section {
  return {
    title: 'Cancellation',
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['Reason', sentence(cancellation.reason)],
          ['In writing', cancellation.detail],
          ...(cancellation.unsafeIndicators ? ([['What made it unsafe', cancellation.unsafeIndicators.map((i) => sentence(i).toLowerCase()).join(', ')]] as const) : []),
          ...(cancellation.rule ? ([['Policy rule', cancellation.rule]] as const) : []),
          ['Cancelled', `${time.at(cancellation.at)}, ${who(cancellation.by)}`],
          ['Staff were out', yesNo(cancellation.staffWereOut)],
          [
            'Told in writing',
            cancellation.writtenNoticeTo
              ? `${cancellation.writtenNoticeTo.title}, as the policy names`
              : 'Not required by the policy for this reason',
          ],
        ],
      },
    ],
  };
}

function signaturesSection(body: ReportBody): Section {
  const { signatures } = body;
  const signed = (value: boolean | undefined) => (value === undefined ? 'Not recorded' : value ? 'Signed' : 'Not signed');
  return {
    title: 'Signatures',
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['Policy', `Parent's and officer's signatures ${SIGNATURE_RULE[signatures.policy]}`],
          ['Required on this visit', yesNo(signatures.required)],
          ...(signatures.required || signatures.parent !== undefined
            ? ([
                ['Parent or carer', signed(signatures.parent)],
                ['Officer', signed(signatures.officer)],
              ] as const)
            : []),
        ],
      },
    ],
  };
}

function followUpSection(body: ReportBody, time: Time): Section {
  const { followUp } = body;
  const scheduled = (followUp.scheduled ?? []).map(
    (rule) => `${sentence(rule.id)}: ${time.at(rule.dueAt)}, ${rule.action === 'prompt-visit' ? 'a follow-up visit prompted' : 'a notice'} to ${rule.notify.join(', ')}`,
  );
  const rule = followUp.whenAgreementsBroken
    ? followUp.ruleApplies
      ? 'Applies: agreements were made; a follow-up visit is due if they are not kept'
      : 'Does not apply: nothing was agreed'
    : 'The policy has no follow-up rule';
  return {
    title: 'Follow-up',
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['Follow-up needed', yesNo(followUp.needed)],
          ['Follow-up if agreements are broken', rule],
        ],
      },
      ...(followUp.scheduled ? ([{ kind: 'list', heading: 'Timed follow-ups the policy scheduled', items: scheduled, empty: 'None.' }] as const) : []),
    ],
  };
}
