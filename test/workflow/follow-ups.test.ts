import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAlertPublisher } from '../../functions/adapters/alert-publisher';
import { createVisitService } from '../../functions/app/visit-service';
import type { Actor } from '../../functions/core/actor';
import type { AlertMessage } from '../../functions/core/alerts';
import { ActionInput, type ActionName } from '../../functions/core/commands';
import { loadVisit } from '../../functions/core/handle-command';
import { PolicyV2, type Policy } from '../../functions/core/policy';
import type { StageName } from '../../functions/core/stages';
import { minutesBetween } from '../../functions/core/time';
import type { Visit } from '../../functions/core/visit-state';
import { demoDuressCodes } from '../../local/auth';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { localExecutionArn } from '../../local/engine';
import { createVisitRuntime, type VisitRuntime } from '../../local/visit-runtime';
import { loadTrust } from '../../policies/load';
import { ALICE, HEAD, OFFICE } from '../support/actors';
import { uniqueId } from '../support/ids';
import { T0, visitDetails } from '../support/scenario';
import { VirtualClock } from '../support/virtual-clock';

/**
 * A follow-up rule run by the workflow itself: the real definition on the local engine with the real
 * handlers and dynalite, a copy of a seed school's policy given a follow-up rule, and a virtual
 * clock (a day passes as one jump). The visit is filed, waits in `awaiting-follow-up`, and a day
 * later the workflow records the follow-up due, tells the people the rule names, and ends.
 */

const DAY_MINUTES = 24 * 60;

const trust = loadTrust('sample-trust');
const seed = trust.policies.get('hunsbury-park')!;
const FOLLOW_UP = {
  id: 'agreements-kept',
  afterDays: 1,
  when: 'agreements-recorded',
  action: 'prompt-visit',
  notify: ['dsl', 'headteacher'],
  text: 'Check the agreements made at the visit were kept; if not, arrange a follow-up visit.',
} as const;
const policy: Policy = PolicyV2.parse({
  ...seed,
  // A day for each of the visit's own deadlines, so only the follow-up is timed here (the other tests time those).
  arrival: { ...seed.arrival, parentNoShowMinutes: DAY_MINUTES },
  checkIns: { ...seed.checkIns, intervalMinutes: DAY_MINUTES, returnWithinMinutes: DAY_MINUTES },
  followUps: [FOLLOW_UP],
  citations: { ...seed.citations, 'followUps.agreements-kept': 'test: a follow-up visit if agreements are not kept' },
});

const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };
const LEAVE_WITH_AGREEMENTS = { notes: { facts: ['Mornings are hard'], agreements: ['Sam on the 8:05 bus'] } };

let dynalite: Dynalite;
let runtime: VisitRuntime;
const alerts = new MemoryAlertPublisher();
const clock = new VirtualClock(new Date(T0));

beforeAll(async () => {
  dynalite = await startDynalite();
  clock.watch(dynalite.client);
  const suffix = uniqueId('fu');
  runtime = await createVisitRuntime({
    dynamodb: dynalite.client,
    // The sample trust, with Hunsbury Park's policy given the follow-up rule.
    policies: [...trust.policies.values()].map((candidate) => (candidate.schoolId === policy.schoolId ? policy : candidate)),
    sinks: [{ name: 'test', sink: alerts }],
    log: () => undefined,
    duress: await demoDuressCodes(),
    clock,
    tables: { events: `events-${suffix}`, tokens: `tokens-${suffix}`, board: `board-${suffix}` },
  });
}, 120_000);
afterAll(async () => {
  await runtime?.close();
  await dynalite?.stop();
});

const service = () => createVisitService(runtime.deps);
const act = (visitId: string, action: ActionName, body: unknown, actor: Actor = ALICE) =>
  service().act(visitId, { asked: ActionInput.parse({ name: action, body }), actor, commandId: uniqueId('cmd') });

async function visitOf(visitId: string): Promise<Visit> {
  const { state } = await loadVisit(runtime.deps.store, visitId);
  if (state.status === 'none') throw new Error(`no visit ${visitId}`);
  return state;
}
const typesOf = async (visitId: string) => (await loadVisit(runtime.deps.store, visitId)).events.map((event) => event.type);

async function stage(visitId: string, name: StageName): Promise<void> {
  const waiting = await clock.until(async () => (await runtime.deps.tokens.get(visitId))?.stage === name);
  if (!waiting) throw new Error(`visit ${visitId} never waited at ${name} (status ${(await visitOf(visitId)).status})`);
}

/**
 * A completed visit with agreements recorded, made briskly: once it may depart, every step of the
 * journey is recorded back to back (the workflow folds whatever it finds).
 */
async function visitWithAgreements(): Promise<string> {
  const visitId = uniqueId('visit');
  expect(await service().request({ asked: { name: 'request', body: { visitId, details: visitDetails(policy.schoolId) } }, actor: ALICE, commandId: uniqueId('cmd') })).toMatchObject({ ok: true });
  await stage(visitId, 'awaiting-authorisation');
  expect(await act(visitId, 'authorise', {}, HEAD)).toMatchObject({ ok: true });
  await stage(visitId, 'awaiting-departure');
  for (const [action, body] of [['depart', {}], ['arrive', {}], ['enter', PARENT_AT_HOME], ['leave', LEAVE_WITH_AGREEMENTS], ['return', {}]] as const) {
    expect(await act(visitId, action, body)).toMatchObject({ ok: true });
  }
  return visitId;
}

const executionEnds = (visitId: string) => clock.settled(runtime.engine.waitForExecution(localExecutionArn(runtime.engine.stateMachineName, visitId)));
const noticesOf = (visitId: string): AlertMessage[] => alerts.published.filter((message) => message.visitId === visitId && message.kind === 'follow-up-due');

describe.concurrent('a follow-up rule on the local engine', () => {
  it('files the visit, waits a day in awaiting-follow-up, then prompts the follow-up visit and finishes', async () => {
    const visitId = await visitWithAgreements();
    await stage(visitId, 'awaiting-follow-up');
    const filed = await visitOf(visitId);
    expect(filed.status).toBe('filed');
    expect(filed.followUps).toEqual([{ id: 'agreements-kept', dueAt: expect.any(String) }]);
    expect(minutesBetween(filed.closed!.at, filed.followUps![0]!.dueAt)).toBe(DAY_MINUTES);
    // Filed and waiting only for its follow-up: not on the open board (once the stream has projected it).
    await runtime.stream.idle();
    const [line] = (await runtime.deps.board.list({ schoolId: policy.schoolId })).filter((candidate) => candidate.visitId === visitId);
    expect(line).toMatchObject({ status: 'filed', active: false, stage: 'awaiting-follow-up', nextDeadline: { kind: 'follow-up' } });

    expect((await executionEnds(visitId)).status).toBe('SUCCEEDED');
    const visit = await visitOf(visitId);
    expect(await typesOf(visitId)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'Entered', 'LeftHome', 'ReturnedSafely',
      'VisitClosed', 'ReportFiled', 'FollowUpDue',
    ]);
    // A day after the visit closed, and not before.
    expect(minutesBetween(visit.closed!.at, visit.followUps![0]!.due!.at)).toBeGreaterThanOrEqual(DAY_MINUTES);
    expect(minutesBetween(visit.closed!.at, visit.followUps![0]!.due!.at)).toBeLessThan(DAY_MINUTES + 8 * 60);
    // The alert leaves from the table's stream: delivered once the stream and the topic are idle.
    await runtime.idle();
    const [notice] = noticesOf(visitId);
    expect(notice).toMatchObject({ kind: 'follow-up-due', notify: ['dsl', 'headteacher'], severity: 'high' });
    expect(notice!.text).toContain(FOLLOW_UP.text);
    expect(notice!.text).toContain('A follow-up visit should be requested.');
    expect(noticesOf(visitId)).toHaveLength(1);
  }, 90_000);

  it('ends at once, announcing nothing, when the office settles the follow-up before it is due', async () => {
    const visitId = await visitWithAgreements();
    await stage(visitId, 'awaiting-follow-up');
    const settled = await act(visitId, 'resolve-follow-up', { followUpId: 'agreements-kept', note: 'Sam has been on the bus every day.' }, OFFICE);
    expect(settled).toMatchObject({ ok: true, signal: 'delivered' });
    expect((await executionEnds(visitId)).status).toBe('SUCCEEDED');
    const visit = await visitOf(visitId);
    // Well before the day was up.
    expect(minutesBetween(visit.closed!.at, visit.followUps![0]!.resolved!.at)).toBeLessThan(DAY_MINUTES);
    expect((await typesOf(visitId)).slice(-3)).toEqual(['VisitClosed', 'ReportFiled', 'FollowUpResolved']);
    expect(noticesOf(visitId)).toEqual([]);
  }, 90_000);
});
