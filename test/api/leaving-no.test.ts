import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE } from '../support/actors';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';
import { policyVariant } from '../support/policy-variant';
import { policies } from '../support/scenario';

/**
 * Over the API: a leaving item answered no is recorded with the leave (201, not 409) and the
 * rule-breach alert goes to whom the policy names; an item that must be yes is still refused.
 */
describe('leaving with an item answered no, over the API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    const hunsbury = policies.get('hunsbury-park')!;
    const bedrooms = policyVariant(hunsbury, {
      checklists: {
        ...hunsbury.checklists,
        onLeaving: [
          { id: 'no-bedrooms', text: 'I did not go into a bedroom', required: true, ifNo: { notify: ['dsl'] } },
          { id: 'rooms-agreed', text: 'Stayed in the rooms agreed with the family', required: true },
        ],
      },
    });
    h = await startApiHarness({ policies: [...[...policies.values()].filter((policy) => policy !== hunsbury), bedrooms] });
  });
  afterAll(async () => {
    await h.stop();
  });

  const SIGNED = { facts: [], agreements: [], followUpNeeded: false, signatures: { parent: true, officer: true } };

  it('records the leave with the breach and tells the DSL', async () => {
    const visitId = await driveVisit(h, 'in-home');
    await h.arm(visitId);
    const before = h.alerts.published.length;
    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/leave`, { attestations: ['rooms-agreed'], answeredNo: ['no-bedrooms'], notes: SIGNED });
    expect(reply.status).toBeLessThan(300);
    const visit = await h.visit(visitId);
    expect(visit.status).toBe('returning');
    expect(visit.breaches.map((breach) => breach.rule)).toEqual(['on-leaving:no-bedrooms']);
    const told = h.alerts.published.slice(before).filter((message) => message.visitId === visitId && message.kind === 'rule-breach');
    expect(told).toHaveLength(1);
    expect(told[0]!.notify).toContain('dsl');
  });

  it('refuses a no to an item that must be yes, naming the rule, and writes nothing', async () => {
    const visitId = await driveVisit(h, 'in-home');
    await h.arm(visitId);
    const length = await h.streamLength(visitId);
    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/leave`, { attestations: ['no-bedrooms'], answeredNo: ['rooms-agreed'], notes: SIGNED });
    expect(reply.status).toBe(409);
    expect(JSON.stringify(reply.body)).toContain('leaving-attestations');
    expect(await h.streamLength(visitId)).toBe(length);
  });
});
