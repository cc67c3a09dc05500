import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VISIT_EVENT_SCHEMAS } from '../../functions/core/events';
import { PolicyV2 } from '../../functions/core/policy';
import { ENFORCED_BY, type Enforcer } from '../../functions/core/policy-enforcement';
import { explainPolicy } from '../../functions/core/policy-explain';
import { loadPolicyFile, POLICIES_DIR } from '../../policies/load';

/**
 * `explain` says only what the core enforces: every sentence rests on a policy field that names the
 * rule enforcing it (policy-enforcement.ts), every rule named there exists in the core, and every
 * policy file under policies/ explains without a sentence lacking one.
 */

const CORE = join(__dirname, '../../functions/core');
const coreFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? coreFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') && entry.name !== 'policy-enforcement.ts' ? [join(dir, entry.name)] : [],
  );
const coreSource = coreFiles(CORE).map((file) => readFileSync(file, 'utf8')).join('\n');
const deadlineSource = readFileSync(join(CORE, 'deadlines.ts'), 'utf8');
const reportSource = readFileSync(join(CORE, 'report.ts'), 'utf8');

/** Whether the core has the rule an enforcer names: a refusal's rule id, a deadline's kind, an event type, a report field. */
function existsInCore(enforcer: Enforcer): boolean {
  const [kind, name] = enforcer.split(/:(.*)/s) as [string, string];
  switch (kind) {
    case 'refusal':
      // As the rule a refusal names: conflict('id', …), forbidden('id', …), checklistRefusal('id', …), rule: 'id', requireAccepted(…, 'id').
      return new RegExp(`(conflict|forbidden|checklistRefusal)\\(\\s*'${name}'|rule: '${name}'|requireAccepted\\([^)]*'${name}'\\)|\\['[a-z]+', '${name}'\\]`).test(coreSource);
    case 'deadline':
      return deadlineSource.includes(`kind: '${name}'`);
    case 'event':
      return Object.hasOwn(VISIT_EVENT_SCHEMAS, name);
    case 'report':
      return new RegExp(`\\b${name}:`).test(reportSource);
    default:
      return false;
  }
}

const SCHOOLS = readdirSync(join(POLICIES_DIR, 'schools')).filter((name) => name.endsWith('.json'));
const load = (name: string) => loadPolicyFile(join(POLICIES_DIR, 'schools', name));

describe('what enforces each rule explain states', () => {
  it.each(Object.entries(ENFORCED_BY))('%s is enforced by rules that exist in the core', (_path, enforcers) => {
    expect(enforcers.length).toBeGreaterThan(0);
    expect(enforcers.filter((enforcer) => !existsInCore(enforcer))).toEqual([]);
  });

  it('a rule the core does not have is not found', () => {
    expect(existsInCore('refusal:no-such-rule')).toBe(false);
    expect(existsInCore('deadline:no-such-kind')).toBe(false);
    expect(existsInCore('report:noSuchField')).toBe(false);
  });
});

describe('explain, over every policy file', () => {
  it.each(SCHOOLS)('policies/schools/%s explains with every sentence tied to an enforcing rule', (name) => {
    // explainPolicy throws UnenforcedSentenceError on a sentence about a field nothing enforces.
    const text = explainPolicy(load(name));
    expect(text).toContain('1. Who');
  });

  it.each(SCHOOLS)('policies/schools/%s is not explained with the six claims the system does not keep', (name) => {
    const text = explainPolicy(load(name));
    for (const claim of ['asked in that order', 'Agreements made with the family are recorded', 'when they leave school for the visit and after it', 'both are named at the door', 'A visit may be carried out by']) {
      expect(text).not.toContain(claim);
    }
  });
});

describe('the loader refuses what no rule uses', () => {
  const policy = () => structuredClone(load('hunsbury-park.json'));

  it('refuses a recipient no rule tells, naming it', () => {
    const unused = policy();
    unused.recipients['town-council'] = { title: 'Town council', channel: 'email', contact: 'council@example.org', instruction: 'Tell the council.' };
    unused.citations!['recipients.town-council'] = 'clause 1';
    const result = PolicyV2.safeParse(unused);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toContainEqual(expect.stringMatching(/^recipients\.town-council: town-council is told by no rule/));
  });

  it('refuses check-ins "before and after" set to false, which would change nothing', () => {
    const inert = policy();
    inert.checkIns.beforeAndAfter = false;
    const result = PolicyV2.safeParse(inert);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['checkIns.beforeAndAfter']);
  });

  it('loads the same policy with neither', () => {
    expect(PolicyV2.safeParse(policy()).success).toBe(true);
  });
});
