import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyLeafPaths, PolicyV2, type Policy } from '../../functions/core/policy';
import { explainPolicy } from '../../functions/core/policy-explain';
import { titlesOf } from '../../functions/core/policy-people';
import { loadPolicyFile, POLICIES_DIR } from '../../policies/load';

/**
 * `npm run policy -- explain`: a policy in plain English for the headteacher to sign off. Expected
 * values come from the loaded policy, not from the file's text, so the school files can be edited
 * (as schools revise their policies) without these tests saying what the policy is.
 */

const SCHOOLS_DIR = join(POLICIES_DIR, 'schools');
const load = (school: string): Policy => loadPolicyFile(join(SCHOOLS_DIR, `${school}.json`));
const EVERY_SCHOOL = readdirSync(SCHOOLS_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length));

const SECTIONS = ['1. Who', '2. Before the visit', '3. At the door', '4. In the home and out of school', '5. After the visit', '6. Alerts'];

/** The rule whose sentence contains `words`: its line and the indented lines under it (items, citations). */
function ruleAbout(text: string, words: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trimStart().startsWith('- ') && line.includes(words));
  expect(start, `no rule says "${words}"`).toBeGreaterThanOrEqual(0);
  const indent = lines[start]!.length - lines[start]!.trimStart().length;
  const block = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    const depth = line.length - line.trimStart().length;
    if (line.trim() === '' || depth <= indent) break;
    block.push(line);
  }
  return block.join('\n');
}

/** Whether `block` ends with the citation of `path`, as the reader checks it against the document. */
const cites = (policy: Policy, block: string, path: string): boolean =>
  block.split('\n').some((line) => /^\s+\[.*\]$/.test(line) && line.includes(policy.citations![path]!));

describe('explainPolicy, for hunsbury-park', () => {
  const policy = load('hunsbury-park');
  const text = explainPolicy(policy);

  it('names the school, the edition and the written policy it encodes, then the six sections in a written policy\'s order', () => {
    expect(text.split('\n')[0]).toContain(policy.schoolName);
    expect(text.split('\n')[0]).toContain(`version ${policy.version}`);
    expect(text).toContain(policy.source.title);
    const at = SECTIONS.map((section) => text.split('\n').indexOf(section));
    expect(at.every((index) => index > 0), `sections found at ${at.join(', ')}`).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('says how long staff wait for the parent, with its citation', () => {
    const minutes = policy.arrival.parentNoShowMinutes;
    const block = ruleAbout(text, 'after the arranged time');
    expect(block).toContain(`${minutes} minute`);
    expect(cites(policy, block, 'arrival.parentNoShowMinutes')).toBe(true);
    expect(text.indexOf(block)).toBeGreaterThan(text.indexOf('3. At the door'));
  });

  it('says how often staff check in, in hours and minutes, and with whom, with the citations', () => {
    const minutes = policy.checkIns.intervalMinutes;
    const block = ruleAbout(text, 'staff check in with');
    expect(block).toContain(`${minutes} minutes`);
    if (minutes % 60 === 0) expect(block).toContain(`every ${minutes / 60} hour`);
    expect(block).toContain(policy.checkIns.to);
    expect(cites(policy, block, 'checkIns.intervalMinutes')).toBe(true);
    expect(cites(policy, block, 'checkIns.to')).toBe(true);
  });

  it('gives the escalation ladder level by level, in order, each with its delay and whom it tells by title', () => {
    const block = ruleAbout(text, 'the alert climbs this ladder');
    const lines = block.split('\n');
    let previous = -1;
    for (const level of policy.escalation.levels) {
      const at = lines.findIndex((line) => line.includes(`Level ${level.level},`));
      expect(at, `level ${level.level}`).toBeGreaterThan(previous);
      previous = at;
      const line = lines[at]!;
      if (level.level === 1 && level.afterMinutes === 0) expect(line).toContain('at once');
      else if (level.afterMinutes > 0) expect(line).toContain(`${level.afterMinutes < 60 ? level.afterMinutes : `(${level.afterMinutes}`} minute`);
      for (const title of titlesOf(policy, level.notify)) expect(line).toContain(title);
      expect(line).toContain(level.instruction);
    }
    expect(cites(policy, block, 'escalation.levels')).toBe(true);
  });

  it('says who may authorise, by the school\'s titles, any of them at once (nobody is asked in turn), with the citation', () => {
    const block = ruleAbout(text, 'A visit may be authorised by');
    const sentence = block.split('\n')[0]!;
    const titles = titlesOf(policy, policy.duties.authorise);
    const at = titles.map((title) => sentence.indexOf(title));
    expect(at.every((index) => index >= 0), `titles ${titles.join(', ')} in: ${sentence}`).toBe(true);
    expect(sentence).toContain('any of them may do so');
    expect(sentence).not.toContain('in that order');
    for (const id of policy.duties.authorise) {
      if (!titles.some((title) => title.includes(id))) expect(sentence).not.toMatch(new RegExp(`\\b${id}\\b`));
    }
    expect(cites(policy, block, 'duties.authorise')).toBe(true);
  });

  it('names who receives a safety cancellation in writing by the school\'s title', () => {
    const block = ruleAbout(text, 'cancelled for safety');
    expect(block).toContain(titlesOf(policy, [policy.cancellation.writtenNoticeTo])[0]);
    expect(cites(policy, block, 'cancellation.writtenNoticeTo')).toBe(true);
  });
});

/** Every school file, and a format-1 file (upgraded as it loads): the explanation is of what the core runs on. */
const FORMAT_1 = join(import.meta.dirname, '../fixtures/policy-format-1.json');
const EVERY_FILE = [...EVERY_SCHOOL.map((school) => [school, join(SCHOOLS_DIR, `${school}.json`)]), ['a format-1 file', FORMAT_1]];

describe.each(EVERY_FILE)('explainPolicy, for %s', (_name, file) => {
  const policy = loadPolicyFile(file!);
  const text = explainPolicy(policy);

  it('cites every rule-bearing field of the policy, on an indented line in brackets', () => {
    const citationLines = text.split('\n').filter((line) => /^\s+\[.*\]$/.test(line));
    for (const path of policyLeafPaths(policy)) {
      expect(
        citationLines.some((line) => line.includes(policy.citations![path]!)),
        `${path}: ${policy.citations![path]}`,
      ).toBe(true);
    }
    expect(text).not.toContain('no citation for');
  });

  it('names every role and recipient by the school\'s own title', () => {
    for (const role of Object.values(policy.roles)) expect(text).toContain(role.title);
    for (const recipient of Object.values(policy.recipients)) expect(text).toContain(recipient.title);
  });

  it('puts a rule under every section', () => {
    const lines = text.split('\n');
    for (const section of SECTIONS) expect(lines[lines.indexOf(section) + 1], section).toMatch(/^- /);
  });
});

describe('explainPolicy, for what a format-2 school can say that the seeds may not', () => {
  /** hunsbury-park with a recipient outside the school, a timed follow-up and movement notices added. */
  function extended(): Policy {
    const base = structuredClone(load('hunsbury-park'));
    const roleIds = Object.keys(base.roles);
    const policy: Policy = {
      ...base,
      recipients: { ...base.recipients, 'test-police': { title: 'Test constabulary', channel: 'phone', contact: '101', instruction: 'Call 999 and give the address.' } },
      alerts: { ...base.alerts, panic: { ...base.alerts.panic, notify: [...base.alerts.panic.notify, 'test-police'] } },
      movements: { ...base.movements, depart: [roleIds[0]!], return: [roleIds[0]!, 'test-police'] },
      entry: { ...base.entry, doorstepAllowed: true },
      calendar: { ...base.calendar, days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', until: '16:00', outside: 'forbidden' },
      followUps: [
        ...base.followUps,
        { id: 'test-return-meeting', afterDays: 7, when: 'agreements-recorded', action: 'prompt-visit', notify: [roleIds[0]!], text: 'Hold the return meeting.' },
      ],
      citations: {
        ...base.citations,
        'recipients.test-police': '§9 test: the police are called on a panic',
        'followUps.test-return-meeting': '§9 test: a return meeting within a week',
      },
    };
    return PolicyV2.parse(policy);
  }

  const policy = extended();
  const text = explainPolicy(policy);
  const firstRole = titlesOf(policy, [Object.keys(policy.roles)[0]!])[0]!;

  it('lists the people outside the school with how they are reached, and names them in the alerts they receive', () => {
    const block = ruleAbout(text, 'Test constabulary: by phone on 101');
    expect(block).toContain('[§9 test: the police are called on a panic]');
    expect(ruleAbout(text, 'Panic:')).toContain('Test constabulary');
  });

  it('says the school day and what happens outside it', () => {
    expect(ruleAbout(text, 'The school day:')).toContain('Monday to Friday, 08:30 to 16:00');
    expect(text).toContain('Visits outside the school day are not allowed.');
  });

  it('says the timed follow-up with its delay, whom it tells and its citation', () => {
    const block = ruleAbout(text, '7 days after');
    expect(block).toContain('prompt a follow-up visit');
    expect(block).toContain(firstRole);
    expect(block).toContain('Hold the return meeting.');
    expect(block).toContain('[§9 test: a return meeting within a week]');
  });

  it('says who is told as staff move, and that a doorstep visit may complete at the door', () => {
    expect(ruleAbout(text, 'Told when staff leave school for the visit:')).toContain(firstRole);
    expect(ruleAbout(text, 'Told when staff are back:')).toContain(`${firstRole} and Test constabulary.`);
    expect(text).toContain('A visit may be completed on the doorstep, without going in.');
  });
});
