import { describe, expect, it } from 'vitest';
import { checkFacts, mask, type DoctorConfig, type Facts } from '../../bin/doctor/checks';

/** The doctor's checks over facts, no AWS: the edges the mocked-SDK tests do not reach. */

const config: DoctorConfig = {
  trustId: 'test-trust',
  alerts: { subscriptions: [{ role: 'dsl', protocol: 'sms', endpoint: '+447700900123', filter: {} }] },
  operations: { subscriptions: [] },
};

const facts = (overrides: Partial<Facts>): Facts => ({
  stackName: 'HomeVisits-test-trust',
  region: 'eu-west-2',
  alerts: { arn: 'arn:alerts', subscriptions: [{ protocol: 'sms', endpoint: '+447700900123', pending: false }] },
  operations: { arn: 'arn:ops', subscriptions: [{ protocol: 'email', endpoint: 'ops@example.org', pending: false }] },
  sms: { inSandbox: false, monthlySpendLimitUsd: 25, sandboxNumbers: [] },
  userPool: { id: 'pool', sender: 'DEVELOPER' },
  ...overrides,
});

describe("the doctor's checks", () => {
  it('find nothing wrong with confirmed subscriptions, texts out of the sandbox with a raised limit, and an SES sender', () => {
    expect(checkFacts(facts({}), config)).toEqual([]);
  });

  it('pass a sandboxed number that is verified there, but still name the sandbox and a limit left at $1', () => {
    const sms = { inSandbox: true, monthlySpendLimitUsd: 1, sandboxNumbers: [{ phoneNumber: '+447700900123', verified: true }] };

    expect(checkFacts(facts({ sms }), config).map((finding) => finding.code)).toEqual(['sms-sandbox', 'sms-spend-limit']);
  });

  it('name a number still pending verification in the sandbox', () => {
    const sms = { inSandbox: true, monthlySpendLimitUsd: 1, sandboxNumbers: [{ phoneNumber: '+447700900123', verified: false }] };

    expect(checkFacts(facts({ sms }), config).map((finding) => finding.code)).toContain('sms-number-unverified');
  });

  it('tell a trust with no alert subscriptions at all to add some', () => {
    const [finding] = checkFacts(facts({ alerts: { arn: 'arn:alerts', subscriptions: [] } }), { ...config, alerts: { subscriptions: [] } });

    expect(finding).toMatchObject({ code: 'topic-unheard', action: expect.stringContaining('Add subscriptions under alerts.subscriptions') });
  });

  it.each([
    ['email', 'jane.doe@mail.example.com', 'j…@mail.example.com'],
    ['sms', '+447700900999', '+44…999'],
    ['https', 'https://hooks.example.com/secret-token?x=1', 'https://hooks.example.com/…'],
    ['lambda', 'arn:aws:lambda:eu-west-2:123456789012:function:f', '…'],
  ])('mask a %s endpoint the config does not hold', (protocol, endpoint, masked) => {
    expect(mask(protocol, endpoint)).toBe(masked);
  });
});
