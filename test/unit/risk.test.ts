import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../functions/core/risk';
import type { RiskFactors } from '../../functions/core/visit-details';
import { ALICE, HEAD, SLT } from '../support/actors';
import { expectRefused, policies, policyOf, scenario, types } from '../support/scenario';

const NO_CONCERNS: RiskFactors = {
  knownRisksInRecords: false,
  previousIncidents: false,
  agenciesInvolved: false,
  agencyConcernsForStaff: false,
  animals: 'none',
  unmitigatedConcerns: false,
};
/** One known concern: records flag a risk to staff (medium). */
const CONCERNS: RiskFactors = { ...NO_CONCERNS, knownRisksInRecords: true };
/** Two known concerns: records and previous incidents (high). */
const HIGH: RiskFactors = { ...NO_CONCERNS, knownRisksInRecords: true, previousIncidents: true };
const UNMITIGATED: RiskFactors = { ...NO_CONCERNS, unmitigatedConcerns: true };

const SCHOOLS = ['hunsbury-park', 'birchwood', 'harrogate-high', 'learning-together-academy', 'wna'] as const;
const assess = (schoolId: string, factors: RiskFactors, staffCount = 2) => assessRisk({ factors, staffCount }, policyOf(schoolId));
const ONE_STAFF = [{ userId: ALICE.userId, name: 'Alice Officer' }];

describe('rating: known risks to staff raise the rating', () => {
  it.each([
    ['no concerns', NO_CONCERNS, 'low'],
    ['agencies involved but no concerns for staff', { ...NO_CONCERNS, agenciesInvolved: true }, 'low'],
    ['animals in the home', { ...NO_CONCERNS, animals: 'dangerous' }, 'low'],
    ['records flag a risk', CONCERNS, 'medium'],
    ['other agencies report concerns for staff', { ...NO_CONCERNS, agencyConcernsForStaff: true }, 'medium'],
    ['a previous incident and dangerous animals', { ...NO_CONCERNS, previousIncidents: true, animals: 'dangerous' }, 'medium'],
    ['records and a previous incident', HIGH, 'high'],
  ] as const)('rates %s as %s', (_, factors, rating) => {
    expect(assess('hunsbury-park', factors).rating).toBe(rating);
  });

  it('gives a reason for every concern it weighed', () => {
    const { reasons } = assess('hunsbury-park', { ...HIGH, agencyConcernsForStaff: true });
    expect(reasons).toEqual([
      'records flag a risk to staff at this address',
      'previous challenging behaviour towards staff',
      'other agencies report concerns for staff safety',
    ]);
  });
});

describe('outcome per school (BCHS appendix 1, WNA "Risk Assessment", BCHS final note)', () => {
  // No concerns: proceed, except WNA ("to always be carried out in pairs").
  it.each([
    ['hunsbury-park', 'proceed'],
    ['birchwood', 'proceed'],
    ['harrogate-high', 'proceed'],
    ['learning-together-academy', 'proceed'],
    ['wna', 'pairs-only'],
  ] as const)('with no concerns, %s → %s', (schoolId, outcome) => {
    expect(assess(schoolId, NO_CONCERNS).outcome).toBe(outcome);
  });

  it('says why a WNA visit with no concerns is still pairs-only', () => {
    expect(assess('wna', NO_CONCERNS).reasons).toContain('the school requires every visit to be made in a pair');
  });

  // BCHS: "If there are any concerns … go in with another member of staff"; WNA: "potential risks - … invite them into school".
  // Asked for one member of staff: BCHS's table rates a known risk lower when another member of staff goes (policies.test.ts).
  it.each([
    ['birchwood', 'pairs-only'],
    ['hunsbury-park', 'pairs-only'],
    ['wna', 'invite-to-school'],
  ] as const)('with known concerns, %s → %s', (schoolId, outcome) => {
    expect(assess(schoolId, CONCERNS, 1)).toMatchObject({ rating: 'medium', outcome });
  });

  // BCHS: "If you are concerned about your safety do not visit"; WNA: "invite them into school".
  it.each([
    ['birchwood', 'do-not-visit'],
    ['harrogate-high', 'do-not-visit'],
    ['wna', 'invite-to-school'],
  ] as const)('with a high rating, %s → %s', (schoolId, outcome) => {
    expect(assess(schoolId, HIGH, 1)).toMatchObject({ rating: 'high', outcome });
  });

  // BCHS final note: "concerns that cannot be mitigated, then a solo home visit should not be undertaken".
  it.each(SCHOOLS)('with concerns that cannot be mitigated, %s → do-not-visit', (schoolId) => {
    const assessment = assess(schoolId, UNMITIGATED);
    expect(assessment.outcome).toBe('do-not-visit');
    expect(assessment.reasons).toContain('the requester has concerns that cannot be mitigated');
  });

  it('notes when a pairs-only visit has only one member of staff', () => {
    expect(assess('birchwood', CONCERNS, 1).reasons).toContain('only 1 member of staff is assigned');
    expect(assess('birchwood', CONCERNS, 2).reasons.join()).not.toContain('member of staff is assigned');
  });
});

describe('controls', () => {
  it.each(SCHOOLS)('%s: check in with whom the policy names, at its interval', (schoolId) => {
    const policy = policyOf(schoolId);
    expect(assess(schoolId, NO_CONCERNS).controls).toContain(
      `Check in with ${policy.checkIns.to} every ${policy.checkIns.intervalMinutes} minutes`,
    );
  });

  it.each(['present', 'dangerous'] as const)('asks for animals to be kept in a separate room when animals are %s', (animals) => {
    expect(assess('hunsbury-park', { ...NO_CONCERNS, animals }).controls).toContain(
      'Ask for animals to be kept in a separate room before entering',
    );
  });

  it('says nothing about animals when there are none', () => {
    expect(assess('hunsbury-park', NO_CONCERNS).controls.join()).not.toMatch(/animal/i);
  });

  // BCHS: "As a pair agree a code word (safe word)".
  it('reminds BCHS staff to agree the code word, and nobody else', () => {
    expect(assess('birchwood', NO_CONCERNS).controls).toContain('Agree the code word with your pair and the school');
    for (const schoolId of SCHOOLS.filter((id) => id !== 'birchwood')) {
      expect(assess(schoolId, NO_CONCERNS).controls.join()).not.toMatch(/code word/);
    }
  });

  // BCHS: "Wait outside the property until all staff involved have arrived".
  it('tells a pair to wait outside until both have arrived', () => {
    expect(assess('birchwood', CONCERNS, 1).controls).toContain('Visit in a pair; wait outside until both staff have arrived');
  });

  it('tells WNA staff to invite the family into school when there are risks', () => {
    expect(assess('wna', CONCERNS).controls).toContain('Contact the family by phone or post and invite them into school');
  });
});

describe('the authoriser is told what the risk assessment will decide, before anyone is told "authorised"', () => {
  it('refuses to authorise a pairs-only visit with one member of staff (BCHS, known concerns), and says what to do instead', () => {
    const s = scenario('birchwood').requested({ staff: ONE_STAFF, riskFactors: CONCERNS });
    const decision = s.act('authorise', {}, HEAD);
    expectRefused(decision, 'pairs-required');
    expect(!decision.ok && decision.message).toMatch(/add a second member of staff/);
    expect(s.visit.status).toBe('requested');
  });

  it('refuses a lone WNA visit even with no concerns (always in pairs)', () => {
    expectRefused(scenario('wna').requested({ staff: ONE_STAFF }).act('authorise', {}, HEAD), 'pairs-required');
  });

  it('authorises a pair where the assessment says pairs-only, and the workflow sends them', () => {
    const s = scenario('birchwood').requested({ riskFactors: CONCERNS }).authorised(HEAD);
    expect(types(s.step('assess-risk', {}))).toEqual(['RiskAssessed']);
    expect(s.visit.status).toBe('ready');
  });

  it('refuses a WNA visit with concerns: invite the family into school instead', () => {
    const decision = scenario('wna').requested({ riskFactors: CONCERNS }).act('authorise', {}, HEAD);
    expectRefused(decision, 'risk-invite-to-school');
    expect(!decision.ok && decision.message).toMatch(/invite the family into school instead/);
  });

  it('refuses a high-risk Harrogate visit: do not visit', () => {
    expectRefused(scenario('harrogate-high').requested({ riskFactors: HIGH }).act('authorise', {}, SLT), 'risk-do-not-visit');
  });
});

describe('the assess-risk workflow step, for a visit authorised before that check', () => {
  it('cancels a pairs-only visit with one member of staff (BCHS, known concerns)', () => {
    const s = scenario('birchwood').requested({ staff: ONE_STAFF, riskFactors: CONCERNS }).authorisedUnchecked(HEAD);
    const decision = s.step('assess-risk', {});
    expect(types(decision)).toEqual(['RiskAssessed', 'VisitCancelled']);
    expect(s.visit.risk).toMatchObject({ rating: 'medium', outcome: 'pairs-only' });
    expect(s.visit.cancelled).toMatchObject({ reason: 'pairs-required', rule: 'pairs-required', staffOut: false });
    expect(s.visit.status).toBe('ended');
  });

  it('cancels a WNA visit with concerns and invites the family into school', () => {
    const s = scenario('wna').requested({ riskFactors: CONCERNS }).authorisedUnchecked(HEAD);
    expect(types(s.step('assess-risk', {}))).toEqual(['RiskAssessed', 'VisitCancelled']);
    expect(s.visit.cancelled).toMatchObject({ reason: 'risk-assessment', rule: 'risk-invite-to-school', staffOut: false });
    expect(s.visit.cancelled?.detail).toMatch(/invite the family into school/);
    expect(s.visit.status).toBe('ended');
  });

  it('cancels a high-risk Harrogate visit with do-not-visit', () => {
    const s = scenario('harrogate-high').requested({ riskFactors: HIGH }).authorisedUnchecked(SLT);
    expect(types(s.step('assess-risk', {}))).toEqual(['RiskAssessed', 'VisitCancelled']);
    expect(s.visit.cancelled).toMatchObject({ reason: 'risk-assessment', rule: 'risk-do-not-visit' });
  });

  it('a visit cancelled by its risk assessment closes as not visited', () => {
    const s = scenario('wna').requested({ riskFactors: CONCERNS }).authorisedUnchecked(HEAD).assessed();
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
    expect(s.visit.closed?.outcome).toBe('not-visited');
  });
});

describe('property: the assessment never sends staff where a seed says not to', () => {
  const factors = fc.record({
    knownRisksInRecords: fc.boolean(),
    previousIncidents: fc.boolean(),
    agenciesInvolved: fc.boolean(),
    agencyConcernsForStaff: fc.boolean(),
    animals: fc.constantFrom('none', 'present', 'dangerous'),
    unmitigatedConcerns: fc.boolean(),
  }) as fc.Arbitrary<RiskFactors>;
  const schoolIds = fc.constantFrom(...policies.keys());
  const staffCount = fc.integer({ min: 1, max: 4 });

  it('never proceeds when concerns cannot be mitigated, at any school', () => {
    fc.assert(
      fc.property(factors, schoolIds, staffCount, (f, schoolId, count) => {
        const { outcome } = assessRisk({ factors: { ...f, unmitigatedConcerns: true }, staffCount: count }, policyOf(schoolId));
        return outcome === 'do-not-visit';
      }),
    );
  });

  it('never proceeds at WNA, whatever the factors', () => {
    fc.assert(
      fc.property(factors, staffCount, (f, count) => assessRisk({ factors: f, staffCount: count }, policyOf('wna')).outcome !== 'proceed'),
    );
  });

  it('proceeds at any school only with a low rating and no unmitigated concerns', () => {
    fc.assert(
      fc.property(factors, schoolIds, staffCount, (f, schoolId, count) => {
        const assessment = assessRisk({ factors: f, staffCount: count }, policyOf(schoolId));
        return assessment.outcome !== 'proceed' || (assessment.rating === 'low' && !f.unmitigatedConcerns);
      }),
    );
  });
});
