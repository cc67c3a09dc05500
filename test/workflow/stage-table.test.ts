import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import { MemoryTaskTokenStore } from '../../functions/adapters/task-tokens';
import { BoardStage, boardStage } from '../../functions/core/board';
import type { ActionName } from '../../functions/core/commands';
import { nextDue } from '../../functions/core/deadlines';
import { ROUTES, routeOf, STAGE_NAMES, STAGES, STEPS, VISIT_STATUSES, waitingStage } from '../../functions/core/stages';
import { openAlerts, type Visit, type VisitStatus } from '../../functions/core/visit-state';
import { createSteps } from '../../functions/steps/steps';
import { allStates } from '../../local/engine/engine-definition';
import type { JsonObject } from '../../local/engine/json';
import { loadWorkflowDefinition } from '../../local/workflow-definition';
import { RecordingWorkflow } from '../support/recording-workflow';
import { ALICE, HEAD, OFFICE, WORKFLOW } from '../support/actors';
import { scenario, seedPolicies, T0, type Scenario } from '../support/scenario';
import { memorySteps } from '../support/memory-steps';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * One table of stages (functions/core/stages.ts): for every visit status, with and without an open
 * alert, the deployed state machine's Choice, Plan's route, the stage the await-signal step stores,
 * the actions it wakes for and the office board's word all say the same thing.
 */

/** The committed definition: the one the stack deploys (test/cdk/workflow-definition.test.ts) and the local engine runs. */
const definition = () => JSON.parse(loadWorkflowDefinition().definitionString) as JsonObject;
const states = () => new Map(allStates(definition()));

/** The Route choice of the deployed definition: route name → the state it leads to. */
function choiceBranches(): Map<string, string> {
  const route = states().get('Route');
  const choices = (route?.Choices ?? []) as Array<{ Variable: string; StringEquals: string; Next: string }>;
  return new Map(choices.map((choice) => [choice.StringEquals, choice.Next]));
}

/** The state each workflow step runs as (the test's own oracle, not the table). */
const STEP_STATES: Record<keyof typeof STEPS, string> = { 'assess-risk': 'AssessRisk', close: 'Close', 'file-report': 'FileReport', done: 'VisitFiled' };

/** A visit in `status`, with or without an open (panic) alert: routeOf and boardStage read only these. */
function visitIn(status: VisitStatus, alertOpen: boolean): Visit {
  const base = scenario('hunsbury-park').readyToGo().visit;
  // Not a visit any stream folds to (a ready visit's stamps under another status), hence the cast.
  return { ...base, status, alerts: alertOpen ? [{ alertId: 'panic-9', kind: 'panic', raisedAt: T0, level: 0, stage: 'open' }] : [] } as Visit;
}

describe('the stage table', () => {
  it('has one Choice branch per route, and no other', () => {
    expect([...choiceBranches().keys()].sort()).toEqual([...ROUTES].sort());
  });

  describe.each(VISIT_STATUSES.flatMap((status) => [[status, false] as const, [status, true] as const]))('a visit %s (alert open: %s)', (status, alertOpen) => {
    const visit = visitIn(status, alertOpen);
    const route = routeOf(visit);

    it('routes to the state the deployed Choice sends that route to', () => {
      const next = choiceBranches().get(route);
      expect(next).toBeDefined();
      const state = states().get(next!) as JsonObject;
      if (route in STEPS) {
        expect(next).toBe(STEP_STATES[route as keyof typeof STEPS]);
        expect(waitingStage(visit)).toBeUndefined();
      } else {
        // A guarded wait whose await-signal payload names this very stage.
        expect(state.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
        expect((state.Parameters as { Payload: { stage: string } }).Payload.stage).toBe(route);
        expect(waitingStage(visit)).toBe(route);
      }
    });

    it('shows the board the same place', () => {
      const expected = route in STEPS ? STEPS[route as keyof typeof STEPS] : route;
      expect(boardStage(visit)).toBe(expected);
      expect(BoardStage.options).toContain(expected);
    });
  });

  it('sends a visit ended, back or closed with an alert still open to wait for the acknowledgement, never on', () => {
    for (const status of ['returned', 'ended', 'closed'] as const) {
      expect(routeOf(visitIn(status, true))).toBe('awaiting-acknowledgement');
      expect(boardStage(visitIn(status, true))).toBe('awaiting-acknowledgement');
    }
    expect(routeOf(visitIn('returned', false))).toBe('close');
    expect(routeOf(visitIn('ended', false))).toBe('close');
    expect(routeOf(visitIn('closed', false))).toBe('file-report');
  });

  it('goes back to Plan when a panic lands between Plan routing to close and the close itself', async () => {
    const store = new InMemoryEventStore();
    const steps = memorySteps(store);
    const s = withOk(scenario('hunsbury-park').readyToGo(), 'cancel', { reason: 'other', detail: 'Not needed.' }, OFFICE);
    const routedAt = s.visit.version;
    expect(routeOf(s.visit)).toBe('close');
    s.ok('panic', {}, ALICE);
    await store.append('visit-0001', s.history, { expectedVersion: 0, commandId: 'seed' });

    // Not thrown (which would fail the execution): refused, nothing written, and the plan routes to the acknowledgement.
    expect(await steps.closeThenPlan({ visitId: 'visit-0001', policy: s.policy, version: routedAt })).toMatchObject({ version: routedAt + 1, route: 'awaiting-acknowledgement' });
    expect(await store.read('visit-0001')).toHaveLength(routedAt + 1);
  });

  it.each(STAGE_NAMES)('stores what %s wakes for, as the table says, when the wait begins', async (stage) => {
    const tokens = new MemoryTaskTokenStore();
    const steps = createSteps({
      store: new InMemoryEventStore(),
      tokens,
      signals: new RecordingWorkflow(),
      clock: { now: () => new Date(T0) },
      policies: seedPolicies,
    });
    await steps.awaitSignal({ visitId: 'visit-0001', taskToken: 'token-1', stage, version: 1 });
    expect((await tokens.get('visit-0001'))?.accepts).toEqual(STAGES[stage].accepts);
  });
});

/**
 * Each waiting stage wakes for every action that changes where the visit goes next or when the
 * workflow must next wake: otherwise the action is recorded and the workflow sleeps on a stale
 * plan until its old deadline. Checked over the real decide, for visits in every waiting stage.
 */
describe('what each waiting stage wakes for', () => {
  const LATER = new Date(Date.parse(T0) + 25 * 60_000).toISOString();
  const bodies = (visit: Visit): Partial<Record<ActionName, unknown>> => ({
    authorise: {},
    decline: { reason: 'Phone the family first.' },
    depart: {},
    'report-late': { expectedAt: LATER },
    arrive: {},
    enter: { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] },
    'check-in': {},
    leave: {},
    return: {},
    cancel: { reason: 'other', detail: 'The family moved.' },
    'raise-concern': { summary: 'A concern.' },
    panic: {},
    ...(openAlerts(visit)[0] ? { acknowledge: { alertId: openAlerts(visit)[0]!.alertId } } : {}),
    ...(openAlerts(visit)[0] ? { 'resolve-alert': { alertId: openAlerts(visit)[0]!.alertId, reason: 'Handled.' } } : {}),
  });

  const waiting: Array<[string, () => Scenario]> = [
    ['awaiting authorisation', () => scenario('hunsbury-park').requested()],
    ['awaiting departure', () => scenario('hunsbury-park').readyToGo()],
    ['travelling', () => scenario('hunsbury-park').readyToGo().departed()],
    ['at the door', () => scenario('hunsbury-park').readyToGo().departed().arrived()],
    ['in the home', () => scenario('hunsbury-park').readyToGo().departed().arrived().entered()],
    ['returning', () => withOk(scenario('hunsbury-park').readyToGo().departed().arrived().entered(), 'leave', {})],
    ['ended with a panic open', () => withOk(withOk(scenario('hunsbury-park').readyToGo(), 'panic', {}), 'cancel', { reason: 'other', detail: 'Not needed.' }, OFFICE)],
    ['back with a panic open', () => withOk(withOk(withOk(scenario('hunsbury-park').readyToGo().departed(), 'panic', {}), 'arrive', {}), 'leave', {})],
    ['closed, then a panic', () => {
      const s = withOk(scenario('hunsbury-park').readyToGo(), 'cancel', { reason: 'other', detail: 'Not needed.' }, OFFICE);
      s.ok('close', {}, WORKFLOW);
      return withOk(s, 'panic', {});
    }],
  ];

  it.each(waiting.flatMap(([name, make]) => [[name, make, false] as const, [`${name}, after a panic`, make, true] as const]))(
    '%s',
    (_name, make, panicked) => {
      const base = make();
      if (panicked && !openAlerts(base.visit).length) base.ok('panic', {}, ALICE);
      const before = base.visit;
      const stage = waitingStage(before);
      if (!stage) return expect.unreachable(`not waiting: ${routeOf(before)}`);
      const missing: string[] = [];
      for (const [action, body] of Object.entries(bodies(before)) as Array<[ActionName, unknown]>) {
        for (const actor of [ALICE, HEAD, OFFICE]) {
          const attempt = make();
          if (panicked && !openAlerts(attempt.visit).length) attempt.ok('panic', {}, ALICE);
          // Some minutes on, so that an action which restarts a clock (a check-in) moves the deadline.
          if (!attempt.after(10).act(action, body as never, actor).ok) continue;
          const after = attempt.visit;
          const moved = routeOf(after) !== routeOf(before) || nextDue(after, attempt.policy)?.at !== nextDue(before, attempt.policy)?.at;
          if (moved && !(STAGES[stage].accepts as readonly string[]).includes(action)) missing.push(`${action} (by ${actor.role})`);
          break;
        }
      }
      expect(missing, `${stage} must wake for these`).toEqual([]);
    },
  );
});

function withOk(s: Scenario, action: ActionName, body: unknown, actor = ALICE): Scenario {
  s.ok(action, body as never, actor);
  return s;
}

describe.concurrent('the seen bug, on the local engine with the real definition', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await startWorkflowHarness(1200);
  });
  afterAll(() => h.close());

  it('panic before departure, then the office cancels: the board and the workflow both wait until a person resolves it', async () => {
    const id = await h.request('hunsbury-park');
    await h.stage(id, 'awaiting-authorisation');
    await h.act(id, 'authorise', {}, HEAD);
    await h.stage(id, 'awaiting-departure');
    expect(await h.act(id, 'panic', {})).toMatchObject({ ok: true });
    expect(await h.act(id, 'cancel', { reason: 'other', detail: 'The family asked to meet in school instead.' }, OFFICE)).toMatchObject({ ok: true, signal: 'delivered' });

    await h.stage(id, 'awaiting-acknowledgement');
    const visit = await h.visit(id);
    expect(visit.status).toBe('ended');
    const [line] = (await h.runtime.deps.board.list({ schoolId: 'hunsbury-park' })).filter((summary) => summary.visitId === id);
    expect(line).toMatchObject({ status: 'ended', stage: 'awaiting-acknowledgement', active: true, openAlerts: 1 });

    const panic = openAlerts(visit)[0]!;
    expect(await h.act(id, 'acknowledge', { alertId: panic.alertId }, HEAD)).toMatchObject({ ok: true, signal: 'delivered' });
    // Answered is not handled: still waiting, on the board and in the workflow.
    await h.stage(id, 'awaiting-acknowledgement');
    const [acknowledged] = (await h.runtime.deps.board.list({ schoolId: 'hunsbury-park' })).filter((summary) => summary.visitId === id);
    expect(acknowledged).toMatchObject({ stage: 'awaiting-acknowledgement', active: true, openAlerts: 1, alerts: [expect.objectContaining({ alertId: panic.alertId, acknowledgedBy: expect.any(String) })] });
    expect(await h.act(id, 'resolve-alert', { alertId: panic.alertId, reason: 'Alice is safe: pressed by mistake.' }, HEAD)).toMatchObject({ ok: true, signal: 'delivered' });
    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect((await h.visit(id)).closed?.outcome).toBe('not-visited');
    expect(await h.types(id)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'PanicRaised', 'VisitCancelled', 'AlertAcknowledged', 'AlertResolved', 'VisitClosed', 'ReportFiled',
    ]);
  });
});

