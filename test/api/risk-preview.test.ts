import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, DSL, HEAD } from '../support/actors';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';
import { visitDetails } from '../support/scenario';

/**
 * Issue 20, item 7: the desk decides with what the workflow will decide. While a visit waits for
 * authorisation, its authorisers read the risk assessment it will get, and whether authorising it
 * would be refused; authorising is then refused in exactly those words.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

const TWO_RISKS = { riskFactors: { ...visitDetails('hunsbury-park').riskFactors, knownRisksInRecords: true, previousIncidents: true } };

describe('the risk preview on a visit waiting for authorisation', () => {
  it('tells the authoriser a high-risk visit will not go ahead, with the words authorising it is then refused in', async () => {
    const visitId = await driveVisit(h, 'requested', { details: TWO_RISKS });

    const read = await h.call(DSL, 'GET', `/visits/${visitId}`);
    const authorise = await h.call(HEAD, 'POST', `/visits/${visitId}/authorise`, {});

    expect(read.body.riskPreview).toMatchObject({ rating: 'high', outcome: 'do-not-visit', refused: { rule: 'risk-do-not-visit' } });
    expect(authorise.status).toBe(409);
    expect(authorise.body.rule).toBe(read.body.riskPreview.refused.rule);
    expect(authorise.body.message).toContain(read.body.riskPreview.refused.words);
  });

  it('says a low-risk visit proceeds, and is not shown to the staff who make it, nor once authorised', async () => {
    const visitId = await driveVisit(h, 'requested');

    const desk = await h.call(DSL, 'GET', `/visits/${visitId}`);
    const staff = await h.call(ALICE, 'GET', `/visits/${visitId}`);
    expect(desk.body.riskPreview).toMatchObject({ outcome: 'proceed' });
    expect(desk.body.riskPreview.refused).toBeUndefined();
    expect(staff.body.riskPreview).toBeUndefined();

    expect((await h.call(HEAD, 'POST', `/visits/${visitId}/authorise`, {})).status).toBe(200);
    expect((await h.call(DSL, 'GET', `/visits/${visitId}`)).body.riskPreview).toBeUndefined();
  });
});
