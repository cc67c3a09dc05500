import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { policyLeafPaths, type Policy } from '../../functions/core/policy';
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

const validPolicyText = readFileSync(join(POLICIES_DIR, 'schools', 'hunsbury-park.json'), 'utf8');
const validPolicy = (): Record<string, any> => JSON.parse(validPolicyText);

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
    expect(Object.keys(loaded.citations).sort()).toEqual([...fields].sort());
    for (const field of fields) expect(loaded.citations[field]?.trim().length, field).toBeGreaterThan(10);
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
    expect(policy(schoolId).citations['arrival.parentNoShowMinutes']).toContain(`${minutes} minutes`);
  });

  // 000 §4, 002 §4.3, 003 §3.3 "If they are over 30 minutes late the visit will be cancelled".
  it.each(SCHOOL_IDS)('%s cancels when a parent who gave notice is more than 30 minutes late', (schoolId) => {
    expect(policy(schoolId).arrival.maxLatenessAfterNoticeMinutes).toBe(30);
  });

  // 004 "Protocol for Home Visits to always be carried out in pairs".
  it('WNA makes every visit in a pair; the other schools pair up when the risk assessment asks', () => {
    expect(policy('wna').staffing.pairs).toBe('always');
    expect(policy('wna').citations['staffing.pairs']).toContain('always be carried out in pairs');
    for (const schoolId of SCHOOL_IDS.filter((id) => id !== 'wna')) expect(policy(schoolId).staffing.pairs).toBe('when-risk');
  });

  // 002 appendix §1.2 "approved by the Assistant Headteacher"; 001 "SAFEGUARDING LEAD OR … SENIOR LEADERSHIP TEAM".
  it.each([
    ['harrogate-high', ['slt']],
    ['birchwood', ['dsl', 'headteacher', 'slt']],
    ['wna', ['headteacher']],
  ] as const)('%s may be authorised only by %j', (schoolId, roles) => {
    expect([...policy(schoolId).authorisation.roles].sort()).toEqual(roles);
  });

  // 001 "It is strongly recommended that no one makes an evening home visit"; "Safe word: To be agreed and recorded".
  it('BCHS discourages evening visits and requires a safe word; no other school does either', () => {
    expect(policy('birchwood').outOfHours.evening).toBe('discouraged');
    expect(policy('birchwood').staffing.safeWordRequired).toBe(true);
    for (const schoolId of SCHOOL_IDS.filter((id) => id !== 'birchwood')) {
      expect(policy(schoolId).outOfHours.evening).toBe('allowed');
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
    expect(policy(schoolId).cancellation.writtenNoticeTo).toEqual({ role, title });
  });

  // 002 §4.4 unannounced for attendance or safeguarding; 001 exceptions for welfare/no contact/emergency safeguarding.
  it.each([
    ['hunsbury-park', []],
    ['birchwood', ['no-contact', 'safeguarding-concern', 'welfare-check']],
    ['harrogate-high', ['attendance-concern', 'safeguarding-concern']],
    ['learning-together-academy', []],
    ['wna', []],
  ] as const)('%s allows visits without an appointment only for %j', (schoolId, reasons) => {
    expect([...policy(schoolId).unannounced.allowedReasons].sort()).toEqual(reasons);
  });

  // 004 "Where there are deemed to be potential risks - … invite them into school".
  it('WNA invites the family into school where the others send a pair or do not visit', () => {
    expect(policy('wna').risk).toEqual({ whenConcerns: 'invite-to-school', whenHigh: 'invite-to-school' });
    expect(policy('birchwood').risk).toEqual({ whenConcerns: 'pairs-only', whenHigh: 'do-not-visit' });
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
    expect(policy('harrogate-high').entry.unsafeIndicators).toEqual(
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
    delete broken.citations['entry.parentPresent'];
    const file = writePolicy(broken);
    expectPolicyFileError(thrownBy(() => loadPolicyFile(file)), file, 'citations', 'no citation for entry.parentPresent');
  });

  it('refuses a citation of a field that does not exist', () => {
    const broken = validPolicy();
    broken.citations['arrival.waitForever'] = '§4 made up';
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
