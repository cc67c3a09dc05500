import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteps, type Steps } from '../../functions/steps/steps';
import { DEMO_CHECK_IN_CODE, DEMO_DURESS_CODE } from '../../local/auth';
import { ALICE, DSL, OFFICE } from '../support/actors';
import { driveVisit, startApiHarness, type ApiHarness, type Reply } from '../support/api-harness';
import { seedPolicies } from '../support/scenario';

/**
 * Issue 20, item 6, over HTTP: a call for help called off with the cancel PIN (the check-in code) is
 * recorded and told to the office; called off with the duress code, everything the member of staff
 * can fetch is the same, byte for byte once ids and times are masked, to the filed report, while the
 * office keeps the call open and hears a silent duress alert. And "I need more time" within the
 * policy's limit, refused beyond it with the rule named, and shown on the office's board line.
 */

let h: ApiHarness;
let steps: Steps;
beforeAll(async () => {
  h = await startApiHarness();
  steps = createSteps({ store: h.store, tokens: h.tokens, signals: h.workflow, clock: h.clock, policies: seedPolicies });
});
afterAll(async () => {
  await h.stop();
});

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
const masked = (visitId: string, value: unknown): string => JSON.stringify(value).replaceAll(visitId, '<visit>').replace(ISO_TIME, '<time>');
const wire = (reply: Reply) => ({ statusCode: reply.raw.statusCode, headers: reply.raw.headers, body: reply.raw.body });
const must = (reply: Reply): Reply => {
  if (reply.status >= 300) throw new Error(`${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
};

/** Alice in the home, her call for help sent: the visit and the call's id. */
async function callForHelpInTheHome(): Promise<{ visitId: string; alertId: string }> {
  const visitId = await driveVisit(h, 'in-home');
  must(await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {}));
  const alertId = (await h.visit(visitId)).alerts.find((alert) => alert.kind === 'panic')!.alertId;
  return { visitId, alertId };
}

async function callOff(visitId: string, alertId: string, pin: string): Promise<Reply> {
  await h.arm(visitId);
  return h.call(ALICE, 'POST', `/visits/${visitId}/cancel-alarm`, { alertId, pin });
}

/** What the member of staff can fetch of the visit, masked: the visit, their line on their list, the report. */
async function staffReads(visitId: string): Promise<Record<string, string>> {
  const mine = must(await h.call(ALICE, 'GET', '/me/visits')).body.visits as Array<{ visitId: string }>;
  return {
    visit: masked(visitId, wire(await h.call(ALICE, 'GET', `/visits/${visitId}`))),
    line: masked(visitId, mine.find((line) => line.visitId === visitId)),
    report: masked(visitId, wire(await h.call(ALICE, 'GET', `/visits/${visitId}/report`))),
  };
}

describe('a false alarm called off with the cancel PIN, and with the duress code', () => {
  let pin: { visitId: string; alertId: string };
  let duress: { visitId: string; alertId: string };
  const replies = {} as Record<'pin' | 'duress', Reply>;
  beforeAll(async () => {
    pin = await callForHelpInTheHome();
    duress = await callForHelpInTheHome();
    replies.pin = await callOff(pin.visitId, pin.alertId, DEMO_CHECK_IN_CODE);
    replies.duress = await callOff(duress.visitId, duress.alertId, DEMO_DURESS_CODE);
  });

  it('records the cancel with the PIN and tells the office it was a false alarm', async () => {
    expect(replies.pin).toMatchObject({ status: 200, body: { events: ['FalseAlarmCancelled'] } });
    expect((await h.visit(pin.visitId)).alerts).toEqual([expect.objectContaining({ kind: 'panic', stage: 'resolved', resolved: expect.objectContaining({ resolution: 'cancelled', by: expect.objectContaining({ userId: ALICE.userId }) }) })]);
    expect(h.alerts.published.filter((message) => message.visitId === pin.visitId && message.kind === 'alert-resolved')).toEqual([
      expect.objectContaining({ alertId: pin.alertId, subject: 'Call for help called off: Alice Officer says it was a false alarm' }),
    ]);
  });

  it('answers the duress cancel exactly as the PIN\'s, and shows the staff member the same visit and line', async () => {
    expect(masked(duress.visitId, wire(replies.duress))).toBe(masked(pin.visitId, wire(replies.pin)));
    expect(await staffReads(duress.visitId)).toEqual(await staffReads(pin.visitId));
  });

  it('keeps the call open for the office and the DSL, beside a silent duress alert, on the duress visit alone', async () => {
    for (const reader of [OFFICE, DSL]) {
      const open = (await h.call(reader, 'GET', `/visits/${duress.visitId}`)).body.visit.alerts.filter((alert: { stage: string }) => alert.stage !== 'resolved');
      expect(open.map((alert: { kind: string }) => alert.kind)).toEqual(['panic', 'duress']);
    }
    expect(h.alerts.published.filter((message) => message.visitId === duress.visitId && message.kind !== 'panic')).toEqual([
      expect.objectContaining({ kind: 'duress', severity: 'critical', text: expect.stringContaining('called off their call for help') }),
    ]);
  });

  it('refuses a wrong PIN with its rule, and the call stays open', async () => {
    const { visitId, alertId } = await callForHelpInTheHome();
    const reply = await callOff(visitId, alertId, '0000');
    expect(reply).toMatchObject({ status: 409, body: { rule: 'cancel-pin-wrong' } });
    expect((await h.visit(visitId)).alerts.filter((alert) => alert.stage !== 'resolved')).toHaveLength(1);
  });

  it('shows the staff member the same visit, line and report to the end, the office answering the duress visit\'s alerts', async () => {
    for (const { visitId } of [pin, duress]) {
      await h.arm(visitId);
      must(await h.call(ALICE, 'POST', `/visits/${visitId}/leave`, { notes: { signatures: { parent: true, officer: true } } }));
      await h.arm(visitId);
      must(await h.call(ALICE, 'POST', `/visits/${visitId}/return`, {}));
    }
    for (const alert of (await h.visit(duress.visitId)).alerts.filter((open) => open.stage !== 'resolved')) {
      must(await h.call(OFFICE, 'POST', `/visits/${duress.visitId}/resolve-alert`, { alertId: alert.alertId, reason: 'Police attended: Alice safe.' }));
    }
    for (const { visitId } of [pin, duress]) {
      const visit = await h.visit(visitId);
      await steps.closeThenPlan({ visitId, policy: visit.policy, version: visit.version });
    }

    expect((await h.visit(duress.visitId)).status).toBe('filed');
    const twin = await staffReads(pin.visitId);
    expect(JSON.parse(twin.report!)).toMatchObject({ statusCode: 200 });
    expect(await staffReads(duress.visitId)).toEqual(twin);
  });
});

describe('"I need more time" over HTTP', () => {
  it('moves the check-in, shows the office why on the board line, and refuses beyond the policy\'s limit with the rule named', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const before = (await h.call(OFFICE, 'GET', `/visits/${visitId}`)).body.summary.nextDeadline;

    // No wait armed: a woken stage's Plan writes the board line, and this harness runs no workflow, so the request writes it.
    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/extend-time`, { minutes: 20, reason: 'The parent is still talking.' });

    expect(reply).toMatchObject({ status: 200, body: { events: ['MoreTimeTaken'] } });
    const line = (await h.call(OFFICE, 'GET', `/visits/${visitId}`)).body.summary;
    expect(line.nextDeadline).toEqual({ kind: 'check-in', at: new Date(Date.parse(before.at) + 20 * 60_000).toISOString() });
    expect(line.moreTime).toEqual({ minutes: 20, reason: 'The parent is still talking.' });
    const board = must(await h.call(OFFICE, 'GET', '/visits')).body.visits as Array<{ visitId: string }>;
    expect(board.find((row) => row.visitId === visitId)).toMatchObject({ moreTime: { minutes: 20 } });

    await h.arm(visitId);
    const refused = await h.call(ALICE, 'POST', `/visits/${visitId}/extend-time`, { minutes: 15, reason: 'Still talking.' });
    expect(refused).toMatchObject({ status: 409, body: { rule: 'more-time-limit', message: expect.stringContaining('at most 10 more') } });
  });
});
