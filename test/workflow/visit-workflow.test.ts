import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, HEAD } from '../support/actors';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(600);
});
afterAll(() => h.close());

describe('the visit workflow on the local engine', () => {
  it('runs a full visit from request to filed report', async () => {
    const id = await h.request('hunsbury-park');
    await h.stage(id, 'awaiting-authorisation');
    expect(await h.act(id, 'authorise', {}, HEAD)).toMatchObject({ ok: true, signal: 'delivered' });
    await h.stage(id, 'awaiting-departure');
    await h.act(id, 'depart', {});
    await h.stage(id, 'travelling');
    await h.act(id, 'arrive', {});
    await h.stage(id, 'at-the-door');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    await h.act(id, 'check-in', {});
    await h.stage(id, 'in-home');
    await h.act(id, 'leave', { notes: { facts: ['Agreed a morning routine'], agreements: ['Sam on the 8:05 bus'] } });
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {}, ALICE);
    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect(await h.types(id)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'Entered', 'CheckedIn', 'LeftHome',
      'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
  });
});
