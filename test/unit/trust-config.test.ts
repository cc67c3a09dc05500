import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTrust, POLICIES_DIR, PolicyFileError } from '../../policies/load';

/** The deployment half of a trust file: region, alert and operations subscriptions, API throttling. */

const tmp = mkdtempSync(join(tmpdir(), 'trust-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let count = 0;
/** A trust folder with the real Hunsbury Park policy and a trust file with `extra` fields. */
function trustWith(extra: Record<string, unknown>): string {
  const dir = join(tmp, `trust-${++count}`);
  mkdirSync(join(dir, 'schools'), { recursive: true });
  mkdirSync(join(dir, 'trusts'), { recursive: true });
  copyFileSync(join(POLICIES_DIR, 'schools', 'hunsbury-park.json'), join(dir, 'schools', 'hunsbury-park.json'));
  writeFileSync(join(dir, 'trusts', 'test-trust.json'), JSON.stringify({ trustId: 'test-trust', name: 'Test', schools: ['hunsbury-park'], ...extra }));
  return dir;
}

function refusal(dir: string): string[] {
  try {
    loadTrust('test-trust', dir);
  } catch (error) {
    if (error instanceof PolicyFileError) return [...error.issues];
    throw error;
  }
  throw new Error('the trust loaded');
}

const subscription = (fields: Record<string, unknown>) => ({ alerts: { subscriptions: [{ role: 'office', protocol: 'email', endpoint: 'office@example.org', ...fields }] } });

describe('a trust config', () => {
  it('deploys to eu-west-2 with no subscriptions and 50 requests/s (burst 100) when it says nothing', () => {
    const { config } = loadTrust('test-trust', trustWith({}));
    expect(config).toMatchObject({ region: 'eu-west-2', alerts: { subscriptions: [] }, operations: { subscriptions: [] }, api: { rateLimit: 50, burstLimit: 100 } });
  });

  it('ships a sample with the five seed schools and a subscription for every responding role', () => {
    const { config, policies } = loadTrust('sample-trust');
    expect(policies.size).toBe(5);
    expect(new Set(config.alerts.subscriptions.map((s) => s.role))).toEqual(new Set(['office', 'dsl', 'headteacher', 'slt']));
    expect(new Set(config.alerts.subscriptions.map((s) => s.protocol))).toEqual(new Set(['email', 'sms', 'https']));
    for (const s of config.alerts.subscriptions) expect(s.endpoint).toMatch(/example\.org|^\+44770090/);
  });

  it.each([
    ['an email address', { protocol: 'email', endpoint: 'not-an-address' }],
    ['an E.164 number', { protocol: 'sms', endpoint: '07700 900123' }],
    ['an https URL', { protocol: 'https', endpoint: 'http://alerts.example.org/hook' }],
  ])('refuses an endpoint that is not %s', (_what, fields) => {
    expect(refusal(trustWith(subscription(fields))).join('\n')).toMatch(/alerts\.subscriptions\.0\.endpoint/);
  });

  it('refuses a filter naming a school outside the trust', () => {
    expect(refusal(trustWith(subscription({ filter: { schools: ['wna'] } })))).toEqual([
      'alerts.subscriptions.0.filter.schools: wna is not a school of trust test-trust',
    ]);
  });

  it('refuses an unknown alert kind, a role that is not a group, and the same subscription twice', () => {
    expect(refusal(trustWith(subscription({ filter: { kinds: ['fire'] } }))).join('\n')).toMatch(/filter\.kinds\.0/);
    expect(refusal(trustWith(subscription({ role: 'police' }))).join('\n')).toMatch(/alerts\.subscriptions\.0\.role/);
    const twice = { role: 'dsl', protocol: 'email', endpoint: 'dsl@example.org' };
    expect(refusal(trustWith({ alerts: { subscriptions: [twice, twice] } })).join('\n')).toMatch(/subscribed twice/);
  });

  it('refuses a region that is not one', () => {
    expect(refusal(trustWith({ region: 'London' })).join('\n')).toMatch(/region/);
  });
});

describe("a trust config's SES sender for Cognito", () => {
  it('leaves Cognito on its built-in sender when it says nothing', () => {
    const { config } = loadTrust('test-trust', trustWith({}));
    expect(config.cognito?.ses).toBeUndefined();
  });

  it('takes a verified sender address, with a name, a reply-to, the SES region and the verified domain', () => {
    const ses = { fromEmail: 'no-reply@trust.example.org', fromName: 'Home visits', replyTo: 'it@trust.example.org', sesRegion: 'eu-west-1', sesVerifiedDomain: 'trust.example.org' };

    const { config } = loadTrust('test-trust', trustWith({ cognito: { ses } }));

    expect(config.cognito).toEqual({ ses });
  });

  it.each([
    ['a sender that is not an address', { fromEmail: 'no-reply' }, /cognito\.ses\.fromEmail/],
    ['a sender outside its verified domain', { fromEmail: 'no-reply@elsewhere.example.org', sesVerifiedDomain: 'trust.example.org' }, /cognito\.ses\.fromEmail: .*not at the verified domain trust\.example\.org/],
    ['an SES region that is not one', { fromEmail: 'no-reply@trust.example.org', sesRegion: 'Ireland' }, /cognito\.ses\.sesRegion/],
    ['a field CDK does not know', { fromEmail: 'no-reply@trust.example.org', identityArn: 'arn:aws:ses:eu-west-2:123456789012:identity/trust.example.org' }, /cognito\.ses/],
  ])('refuses %s', (_what, ses, issue) => {
    expect(refusal(trustWith({ cognito: { ses } })).join('\n')).toMatch(issue);
  });
});
