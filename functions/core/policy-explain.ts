import { DAYS, DEFAULT_MORE_TIME, DEFAULT_TERM_DATES, moreTimeRule, type CancellationReason, type ChecklistItem, type Day, type EscalationLevel, type LeavingItem, type Policy, type Relationship } from './policy';
import { enforcersOf } from './policy-enforcement';
import { titlesOf } from './policy-people';

/**
 * A policy in plain English, for the headteacher to read against the school's written policy and
 * sign off (`npm run policy -- explain <file>`). Grouped as a written policy is: who, before the
 * visit, at the door, in the home and out of school, after, alerts. Roles and recipients are named
 * by the school's own titles, never by id. After each rule, on an indented line in brackets, the
 * clause it encodes (or the trust default used where the written policy is silent), so each can be
 * checked against the document.
 */
export function explainPolicy(policy: Policy): string {
  const sections: [string, string[]][] = [
    ['Who', who(policy)],
    ['Before the visit', beforeTheVisit(policy)],
    ['At the door', atTheDoor(policy)],
    ['In the home and out of school', inTheHome(policy)],
    ['After the visit', afterTheVisit(policy)],
    ['Alerts', alerts(policy)],
  ];
  const body = sections.map(([title, lines], index) => [`${index + 1}. ${title}`, ...lines].join('\n'));
  return `${[header(policy), ...body].join('\n\n')}\n`;
}

// ── Section headings and rules ────────────────────────────────────────────────────────────────

function header(policy: Policy): string {
  return [
    `${policy.schoolName}: home-visit policy, version ${policy.version}`,
    `Written policy: "${policy.source.title}" (${policy.source.reviewed}). Times are school time (${policy.timeZone}).`,
    'After each rule, in brackets, the clause of the written policy it encodes, or the trust default used where',
    'the written policy is silent. Read each against the document before signing off.',
  ].join('\n');
}

/** The fields a rule rests on: one path, or several, each with a word saying which part of the rule it is. */
type Fields = string | readonly (readonly [path: string, label: string])[];

/** A sentence explain would write about a field no rule in the core enforces (policy-enforcement.ts). */
export class UnenforcedSentenceError extends Error {
  constructor(readonly path: string, sentence: string) {
    super(`explain has no enforcing rule for ${path}, so cannot say: "${sentence}"`);
    this.name = 'UnenforcedSentenceError';
  }
}

/**
 * One rule: its sentence, any items it lists, then the citation of each field it rests on, once
 * each; when its fields cite different clauses, each says which part of the rule it is for. Every
 * field must be enforced by a rule in the core, so explain never claims what the system does not do.
 */
function rule(policy: Policy, fields: Fields, text: string, items: readonly string[] = []): string[] {
  const paths = typeof fields === 'string' ? [[fields, fields] as const] : fields;
  const unenforced = paths.find(([path]) => enforcersOf(path).length === 0);
  if (unenforced) throw new UnenforcedSentenceError(unenforced[0], text);
  const cited = paths.map(([path, label]) => ({
    label,
    citation: policy.citations?.[path] ?? `no citation for ${path}`,
  }));
  const distinct = [...new Set(cited.map((entry) => entry.citation))];
  const lines = distinct.length <= 1 ? distinct : cited.map((entry) => `${entry.label}: ${entry.citation}`);
  return [`- ${text}`, ...items.map((item) => `    · ${item}`), ...lines.map((citation) => `    [${citation}]`)];
}

/** A statement the policy cannot cite, because it has nothing to cite (an empty list of its own entries). */
const note = (text: string): string[] => [`- ${text}`];

// ── Words ─────────────────────────────────────────────────────────────────────────────────────

/** "A", "A and B", "A, B and C". */
function joined(words: readonly string[], last: 'and' | 'or' = 'and'): string {
  if (words.length === 0) return 'nobody';
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}`;
}

const titles = (policy: Policy, ids: readonly string[], last: 'and' | 'or' = 'and'): string => joined(titlesOf(policy, ids), last);

/** "20 minutes", "1 hour", "2 hours (120 minutes)", "1 hour 30 minutes (90 minutes)". */
function duration(minutes: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const spoken = rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
  return `${spoken} (${minutes} minutes)`;
}

const DAY_NAMES: Record<Day, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/** "every day", "Monday to Friday", "Monday, Wednesday and Friday". */
function dayRange(days: readonly Day[]): string {
  const indexes = [...new Set(days.map((day) => DAYS.indexOf(day)))].sort((a, b) => a - b);
  if (indexes.length === DAYS.length) return 'every day';
  const consecutive = indexes.every((index, position) => position === 0 || index === indexes[position - 1]! + 1);
  const names = indexes.map((index) => DAY_NAMES[DAYS[index]!]);
  return consecutive && names.length > 2 ? `${names[0]} to ${names.at(-1)}` : joined(names);
}

const RELATIONSHIPS: Record<Relationship, string> = {
  parent: 'a parent',
  carer: 'a carer',
  'responsible-adult': 'another responsible adult',
  pupil: 'the pupil',
  sibling: 'a brother or sister',
  'other-adult': 'another adult',
  'other-child': 'another child',
  staff: 'a member of staff',
};

const CANCELLATION_REASONS: Record<CancellationReason, string> = {
  'parent-no-show': 'no parent came to the door',
  'parent-too-late': 'the parent was too late',
  unsafe: 'staff felt unsafe at the door',
  'animals-not-secured': 'animals were not secured',
  'no-adult-present': 'no responsible adult was present',
  'family-declined': 'the family declined the visit',
  'pairs-required': 'a second member of staff was needed and none could go',
  'risk-assessment': 'the risk assessment ruled the visit out',
  'staff-unavailable': 'no member of staff was available',
  other: 'another reason',
};

const checklist = (items: readonly ChecklistItem[]): string[] => items.map((item) => `${item.text} (${item.required ? 'required' : 'optional'})`);

/** The steps of an escalation ladder, in order, with the delay before each. */
function ladder(policy: Policy, levels: readonly EscalationLevel[], start: { atOnce: string; after: string }): string[] {
  return levels.map((level) => {
    const when =
      level.level === 1
        ? level.afterMinutes === 0
          ? `at once, ${start.atOnce}`
          : `${duration(level.afterMinutes)} after ${start.after}`
        : level.afterMinutes === 0
          ? 'at the same time, if nobody has answered'
          : `${duration(level.afterMinutes)} later, if nobody has answered`;
    return `Level ${level.level}, ${when}: ${titles(policy, level.notify)}. They are asked: "${level.instruction}"`;
  });
}

// ── 1. Who ────────────────────────────────────────────────────────────────────────────────────

function who(policy: Policy): string[] {
  const { duties } = policy;
  // Any listed role may authorise, at once: nobody is asked first, so the list is not read as an order.
  const authorisers = `A visit may be authorised by: ${titles(policy, duties.authorise, 'or')}; any of them may do so.`;
  return [
    ...roles(policy),
    ...rule(policy, 'duties.request', `A visit may be requested by: ${titles(policy, duties.request, 'or')}.`),
    ...rule(policy, 'duties.authorise', `${authorisers} Nobody authorises a visit they will carry out.`),
    ...rule(policy, 'duties.carryOut', `Staff are sent on a visit as: ${titles(policy, duties.carryOut, 'or')} (the role is recorded as given when the visit is requested).`),
    ...rule(policy, 'duties.cancel', `Besides the staff on the visit, it may be cancelled by: ${titles(policy, duties.cancel, 'or')}.`),
    ...rule(policy, 'duties.acknowledge', `An alert may be answered ("I have it") by whoever it reached, and by: ${titles(policy, duties.acknowledge, 'or')}.`),
    ...recipients(policy),
  ];
}

function roles(policy: Policy): string[] {
  const entries = Object.entries(policy.roles);
  if (entries.length === 0) return note('The policy names no roles.');
  return [
    '- The school\'s roles, as its policy names them:',
    ...entries.flatMap(([id, role]) =>
      rule(policy, `roles.${id}`, `${role.title} (signs in as: ${joined(role.groups, 'or')})`).map((line) => `  ${line}`),
    ),
  ];
}

function recipients(policy: Policy): string[] {
  const entries = Object.entries(policy.recipients);
  if (entries.length === 0) return note('The policy names nobody outside the school to be told.');
  return [
    '- People outside the school, told only by the rules below that name them:',
    ...entries.flatMap(([id, recipient]) =>
      rule(policy, `recipients.${id}`, `${recipient.title}: by ${recipient.channel} on ${recipient.contact}. Whoever reads the alert is asked: "${recipient.instruction}"`).map(
        (line) => `  ${line}`,
      ),
    ),
  ];
}

// ── 2. Before the visit ───────────────────────────────────────────────────────────────────────

function beforeTheVisit(policy: Policy): string[] {
  return [...schoolDay(policy), ...purposes(policy), ...unannounced(policy), ...staffing(policy), ...risk(policy), ...checklistsBefore(policy)];
}

function schoolDay(policy: Policy): string[] {
  const { calendar } = policy;
  const outside = {
    allowed: 'Visits outside the school day are allowed.',
    discouraged: 'Visits outside the school day are discouraged: the request must give a written justification for the authoriser.',
    forbidden: 'Visits outside the school day are not allowed.',
  }[calendar.outside];
  return [
    ...rule(
      policy,
      [['calendar.days', 'days'], ['calendar.from', 'from'], ['calendar.until', 'until']],
      `The school day: ${dayRange(calendar.days)}, ${calendar.from} to ${calendar.until}. The whole visit, from setting out to the expected return, must fit in it.`,
    ),
    ...termDates(policy),
    ...rule(policy, 'calendar.outside', outside),
  ];
}

/** The school's terms and holidays with their citation, or the product's default, said to be one. */
function termDates(policy: Policy): string[] {
  const dates = policy.calendar.termDates;
  if (!dates) return ['- No term dates are given: every day of the school day above counts, in the holidays too.', `    [${DEFAULT_TERM_DATES.citation}]`];
  const ranges = (list: readonly { start: string; end: string }[]) => list.map((range) => `${range.start} to ${range.end}`);
  return rule(policy, 'calendar.termDates', 'Only days in term are school days:', [
    ...ranges(dates.terms ?? []).map((range) => `Term: ${range}`),
    ...ranges(dates.holidays ?? []).map((range) => `Holiday: ${range}`),
  ]);
}

function purposes(policy: Policy): string[] {
  const { allowed, forbidden } = policy.purposes;
  return [
    ...rule(
      policy,
      'purposes.allowed',
      'A visit may be for:',
      allowed.map((purpose) => `${purpose.title} (filed as: ${purpose.reportCategories.join(', ')})`),
    ),
    ...(forbidden.length === 0
      ? rule(policy, 'purposes.forbidden', 'No purpose is ruled out.')
      : rule(policy, 'purposes.forbidden', 'A visit may never be for:', forbidden.map((purpose) => `${purpose.title}: ${purpose.reason}`))),
  ];
}

function unannounced(policy: Policy): string[] {
  const reasons = policy.unannounced.allowedReasons;
  return reasons.length === 0
    ? rule(policy, 'unannounced.allowedReasons', 'Every visit is arranged with the family: none is made unannounced.')
    : rule(policy, 'unannounced.allowedReasons', 'A visit may be made without an appointment only for:', reasons.map((reason) => reason.title));
}

function staffing(policy: Policy): string[] {
  const { staffing: rules } = policy;
  const pairs = {
    always: 'Two members of staff always go together: never a lone visit.',
    'when-risk': 'Two members of staff go together when the risk assessment asks for it; otherwise one may go alone.',
    'where-possible': 'Two members of staff go together where possible; a lone visit needs a recorded reason.',
    'authoriser-decides': 'Whoever authorises the visit decides whether one or two members of staff go.',
  }[rules.pairs];
  const details = (what: string, asked: Policy['staffing']['mobile']) =>
    ({
      required: `Staff must give ${what}; it is shown only to those answering an alert.`,
      optional: `Staff may give ${what}; if given, it is shown only to those answering an alert.`,
      'not-asked': `Staff are not asked for ${what}.`,
    })[asked];
  return [
    ...rule(policy, 'staffing.pairs', `${pairs} When the risk assessment sends a pair, neither goes in until both are at the door (a visit completed on the doorstep is not checked for this).`),
    ...rule(
      policy,
      'staffing.safeWordRequired',
      rules.safeWordRequired ? 'A pair agrees a code word before leaving (recorded as agreed; the word itself is never stored).' : 'No code word is required.',
    ),
    ...rule(policy, 'staffing.mobile', details('the number of the mobile phone they carry on the visit', rules.mobile)),
    ...rule(policy, 'staffing.vehicle', details('details of the vehicle they travel in', rules.vehicle)),
  ];
}

function risk(policy: Policy): string[] {
  const { risk: table } = policy;
  const { weights } = table;
  const whenConcerns = {
    proceed: 'With known concerns (medium risk) the visit may go ahead as planned.',
    'pairs-only': 'With known concerns (medium risk) only two members of staff together may go.',
    'invite-to-school': 'With known concerns (medium risk) the family is invited to school instead of a visit.',
  }[table.whenConcerns];
  const whenHigh = {
    'pairs-only': 'At high risk only two members of staff together may go.',
    'invite-to-school': 'At high risk the family is invited to school instead of a visit.',
    'do-not-visit': 'At high risk the visit does not go ahead.',
  }[table.whenHigh];
  return [
    ...rule(policy, 'risk.weights', 'The risk table: each known risk adds points to the rating.', [
      `Risks to staff noted in the records: ${weights.knownRisksInRecords}`,
      `Previous incidents: ${weights.previousIncidents}`,
      `Other agencies' concerns for staff safety: ${weights.agencyConcernsForStaff}`,
      `Dangerous animals: ${weights.dangerousAnimals}`,
    ]),
    ...rule(
      policy,
      [['risk.concernsFrom', 'known concerns from'], ['risk.highFrom', 'high from']],
      `Below ${table.concernsFrom} points a visit is low risk; from ${table.concernsFrom} points it has known concerns (medium); from ${table.highFrom} points it is high risk.`,
    ),
    ...rule(
      policy,
      'risk.pairLowersRating',
      table.pairLowersRating ? 'A second member of staff going lowers the rating one step.' : 'A second member of staff going does not change the rating.',
    ),
    ...rule(policy, 'risk.whenConcerns', whenConcerns),
    ...rule(policy, 'risk.whenHigh', whenHigh),
    ...(table.controls.length === 0
      ? rule(policy, 'risk.controls', 'No standing controls are listed on the risk assessment.')
      : rule(policy, 'risk.controls', 'Every risk assessment lists these controls:', table.controls)),
  ];
}

function checklistsBefore(policy: Policy): string[] {
  const { beforeVisit, toCarry } = policy.checklists;
  return [
    ...(beforeVisit.length === 0
      ? rule(policy, 'checklists.beforeVisit', 'No checks are asked for before a visit is requested.')
      : rule(policy, 'checklists.beforeVisit', 'Before a visit is requested, staff confirm:', checklist(beforeVisit))),
    ...(toCarry.length === 0
      ? rule(policy, 'checklists.toCarry', 'The policy lists nothing staff must take with them.')
      : rule(policy, 'checklists.toCarry', 'Staff take with them:', checklist(toCarry))),
  ];
}

// ── 3. At the door ────────────────────────────────────────────────────────────────────────────

function atTheDoor(policy: Policy): string[] {
  return [...waiting(policy), ...entryRules(policy), ...whoCounts(policy), ...unsafe(policy)];
}

function waiting(policy: Policy): string[] {
  const { arrival } = policy;
  return [
    ...rule(
      policy,
      'arrival.parentNoShowMinutes',
      `If no parent is at home, staff wait no longer than ${duration(arrival.parentNoShowMinutes)} after the arranged time, then cancel the visit (the wait ends when a parent comes to the door).`,
    ),
    ...rule(
      policy,
      'arrival.maxLatenessAfterNoticeMinutes',
      `If the family says they are running late, the visit is cancelled once they are more than ${duration(arrival.maxLatenessAfterNoticeMinutes)} late.`,
    ),
  ];
}

function entryRules(policy: Policy): string[] {
  const { entry } = policy;
  return [
    ...rule(policy, 'entry.appointmentRequired', entry.appointmentRequired ? 'Staff go in only when an appointment has been made.' : 'Staff may go in without an appointment.'),
    ...rule(policy, 'entry.parentPresent', entry.parentPresent ? 'Staff go in only when a parent is present.' : 'A parent need not be present for staff to go in.'),
    ...rule(
      policy,
      'entry.responsibleAdultPresent',
      entry.responsibleAdultPresent ? 'Staff go in only when a responsible adult is present.' : 'A responsible adult need not be present for staff to go in.',
    ),
    ...rule(policy, 'entry.invitationRequired', entry.invitationRequired ? 'Staff wait to be invited in.' : 'Staff need not wait to be invited in.'),
    ...rule(
      policy,
      'entry.neverAloneWithPupil',
      entry.neverAloneWithPupil ? 'Staff are never alone with the pupil.' : 'The policy does not forbid staff being alone with the pupil.',
    ),
  ];
}

function whoCounts(policy: Policy): string[] {
  const { entry } = policy;
  const named = (relationships: readonly Relationship[]) => joined(relationships.map((relationship) => RELATIONSHIPS[relationship]), 'or');
  return [
    ...rule(policy, 'entry.parents', `Counts as a parent, when staff name the people present: ${named(entry.parents)}.`),
    ...rule(policy, 'entry.responsibleAdults', `Counts as a responsible adult: ${named(entry.responsibleAdults)}.`),
  ];
}

function unsafe(policy: Policy): string[] {
  const { entry } = policy;
  return [
    ...rule(
      policy,
      'entry.unsafeIndicators',
      'If any of these is seen at the door, staff do not go in, and cancel the visit with the reason in writing:',
      entry.unsafeIndicators.map((indicator) => indicator.title),
    ),
    ...rule(
      policy,
      'entry.animalsMustBeSecured',
      entry.animalsMustBeSecured
        ? 'Dangerous animals must be kept in a separate room; if the family refuses, the visit is cancelled.'
        : 'The policy does not ask for animals to be kept in another room.',
    ),
    ...rule(
      policy,
      'entry.doorstepAllowed',
      entry.doorstepAllowed
        ? 'A visit may be completed on the doorstep, without going in.'
        : 'A visit cannot be completed on the doorstep: staff go in, or the visit is cancelled.',
    ),
  ];
}

// ── 4. In the home and out of school ──────────────────────────────────────────────────────────

function inTheHome(policy: Policy): string[] {
  return [...checkIns(policy), ...movements(policy)];
}

function checkIns(policy: Policy): string[] {
  const { checkIns: rules } = policy;
  const grace = rules.expectedReturnGraceMinutes;
  return [
    ...rule(policy, [['checkIns.intervalMinutes', 'how often'], ['checkIns.to', 'with whom']], `While out, staff check in with ${rules.to} every ${duration(rules.intervalMinutes)}.`),
    ...rule(
      policy,
      'checkIns.beforeAndAfter',
      // Only true loads (policy.ts): leaving school and being back are recorded on every visit.
      'Staff record leaving school for the visit (they cannot record reaching the home before it), and record being back after it.',
    ),
    ...(rules.codeRequired === undefined
      ? []
      : rule(
          policy,
          'checkIns.codeRequired',
          rules.codeRequired
            ? 'Every check-in carries the staff member\'s own check-in code; a blank or wrong code is refused, and their duress code is taken like the right one.'
            : 'A check-in needs no code; only a duress code counts.',
        )),
    ...rule(
      policy,
      'checkIns.returnWithinMinutes',
      `After leaving the home, staff are back (or check in after the visit) within ${duration(rules.returnWithinMinutes)}.`,
    ),
    ...rule(
      policy,
      'checkIns.reminderMinutesBefore',
      rules.reminderMinutesBefore === 0
        ? 'Staff get no reminder before a check-in falls due.'
        : `Staff are reminded ${duration(rules.reminderMinutesBefore)} before a check-in falls due, before any alert is raised.`,
    ),
    ...rule(
      policy,
      'checkIns.expectedReturnGraceMinutes',
      grace === null
        ? 'The expected return time is the plan, not a deadline: no alert is raised on it alone.'
        : grace === 0
          ? 'Staff not back by their expected return are overdue, as after a missed check-in.'
          : `Staff not back ${duration(grace)} after their expected return are overdue, as after a missed check-in.`,
    ),
    ...moreTimeLines(policy),
  ];
}

/** "I need more time": the school's own rule with its citation, or the product's default, said to be one. */
function moreTimeLines(policy: Policy): string[] {
  const { maxMinutes, moves } = moreTimeRule(policy);
  const what = moves === 'check-in' ? 'the check-in that is running' : 'the expected return';
  const text = `Staff may ask for more time on a visit, ${duration(maxMinutes)} in all, moving ${what}; more is refused.`;
  return policy.checkIns.moreTime ? rule(policy, 'checkIns.moreTime', text) : [`- ${text}`, `    [${DEFAULT_MORE_TIME.citation}]`];
}

function movements(policy: Policy): string[] {
  const moves = [
    ['depart', 'leave school for the visit'],
    ['arrive', 'reach the home'],
    ['leave', 'leave the home'],
    ['return', 'are back'],
  ] as const;
  return moves.flatMap(([move, when]) => {
    const ids = policy.movements[move];
    return rule(policy, `movements.${move}`, ids.length === 0 ? `Nobody is told when staff ${when}.` : `Told when staff ${when}: ${titles(policy, ids)}.`);
  });
}

// ── 5. After the visit ────────────────────────────────────────────────────────────────────────

function afterTheVisit(policy: Policy): string[] {
  return [...leaving(policy), ...report(policy), ...followUps(policy), ...changes(policy)];
}

function leaving(policy: Policy): string[] {
  const { onLeaving } = policy.checklists;
  return onLeaving.length === 0
    ? rule(policy, 'checklists.onLeaving', 'Staff are not asked to confirm anything when they leave the home.')
    : rule(policy, 'checklists.onLeaving', 'When they leave the home, staff answer:', onLeaving.map((item) => leavingItem(policy, item)));
}

const RECORDS: Record<NonNullable<LeavingItem['requires']>, string> = { facts: 'the facts', agreements: 'what was agreed', professionalOpinion: 'the professional opinion (a plan)' };

/** One leaving item: whether it must be yes or may be no (and who is told), when it is asked, and the record it needs. */
function leavingItem(policy: Policy, item: LeavingItem): string {
  const answer = item.ifNo ? `a no is recorded as a breach and told to ${titles(policy, item.ifNo.notify)}` : item.required ? 'required' : 'optional';
  const when = item.appliesWhen;
  const cases = [
    when?.purposes ? `only on visits for ${joined(when.purposes.map((id) => policy.purposes.allowed.find((purpose) => purpose.id === id)?.title ?? id), 'or')}` : '',
    when?.place === 'doorstep' ? 'only on a doorstep visit' : '',
    item.requires ? `a yes needs ${RECORDS[item.requires]} in the notes before the visit closes` : '',
  ].filter(Boolean);
  return `${item.text} (${[answer, ...cases].join('; ')})`;
}

function report(policy: Policy): string[] {
  const { report: rules } = policy;
  const signatures = {
    never: 'The parent or carer and the officer are not asked to sign the record.',
    'when-attendance': 'When the visit is about attendance, the parent or carer and the officer sign the record.',
    always: 'The parent or carer and the officer sign the record of every visit.',
  }[rules.signatures];
  return [
    ...rule(policy, 'report.system', `The visit is recorded on ${rules.system}.`),
    ...rule(policy, 'report.signatures', signatures),
    ...rule(policy, 'report.agreementsRecorded', rules.agreementsRecorded
        ? 'The filed record has a place for agreements made with the family; staff are not required to fill it.'
        : 'The filed record notes that the policy does not ask for agreements with the family to be recorded.'),
    ...rule(
      policy,
      'report.followUpWhenAgreementsBroken',
      rules.followUpWhenAgreementsBroken
        ? 'The filed record says a follow-up visit is due if agreements recorded on it are not kept.'
        : 'The filed record does not ask for a follow-up visit when agreements are not kept.',
    ),
  ];
}

function followUps(policy: Policy): string[] {
  if (policy.followUps.length === 0) return note('The policy sets no timed follow-up after a visit.');
  const condition = { always: 'after every visit', 'agreements-recorded': 'when agreements were recorded', 'follow-up-needed': 'when staff said a follow-up is needed' };
  return [
    '- Timed follow-ups after the visit closes (each unless resolved first):',
    ...policy.followUps.flatMap((followUp) => {
      const action = followUp.action === 'prompt-visit' ? `prompt a follow-up visit, telling ${titles(policy, followUp.notify)}` : `tell ${titles(policy, followUp.notify)}`;
      const unit = policy.calendar.termDates ? 'school day' : 'day';
      const text = `${followUp.afterDays} ${unit}${followUp.afterDays === 1 ? '' : 's'} after, ${condition[followUp.when]}: ${action}. "${followUp.text}"`;
      return rule(policy, `followUps.${followUp.id}`, text).map((line) => `  ${line}`);
    }),
  ];
}

function changes(policy: Policy): string[] {
  const { changes: rules } = policy;
  const reauthorise = {
    always: 'Any change sends the visit back for authorisation.',
    'when-staff-change': 'A change of staff sends the visit back for authorisation; a new appointment time does not.',
    never: 'A change does not send the visit back for authorisation.',
  }[rules.reauthorise];
  return [
    ...rule(
      policy,
      'changes.notify',
      rules.notify.length === 0
        ? 'Nobody need be told when the appointment or the staff change before the visit.'
        : `Told when the appointment or the staff change before the visit: ${titles(policy, rules.notify)}.`,
    ),
    ...rule(policy, 'changes.reauthorise', reauthorise),
  ];
}

// ── 6. Alerts ─────────────────────────────────────────────────────────────────────────────────

function alerts(policy: Policy): string[] {
  const { panic, duress } = policy.alerts;
  return [
    ...rule(policy, 'alerts.panic', `Panic: when staff raise the alarm, told at once: ${titles(policy, panic.notify)}. The alert says: "${panic.instruction}"`),
    ...rule(
      policy,
      'alerts.duress',
      `Duress (staff check in with the duress code): told at once, silently: ${titles(policy, duress.notify)}. The alert says: "${duress.instruction}"`,
    ),
    ...rule(
      policy,
      'escalation.levels',
      'When a check-in or the return is missed, the alert climbs this ladder until someone answers it:',
      ladder(policy, policy.escalation.levels, { atOnce: 'on the missed deadline', after: 'the missed deadline' }),
    ),
    ...rule(
      policy,
      'escalation.reArmAfterAcknowledgeMinutes',
      `Once someone answers the alert, the next check-in is due within ${duration(policy.escalation.reArmAfterAcknowledgeMinutes)}.`,
    ),
    ...rule(
      policy,
      'concerns.ladder',
      'A safeguarding concern raised on a visit is told, in order (the next only if nobody answered in time):',
      ladder(policy, policy.concerns.ladder, { atOnce: 'when the concern is raised', after: 'it is raised' }),
    ),
    ...rule(
      policy,
      [['cancellation.writtenNoticeTo', 'in writing to'], ['cancellation.safetyReasons', 'which cancellations']],
      `A visit cancelled for safety is reported in writing to the ${titles(policy, [policy.cancellation.writtenNoticeTo])}. Cancellations for safety: ${joined(
        policy.cancellation.safetyReasons.map((reason) => CANCELLATION_REASONS[reason]),
        'or',
      )}.`,
    ),
  ];
}
