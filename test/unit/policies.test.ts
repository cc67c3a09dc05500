import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { policyLeafPaths, type Policy } from '../../functions/core/policy';
import { groupsOf, titlesOf } from '../../functions/core/policy-people';
import { isPolicyV1 } from '../../functions/core/policy-v1';
import { assessRisk } from '../../functions/core/risk';
import type { RiskFactors } from '../../functions/core/visit-details';
import { loadPolicyFile, loadTrust, POLICIES_DIR, PolicyFileError } from '../../policies/load';

/** The five seed schools, each with the seed file its policy encodes. */
const SEEDS = {
  'hunsbury-park': '000_c9e7283831a0ef5d.txt',
  birchwood: '001_095b0e25f93a8a8e.txt',
  'harrogate-high': '002_6680d08d8acba44d.txt',
  'learning-together-academy': '003_87b43804e6ae0d47.txt',
  wna: '004_1212ea25f481ae7a.txt',
} as const;
type SchoolId = keyof typeof SEEDS;
const SCHOOL_IDS = Object.keys(SEEDS) as SchoolId[];

const trust = loadTrust('sample-trust');
const policy = (schoolId: SchoolId): Policy => {
  const found = trust.policies.get(schoolId);
  if (!found) throw new Error(`the sample trust has no ${schoolId}`);
  return found;
};

const tmp = mkdtempSync(join(tmpdir(), 'home-visits-policies-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The format-2 Hunsbury file, which the "broken file" tests below damage one field at a time. */
const validPolicyText = readFileSync(join(POLICIES_DIR, 'schools', 'hunsbury-park.json'), 'utf8');
const validPolicy = (): Record<string, any> => JSON.parse(validPolicyText);

/** Hunsbury's policy as it was written in format 1 (April 2022), kept for the upgrade path. */
const FORMAT_1_FILE = join(import.meta.dirname, '..', 'fixtures', 'policy-format-1.json');
const format1Policy = (): Record<string, any> => JSON.parse(readFileSync(FORMAT_1_FILE, 'utf8'));

let fileCount = 0;
/** Write a policy file into the tmp dir and return its path. */
function writePolicy(content: unknown, name = `policy-${++fileCount}.json`): string {
  const file = join(tmp, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** What a call threw (the test fails if it threw nothing). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned');
}

function expectPolicyFileError(error: unknown, file: string, ...mentions: string[]): void {
  expect(error).toBeInstanceOf(PolicyFileError);
  const failure = error as PolicyFileError;
  expect(failure.file).toBe(file);
  expect(failure.message).toContain(file);
  for (const mention of mentions) expect(failure.issues.join('\n')).toContain(mention);
}

describe('the sample trust', () => {
  it('loads all five seed schools, each keyed by its own schoolId', () => {
    expect(trust.config.trustId).toBe('sample-trust');
    expect([...trust.policies.keys()].sort()).toEqual([...SCHOOL_IDS].sort());
    for (const [schoolId, loaded] of trust.policies) expect(loaded.schoolId).toBe(schoolId);
  });

  it.each(SCHOOL_IDS)('%s names the seed policy it encodes', (schoolId) => {
    expect(policy(schoolId).source.seed).toBe(SEEDS[schoolId]);
  });

  it.each(SCHOOL_IDS)('%s cites a seed clause or a trust default for every rule field, and cites nothing else', (schoolId) => {
    const loaded = policy(schoolId);
    const fields = policyLeafPaths(loaded);
    expect(fields.length).toBeGreaterThan(30);
    expect(Object.keys(loaded.citations!).sort()).toEqual([...fields].sort());
    for (const field of fields) expect(loaded.citations![field]?.trim().length, field).toBeGreaterThan(10);
  });

  it.each(SCHOOL_IDS)('%s runs on school time in Europe/London', (schoolId) => {
    expect(policy(schoolId).timeZone).toBe('Europe/London');
  });
});

describe('the differences the seed policies state are in the data', () => {
  // 000 §4 and 002 §4.2 "wait no longer than 20 minutes"; 003 §3.2 "no longer than 10 minutes".
  it.each([
    ['hunsbury-park', 20],
    ['harrogate-high', 20],
    ['learning-together-academy', 10],
  ] as const)('%s waits at most %i minutes for a parent who is not there', (schoolId, minutes) => {
    expect(policy(schoolId).arrival.parentNoShowMinutes).toBe(minutes);
    expect(policy(schoolId).citations!['arrival.parentNoShowMinutes']).toContain(`${minutes} minutes`);
  });

  // 000 §4, 002 §4.3, 003 §3.3 "If they are over 30 minutes late the visit will be cancelled".
  it.each(SCHOOL_IDS)('%s cancels when a parent who gave notice is more than 30 minutes late', (schoolId) => {
    expect(policy(schoolId).arrival.maxLatenessAfterNoticeMinutes).toBe(30);
  });

  // 004 "Protocol for Home Visits to always be carried out in pairs".
  it('WNA makes every visit in a pair; the other schools pair up when the risk assessment asks', () => {
    expect(policy('wna').staffing.pairs).toBe('always');
    expect(policy('wna').citations!['staffing.pairs']).toContain('always be carried out in pairs');
    for (const schoolId of SCHOOL_IDS.filter((id) => id !== 'wna')) expect(policy(schoolId).staffing.pairs).toBe('when-risk');
  });

  // 002 appendix §1.2 "approved by the Assistant Headteacher"; 001 "SAFEGUARDING LEAD OR … SENIOR LEADERSHIP TEAM".
  it.each([
    ['harrogate-high', ['slt']],
    ['birchwood', ['dsl', 'headteacher', 'slt']],
    ['wna', ['headteacher']],
  ] as const)('%s may be authorised only by %j', (schoolId, roles) => {
    expect([...policy(schoolId).duties.authorise].sort()).toEqual(roles);
  });

  // 001 "It is strongly recommended that no one makes an evening home visit"; "Safe word: To be agreed and recorded".
  it('BCHS discourages evening visits and requires a safe word; no other school does either', () => {
    expect(policy('birchwood').calendar.outside).toBe('discouraged');
    expect(policy('birchwood').staffing.safeWordRequired).toBe(true);
    for (const schoolId of SCHOOL_IDS.filter((id) => id !== 'birchwood')) {
      expect(policy(schoolId).calendar.outside).toBe('allowed');
      expect(policy(schoolId).staffing.safeWordRequired).toBe(false);
    }
  });

  // 000 §4 "in writing to the headteacher"; 002 §4.6 "in writing to the Assistant Headteacher";
  // 003 §3.5 "communicated with the head teacher"; 001 and 004 are silent (trust defaults).
  it.each([
    ['hunsbury-park', 'headteacher', 'Headteacher'],
    ['birchwood', 'dsl', 'Designated Safeguarding Lead'],
    ['harrogate-high', 'slt', 'Assistant Headteacher'],
    ['learning-together-academy', 'headteacher', 'Head Teacher'],
    ['wna', 'headteacher', 'Headteacher'],
  ] as const)('%s gives the reason for a safety cancellation in writing to the %s (%s)', (schoolId, role, title) => {
    const { writtenNoticeTo } = policy(schoolId).cancellation;
    expect(writtenNoticeTo).toBe(role);
    expect(policy(schoolId).roles[writtenNoticeTo]?.title).toBe(title);
  });

  // 002 §4.4 unannounced for attendance or safeguarding; 001 exceptions for welfare/no contact/emergency safeguarding.
  it.each([
    ['hunsbury-park', []],
    ['birchwood', ['no-contact', 'safeguarding-concern', 'welfare-check']],
    ['harrogate-high', ['attendance-concern', 'safeguarding-concern']],
    ['learning-together-academy', []],
    ['wna', []],
  ] as const)('%s allows visits without an appointment only for %j', (schoolId, reasons) => {
    expect(policy(schoolId).unannounced.allowedReasons.map((reason) => reason.id).sort()).toEqual(reasons);
  });

  // 004 "Where there are deemed to be potential risks - … invite them into school".
  it('WNA invites the family into school where the others send a pair or do not visit', () => {
    expect(policy('wna').risk).toMatchObject({ whenConcerns: 'invite-to-school', whenHigh: 'invite-to-school' });
    expect(policy('birchwood').risk).toMatchObject({ whenConcerns: 'pairs-only', whenHigh: 'do-not-visit' });
  });

  // 003 §2.3 "Signatures of the parents/carers and the attendance officer should also be kept if this was the reason".
  it('only the September 2024 academy keeps signatures, and only for attendance visits', () => {
    expect(policy('learning-together-academy').report.signatures).toBe('when-attendance');
    for (const schoolId of SCHOOL_IDS.filter((id) => id !== 'learning-together-academy')) {
      expect(policy(schoolId).report.signatures).toBe('never');
    }
  });

  // 000 §2 / 002 §2.5 "unless an appointment has been made and the parent is present"; 004 "If no adult is present, do not enter".
  it('Hunsbury and Harrogate need a parent present and an appointment; WNA and BCHS a responsible adult who invites staff in', () => {
    for (const schoolId of ['hunsbury-park', 'harrogate-high'] as const) {
      expect(policy(schoolId).entry).toMatchObject({ appointmentRequired: true, parentPresent: true, invitationRequired: false });
    }
    for (const schoolId of ['wna', 'birchwood'] as const) {
      expect(policy(schoolId).entry).toMatchObject({ parentPresent: false, responsibleAdultPresent: true, invitationRequired: true });
    }
  });

  // 002 §4.6 "unexpected adults at the home, the presence of alcohol or illegal drugs, if an adult or child appear intoxicated".
  it('Harrogate lists its own signs of an unsafe home', () => {
    expect(policy('harrogate-high').entry.unsafeIndicators.map((indicator) => indicator.id)).toEqual(
      expect.arrayContaining(['unexpected-adults', 'alcohol', 'illegal-drugs', 'intoxication']),
    );
  });

  // 000 §2 / 002 §2.4 "check in … every two hours".
  it.each(SCHOOL_IDS)('%s expects a check-in every 120 minutes and escalates to the police at the top of its ladder', (schoolId) => {
    const loaded = policy(schoolId);
    expect(loaded.checkIns.intervalMinutes).toBe(120);
    expect(loaded.escalation.levels.map((level) => level.level)).toEqual([1, 2, 3]);
    expect(loaded.escalation.levels.at(-1)?.instruction).toMatch(/999/);
  });
});

describe('every school file is format 2, and each says who does what in its own words', () => {
  const files = readdirSync(join(POLICIES_DIR, 'schools')).filter((name) => name.endsWith('.json'));

  it('loads every file under policies/schools, each written in format 2', () => {
    expect(files).toEqual(expect.arrayContaining(SCHOOL_IDS.map((id) => `${id}.json`)));
    for (const name of files) {
      const raw = JSON.parse(readFileSync(join(POLICIES_DIR, 'schools', name), 'utf8'));
      expect(raw.format, name).toBe(2);
      expect(isPolicyV1(raw), name).toBe(false);
      expect(loadPolicyFile(join(POLICIES_DIR, 'schools', name)).schoolId).toBe(name.replace(/\.json$/, ''));
    }
  });

  it.each(SCHOOL_IDS)('%s keeps the version and source stored visits reference', (schoolId) => {
    const versions: Record<SchoolId, string> = {
      'hunsbury-park': '2022-04',
      birchwood: '2025-09',
      'harrogate-high': '2021-01',
      'learning-together-academy': '2024-09-v1',
      wna: '2017-09',
    };
    expect(policy(schoolId).version).toBe(versions[schoolId]);
  });

  it.each(SCHOOL_IDS)('%s sends staff (the staff group) on its visits and lets any member of staff, the office or a leader ask for one', (schoolId) => {
    const loaded = policy(schoolId);
    expect(groupsOf(loaded, loaded.duties.carryOut)).toEqual(['staff']);
    expect(groupsOf(loaded, loaded.duties.request).sort()).toEqual(['admin', 'dsl', 'headteacher', 'office', 'slt', 'staff']);
    expect(groupsOf(loaded, loaded.duties.cancel).sort()).toEqual(['admin', 'dsl', 'headteacher', 'office', 'slt']);
    expect(groupsOf(loaded, loaded.duties.acknowledge)).toEqual(expect.arrayContaining(['office', 'dsl', 'slt', 'headteacher']));
  });

  it.each(SCHOOL_IDS)('%s names the police (999) at the top of its escalation ladder and on panic and duress', (schoolId) => {
    const loaded = policy(schoolId);
    expect(loaded.recipients.police).toMatchObject({ channel: 'phone', contact: '999' });
    expect(loaded.escalation.levels.at(-1)?.notify).toContain('police');
    expect(loaded.alerts.panic.notify).toEqual(expect.arrayContaining(['office', 'dsl', 'headteacher', 'police']));
    expect(loaded.alerts.duress.notify).toEqual(expect.arrayContaining(['office', 'dsl', 'headteacher', 'police']));
    // The people the ladder reaches are unchanged: the police are contacted by whoever reads the alert.
    expect(loaded.escalation.levels.map((level) => groupsOf(loaded, level.notify))).toEqual([['office'], ['dsl', 'headteacher'], ['office', 'dsl', 'headteacher']]);
  });

  it.each(SCHOOL_IDS)('%s is silent on the expected return as a deadline and on check-in reminders: neither is switched on (trust defaults; Oakfield shows both)', (schoolId) => {
    const loaded = policy(schoolId);
    expect(loaded.checkIns).toMatchObject({ expectedReturnGraceMinutes: null, reminderMinutesBefore: 0 });
    expect(loaded.citations!['checkIns.expectedReturnGraceMinutes']).toMatch(/^trust default/);
    expect(loaded.citations!['checkIns.reminderMinutesBefore']).toMatch(/^trust default/);
  });

  it.each(SCHOOL_IDS)('%s lists the three checks of format 1, so a request that names them still reads', (schoolId) => {
    const ids = policy(schoolId).checklists.beforeVisit.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining(['records-checked', 'other-agencies-consulted', 'line-manager-informed']));
  });

  it.each(SCHOOL_IDS)('%s visits for attendance, filed under Home visit and Attendance', (schoolId) => {
    expect(policy(schoolId).purposes.allowed.find((purpose) => purpose.id === 'attendance')?.reportCategories).toEqual(['Home visit', 'Attendance']);
  });

  // Silent seeds: "trust default of mon–fri 08:00–18:00"; BCHS keeps its 18:00 evening.
  it.each(SCHOOL_IDS)('%s has a school day of Monday to Friday, 08:00 to 18:00', (schoolId) => {
    expect(policy(schoolId).calendar).toMatchObject({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', until: '18:00' });
    expect(policy(schoolId).citations!['calendar.days']).toMatch(/^trust default/);
  });
});

describe('Hunsbury Park (000): what format 2 lets the file say', () => {
  const hunsbury = policy('hunsbury-park');

  // Statement of intent: "this policy for school staff and family support workers (FSW) who make home visits".
  it('sends its Family Support Workers first, and school staff', () => {
    expect(hunsbury.duties.carryOut).toEqual(['family-support-worker', 'school-staff']);
    expect(titlesOf(hunsbury, hunsbury.duties.carryOut)).toEqual(['Family Support Worker (FSW)', 'Member of school staff']);
  });

  // §4 "Once in place, appointment arrangements will be adhered to. Notification will be given to the headteacher if any changes are made."
  it('tells the headteacher of any change to an arranged visit', () => {
    expect(hunsbury.changes.notify).toEqual(['headteacher']);
    expect(hunsbury.citations!['changes.notify']).toContain('Notification will be given to the headteacher if any changes are made');
  });

  // §2 "If a staff member feels that they are in immediate danger, they will notify the school office who will contact the police."
  it('on panic, tells the school office, who contact the police', () => {
    expect(hunsbury.alerts.panic.notify).toEqual(['office', 'dsl', 'headteacher', 'police']);
    expect(hunsbury.alerts.panic.instruction).toMatch(/school office contacts the police/);
    expect(hunsbury.recipients.police?.instruction).toMatch(/school office contacts the police/);
  });

  // §4 "Home visits allow the school to learn the underlying reasons behind poor attendance … staff can offer the required support."
  it('visits for attendance and to support the family', () => {
    expect(hunsbury.purposes.allowed.map((purpose) => purpose.id)).toEqual(['attendance', 'support']);
  });

  // §2 "staff will carry a mobile phone at all times"; §4 "Identification cards will be worn at all times";
  // §2 "Details of the vehicles … will be held by the school office manager".
  it('lists the phone and identification card staff carry, and asks for the vehicle', () => {
    expect(hunsbury.checklists.toCarry.map((item) => item.id)).toEqual(['mobile-phone', 'id-card']);
    expect(hunsbury.staffing.vehicle).toBe('optional');
    expect(hunsbury.risk.controls).toContain('Carry a mobile phone at all times; the headteacher holds the number');
  });

  // §4 "Before and after the visit, staff will 'check in' by calling the school office": the check-ins, no other notice.
  it('sends no movement notices: the check-ins before and after the visit are the notice', () => {
    expect(hunsbury.checkIns.beforeAndAfter).toBe(true);
    expect(Object.values(hunsbury.movements).flat()).toEqual([]);
  });

  // §5 "report any safeguarding concerns to the DSL or DDSL's as soon as possible": no fallback, one level.
  it('sends a safeguarding concern to the DSL or a deputy, in one step', () => {
    expect(hunsbury.concerns.ladder.map((level) => level.notify)).toEqual([['dsl']]);
    expect(hunsbury.roles.dsl?.title).toContain('DDSL');
  });
});

describe('Birchwood (001): what format 2 lets the file say', () => {
  const bchs = policy('birchwood');
  const NO_RISK: RiskFactors = { knownRisksInRecords: false, previousIncidents: false, agenciesInvolved: false, agencyConcernsForStaff: false, animals: 'none', unmitigatedConcerns: false };
  const ONE_RISK: RiskFactors = { ...NO_RISK, previousIncidents: true };
  const TWO_RISKS: RiskFactors = { ...ONE_RISK, knownRisksInRecords: true };

  // "MUST BE AUTHORISED BY THE SAFEGUARDING LEAD OR A MEMBER OF THE SENIOR LEADERSHIP TEAM": in that order.
  it('asks the safeguarding lead first, then SLT', () => {
    expect(bchs.duties.authorise).toEqual(['dsl', 'slt', 'headteacher']);
    expect(titlesOf(bchs, bchs.duties.authorise.slice(0, 2))).toEqual(['Designated Safeguarding Lead', 'Senior Leadership Team']);
  });

  // "contact your DSL immediately, if not available contact a member of SLT"; "immediate danger contact emergency services 999".
  it('sends a concern about a child to the DSL, and to SLT only if the DSL has not taken it on', () => {
    expect(bchs.concerns.ladder.map((level) => [level.level, level.notify, level.afterMinutes])).toEqual([
      [1, ['dsl'], 0],
      [2, ['slt'], 15],
    ]);
    for (const level of bchs.concerns.ladder) expect(level.instruction).toMatch(/999/);
  });

  // Appendix 1: "If staff are aware of any previous challenging behaviour or concerns, visit to be completed with another person" — Risk Rating L.
  it('rates a known risk lower when another member of staff goes', () => {
    expect(bchs.risk.pairLowersRating).toBe(true);
    expect(assessRisk({ factors: ONE_RISK, staffCount: 2 }, bchs)).toMatchObject({ rating: 'low', outcome: 'proceed' });
    expect(assessRisk({ factors: ONE_RISK, staffCount: 1 }, bchs)).toMatchObject({ rating: 'medium', outcome: 'pairs-only' });
    // Two risk factors with a pair: no longer refused as do-not-visit, but still made in a pair.
    expect(assessRisk({ factors: TWO_RISKS, staffCount: 2 }, bchs)).toMatchObject({ rating: 'medium', outcome: 'pairs-only' });
    expect(assessRisk({ factors: TWO_RISKS, staffCount: 1 }, bchs)).toMatchObject({ rating: 'high', outcome: 'do-not-visit' });
  });

  it('is the only school whose table counts a second member of staff', () => {
    for (const schoolId of SCHOOL_IDS.filter((id) => id !== 'birchwood')) expect(policy(schoolId).risk.pairLowersRating).toBe(false);
  });

  // Appendix 1: "Sign out using Inventry and let safeguarding staff know you are leaving site";
  // After the visit: "If you are not returning directly to school, telephone the school after the visit to say you have left".
  it('tells the safeguarding team when staff leave site, and the school office when they leave the home', () => {
    expect(bchs.movements).toEqual({ depart: ['safeguarding-team'], arrive: [], leave: ['office'], return: [] });
    expect(groupsOf(bchs, bchs.movements.depart)).toEqual(['dsl']);
  });

  // Appendix 1 (driving): "Phone school if your plan changes".
  it('tells the school of a changed plan', () => {
    expect(bchs.changes.notify).toEqual(['office']);
  });

  // "The same code word should be used if you contact school to alert them that you are in danger and need support."
  it('reads a duress check-in as the agreed code word', () => {
    expect(bchs.alerts.duress.instruction).toMatch(/code word/);
  });

  // "It is strongly recommended that no one makes an evening home visit."
  it('discourages visits that end after 18:00', () => {
    expect(bchs.calendar).toMatchObject({ until: '18:00', outside: 'discouraged' });
    expect(bchs.citations!['calendar.outside']).toContain('strongly recommended that no one makes an evening home visit');
  });

  // Reasons for home visits: "Students are refusing to come into school … suspicions that someone may be on holiday …".
  it('lists its own reasons for a visit, a welfare check filed under Safeguarding', () => {
    const ids = bchs.purposes.allowed.map((purpose) => purpose.id);
    expect(ids).toEqual(expect.arrayContaining(['school-refusal', 'home-education', 'no-contact', 'welfare', 'transport', 'schoolwork', 'keeping-in-touch', 'term-time-holiday']));
    expect(bchs.purposes.allowed.find((purpose) => purpose.id === 'welfare')?.reportCategories).toContain('Safeguarding');
  });

  // Before the Visit: "Be clear about the purpose … If you have any concerns … ask your line manager to complete a risk assessment with you".
  // During the Visit: "Do not go upstairs …"; "Do not enter a child's/young person's bedroom unless accompanied by a parent/carer".
  it('lists its checks before the visit and what staff confirm on leaving', () => {
    expect(bchs.checklists.beforeVisit.filter((item) => item.required).map((item) => item.id)).toEqual(['records-checked', 'line-manager-informed']);
    expect(bchs.checklists.beforeVisit.map((item) => item.id)).toEqual(expect.arrayContaining(['purpose-clear', 'risk-assessment-with-line-manager']));
    expect(bchs.checklists.onLeaving.map((item) => item.id)).toEqual(expect.arrayContaining(['upstairs-only-accompanied', 'no-bedroom-unaccompanied']));
  });

  // "a visit to confirm that an absent child is at home"; "Do not enter the premises unless invited in by a responsible adult".
  it('allows a visit completed at the door', () => {
    expect(bchs.entry.doorstepAllowed).toBe(true);
  });
});

describe('Harrogate High (002): what format 2 lets the file say', () => {
  const harrogate = policy('harrogate-high');

  // Appendix §1.2 "approved by the Assistant Headteacher"; §2.3 "The number will be recorded and held by the Assistant Headteacher".
  it('names its Assistant Headteacher, who approves visits and hears of panic', () => {
    expect(titlesOf(harrogate, harrogate.duties.authorise)).toEqual(['Assistant Headteacher']);
    expect(harrogate.alerts.panic.notify).toContain('slt');
    expect(titlesOf(harrogate, harrogate.duties.carryOut)).toEqual(['Attendance team']);
  });

  // §6.5 "If the Attendance team are threatened in any way they should call 999 followed by 55 'silent call'."
  it('names the silent-call route with the police', () => {
    expect(harrogate.recipients.police?.instruction).toContain('999 followed by 55');
    expect(harrogate.alerts.panic.instruction).toContain('999 followed by 55');
  });

  // §5.4 "Continued failure to adhere to the agreement will result in a follow-up visit."
  it('prompts a follow-up visit when agreements made at the visit are not kept', () => {
    expect(harrogate.followUps.find((rule) => rule.id === 'agreements-not-kept')).toMatchObject({
      when: 'agreements-recorded',
      action: 'prompt-visit',
      notify: ['attendance-team', 'slt'],
    });
  });

  // §5.5 "If the pupil's attendance falls below 90 percent over the course of three months, the appropriate authorities will be notified".
  it('reviews attendance three months on, naming the local authority to notify', () => {
    const review = harrogate.followUps.find((rule) => rule.id === 'attendance-review');
    expect(review).toMatchObject({ afterDays: 91, action: 'notify', notify: ['slt', 'local-authority'] });
    expect(review?.text).toContain('90 percent');
    expect(harrogate.recipients['local-authority']?.instruction).toContain('below 90 percent');
  });

  // §2.2 "CPOMS must be checked …"; §4.9 "Home visits to be booked in on the attendance teams outlook calendar".
  it('checks CPOMS and the agencies before a visit, and books it in the calendar', () => {
    expect(harrogate.checklists.beforeVisit.filter((item) => item.required).map((item) => item.id)).toEqual(['records-checked', 'other-agencies-consulted']);
    expect(harrogate.checklists.beforeVisit.map((item) => item.id)).toContain('booked-in-calendar');
  });

  // §5.1 "recorded on our MIS and/or CPOMS"; §2.6 vehicle details "held by the Finance Team".
  it('files on CPOMS and its MIS, and asks for the vehicle', () => {
    expect(harrogate.report.system).toBe('CPOMS and the school MIS');
    expect(harrogate.staffing.vehicle).toBe('optional');
  });

  // §4.4 unannounced visits, yet §2.5 "will not enter the home … unless an appointment has been made": such a visit is made at the door.
  it('allows a visit completed at the door', () => {
    expect(harrogate.entry.doorstepAllowed).toBe(true);
    expect(harrogate.entry.appointmentRequired).toBe(true);
  });

  // §4.6 "unexpected adults at the home, the presence of alcohol or illegal drugs, if an adult or child appear intoxicated".
  it('words its signs of an unsafe home as the policy does', () => {
    expect(harrogate.entry.unsafeIndicators.find((indicator) => indicator.id === 'intoxication')?.title).toBe('An adult or child appears intoxicated');
  });
});

describe('Learning Together Academy (003): what format 2 lets the file say', () => {
  const academy = policy('learning-together-academy');

  // §2.2 "Attendance officers must carry a mobile phone at all times. The number will be recorded and held by the school office."
  it('sends attendance officers, whose number the school office holds', () => {
    expect(titlesOf(academy, academy.duties.carryOut)).toEqual(['Attendance officer', 'Member of staff']);
    expect(academy.risk.controls).toContain('Carry a mobile phone at all times; the school office holds the number');
  });

  // §3.1 "the underlying reasons behind poor attendance or other concerns".
  it('visits for attendance or other concerns', () => {
    expect(academy.purposes.allowed.map((purpose) => purpose.id)).toEqual(['attendance', 'welfare']);
  });

  // §2.4 "they must call/alert the school office who will contact the police".
  it('on panic, tells the school office, who contact the police', () => {
    expect(academy.alerts.panic.notify).toEqual(['office', 'dsl', 'headteacher', 'police']);
    expect(academy.alerts.panic.instruction).toMatch(/school office contacts the police/);
  });

  // §3.5 "communicated with the head teacher".
  it('calls its head teacher by the policy\'s title', () => {
    expect(titlesOf(academy, ['headteacher'])).toEqual(['Head Teacher']);
  });
});

describe('WNA (004): what format 2 lets the file say', () => {
  const wna = policy('wna');

  // Health and Safety: "Inform the headteacher as you leave school and text as you return".
  it('tells the headteacher when staff leave school and when they are back', () => {
    expect(wna.movements).toEqual({ depart: ['headteacher'], arrive: [], leave: [], return: ['headteacher'] });
    expect(wna.citations!['movements.depart']).toContain('Inform the headteacher as you leave school');
  });

  // "Let … the headteacher know where you are visiting and leave details of the address, your mobile phone and expected time of return".
  it('tells the headteacher of a changed arrangement', () => {
    expect(wna.changes.notify).toEqual(['headteacher']);
  });

  // Risk Assessment: "Check records …"; "Talk to other professionals …"; "check with the Common Assessment Team … Lead Practitioner".
  it('asks for every check before a visit, and lists the Lead Practitioner check', () => {
    expect(wna.checklists.beforeVisit.filter((item) => item.required).map((item) => item.id)).toEqual(['records-checked', 'other-agencies-consulted', 'line-manager-informed']);
    expect(wna.checklists.beforeVisit.map((item) => item.id)).toEqual(expect.arrayContaining(['appointment-offered', 'lead-practitioner-checked']));
  });

  // Health and Safety: "A note should be made of all people present at the meeting, dates and times etc".
  it('asks staff to note everyone present before they leave', () => {
    expect(wna.checklists.onLeaving.map((item) => item.id)).toEqual(['people-present-noted']);
  });

  // The protocol names no emergency route: the police are a trust default, cited as one.
  it('cites the police as a trust default', () => {
    expect(wna.citations!['recipients.police']).toMatch(/^trust default/);
  });
});

describe('a format-1 policy file still loads, through the upgrade', () => {
  const upgraded = loadPolicyFile(FORMAT_1_FILE);
  const current = policy('hunsbury-park');

  it('is Hunsbury\'s April 2022 policy as format 1 wrote it', () => {
    const raw = format1Policy();
    expect(isPolicyV1(raw)).toBe(true);
    expect(raw).not.toHaveProperty('format');
    expect(raw).toMatchObject({ schoolId: 'hunsbury-park', version: '2022-04', source: { seed: SEEDS['hunsbury-park'] } });
  });

  it('yields format 2 with the same key rules: authorisers, check-in interval and escalation', () => {
    expect(upgraded).toMatchObject({ format: 2, schoolId: 'hunsbury-park', version: '2022-04' });
    expect(upgraded.duties.authorise).toEqual(['headteacher', 'dsl', 'slt']);
    expect(upgraded.duties.authorise).toEqual(current.duties.authorise);
    expect(upgraded.checkIns).toMatchObject({ intervalMinutes: 120, beforeAndAfter: true, returnWithinMinutes: 30, to: 'the school office' });
    expect(upgraded.checkIns.intervalMinutes).toBe(current.checkIns.intervalMinutes);
    expect(upgraded.escalation.levels.map((level) => [level.level, level.afterMinutes, level.notify])).toEqual([
      [1, 0, ['office']],
      [2, 15, ['dsl', 'headteacher']],
      [3, 15, ['office', 'dsl', 'headteacher']],
    ]);
    expect(upgraded.escalation.levels.at(-1)?.instruction).toMatch(/999/);
    expect(upgraded.escalation.levels.map((level) => groupsOf(upgraded, level.notify))).toEqual(
      current.escalation.levels.map((level) => groupsOf(current, level.notify)),
    );
    expect(upgraded.escalation.reArmAfterAcknowledgeMinutes).toBe(30);
  });

  it('keeps the door, entry and cancellation rules, and format 1\'s behaviour for the expected return', () => {
    expect(upgraded.arrival).toEqual({ parentNoShowMinutes: 20, maxLatenessAfterNoticeMinutes: 30 });
    expect(upgraded.entry).toMatchObject({ appointmentRequired: true, parentPresent: true, neverAloneWithPupil: true, animalsMustBeSecured: true });
    expect(upgraded.cancellation.writtenNoticeTo).toBe('headteacher');
    expect(upgraded.roles.headteacher?.title).toBe('Headteacher');
    expect(upgraded.concerns.ladder.map((level) => level.notify)).toEqual([['dsl']]);
    expect(upgraded.checkIns).toMatchObject({ expectedReturnGraceMinutes: null, reminderMinutesBefore: 0 });
    // Carried citations keep the clause; what format 1 could not say is cited as the upgrade's default.
    expect(upgraded.citations!['checkIns.intervalMinutes']).toContain('every two hours');
    expect(upgraded.citations!['changes.notify']).toMatch(/^trust default/);
  });

  it('names a broken format-1 file in format 1\'s own terms', () => {
    const broken = format1Policy();
    broken.authorisation.roles = ['governor'];
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'authorisation.roles.0');
  });
});

describe('a policy file that cannot be used names the file and the field at fault', () => {
  it('accepts an unbroken copy (so the failures below are the breakage, not the copy)', () => {
    expect(loadPolicyFile(writePolicy(validPolicy())).schoolId).toBe('hunsbury-park');
  });

  it('refuses a field of the wrong type', () => {
    const broken = validPolicy();
    broken.arrival.parentNoShowMinutes = '20';
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'arrival.parentNoShowMinutes');
  });

  it('refuses a value outside the schema (a wait of zero minutes)', () => {
    const broken = validPolicy();
    broken.arrival.parentNoShowMinutes = 0;
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'arrival.parentNoShowMinutes');
  });

  it('refuses a rule field with no citation', () => {
    const broken = validPolicy();
    delete broken.citations!['entry.parentPresent'];
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'citations', 'no citation for entry.parentPresent');
  });

  it('refuses a file with no citations at all: a file cites every rule (only the deployed runtime carries rules without them)', () => {
    const broken = validPolicy();
    delete broken.citations;
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'citations: missing');
  });

  it('refuses a citation of a field that does not exist', () => {
    const broken = validPolicy();
    broken.citations!['arrival.waitForever'] = '§4 made up';
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'citations.arrival.waitForever');
  });

  it('refuses an extra unknown field, naming its section and key', () => {
    const broken = validPolicy();
    broken.arrival.waitForeverMinutes = 5;
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'arrival', 'waitForeverMinutes');
  });

  it('refuses an extra unknown section at the top level', () => {
    const broken = validPolicy();
    broken.curfew = { from: '21:00' };
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'curfew');
  });

  it('refuses a file that is not JSON', () => {
    const file = writePolicy(validPolicyText.replace('"schoolId":', 'schoolId:'));
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'is not valid JSON');
  });

  it('refuses escalation levels that are not numbered 1, 2, 3 in order', () => {
    const broken = validPolicy();
    broken.escalation.levels[1].level = 3;
    broken.escalation.levels[2].level = 2;
    const file = writePolicy(broken);
    const error = thrownBy(() => loadPolicyFile(file));
    expectPolicyFileError(error, file, 'escalation.levels.1.level', 'escalation.levels.2.level');
    expect((error as PolicyFileError).issues).toHaveLength(2);
  });

  it('refuses a duty given to a role the file does not define', () => {
    const broken = validPolicy();
    broken.duties.authorise = ['headteacher', 'deputy-head'];
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'duties.authorise.1', 'deputy-head is not a role this policy defines');
  });

  it('refuses a notice to someone who is neither a role nor a recipient', () => {
    const broken = validPolicy();
    broken.alerts.panic.notify = ['office', 'fire-brigade'];
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'alerts.panic.notify.1', 'fire-brigade is not a role or recipient');
  });

  it('refuses a role with no identity group', () => {
    const broken = validPolicy();
    broken.roles['family-support-worker'].groups = [];
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'roles.family-support-worker.groups');
  });

  it('refuses a school day that ends before it starts', () => {
    const broken = validPolicy();
    broken.calendar.until = '07:00';
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'calendar.until');
  });

  it('refuses a new role with no citation', () => {
    const broken = validPolicy();
    broken.roles['office-manager'] = { title: 'School office manager', groups: ['office'] };
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'no citation for roles.office-manager');
  });

  it('refuses a file that does not exist', () => {
    const file = join(tmp, 'missing.json');
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'cannot be read');
  });
});

describe('a trust', () => {
  function trustDir(name: string, schools: Record<string, unknown>, listed: string[]): string {
    const dir = join(tmp, name);
    mkdirSync(join(dir, 'schools'), { recursive: true });
    mkdirSync(join(dir, 'trusts'), { recursive: true });
    for (const [file, content] of Object.entries(schools)) {
      writeFileSync(join(dir, 'schools', `${file}.json`), JSON.stringify(content));
    }
    writeFileSync(join(dir, 'trusts', 'test-trust.json'), JSON.stringify({ trustId: 'test-trust', name: 'Test Trust', schools: listed }));
    return dir;
  }

  it('loads from another folder when the files are sound', () => {
    const dir = trustDir('sound', { 'hunsbury-park': validPolicy() }, ['hunsbury-park']);
    expect([...loadTrust('test-trust', dir).policies.keys()]).toEqual(['hunsbury-park']);
  });

  it('refuses a trust that names the same school twice', () => {
    const dir = trustDir('listed-twice', { 'hunsbury-park': validPolicy() }, ['hunsbury-park', 'hunsbury-park']);
    const file = join(dir, 'schools', 'hunsbury-park.json');
    expectPolicyFileError(thrownBy(() => loadTrust('test-trust', dir)), file, 'schoolId', 'appears twice');
  });

  it('refuses two policy files that claim the same schoolId', () => {
    const dir = trustDir('same-id', { 'hunsbury-park': validPolicy(), 'hunsbury-copy': validPolicy() }, ['hunsbury-park', 'hunsbury-copy']);
    const file = join(dir, 'schools', 'hunsbury-copy.json');
    expectPolicyFileError(thrownBy(() => loadTrust('test-trust', dir)), file, 'schoolId: hunsbury-park appears twice');
  });

  it('names the school file at fault when one of its policies is broken', () => {
    const broken = validPolicy();
    broken.staffing.pairs = 'sometimes';
    const dir = trustDir('broken-school', { 'hunsbury-park': broken }, ['hunsbury-park']);
    const file = join(dir, 'schools', 'hunsbury-park.json');
    expectPolicyFileError(thrownBy(() => loadTrust('test-trust', dir)), file, 'staffing.pairs');
  });

  it('refuses a trust file with a school name that is not a plain file name', () => {
    const dir = trustDir('escaping', { 'hunsbury-park': validPolicy() }, ['../schools/hunsbury-park']);
    const file = join(dir, 'trusts', 'test-trust.json');
    expectPolicyFileError(thrownBy(() => loadTrust('test-trust', dir)), file, 'schools.0');
  });
});
