import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import { minutesBetween } from '../../functions/core/time';
import { CONTINUE_AFTER_PASSES, executionNameOf, MAX_EXECUTION_NAME, ROUTES_OF_UNNAMED_DEFINITIONS, WATCH_LOST_PASSES } from '../../functions/steps/steps';
import { ROUTES } from '../../functions/core/stages';
import { LambdaServiceFailure, LocalStepFunctions, localExecutionArn } from '../../local/engine';
import { HEAD, OFFICE } from '../support/actors';
import { scenario } from '../support/scenario';
import { memorySteps } from '../support/memory-steps';
import { poll, startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * A long visit outgrows no execution: after its share of passes Plan routes to `continue`, and the
 * workflow starts a new execution of itself for the same visit (`<visitId>--1`, …) and ends. The new
 * one re-folds the visit from its events, so its stage, deadlines and alerts carry on.
 */

const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };

describe('the name of a visit’s next execution', () => {
  it('is the visit id for the first, then <visitId>--<generation>', () => {
    expect(executionNameOf('visit-0001', 0)).toBe('visit-0001');
    expect(executionNameOf('visit-0001', 1)).toBe('visit-0001--1');
    expect(executionNameOf('visit-0001', 12)).toBe('visit-0001--12');
  });

  it('fits Step Functions’ 80 characters for the longest visit ids, and differs for ids that share their head', () => {
    const head = 'v'.repeat(75);
    const [a, b] = [`${head}AAAAA`, `${head}BBBBB`].map((visitId) => executionNameOf(visitId, 1));
    for (const name of [a!, b!]) {
      expect(name.length).toBeLessThanOrEqual(MAX_EXECUTION_NAME);
      expect(name).toMatch(/^[A-Za-z0-9_-]+--1$/);
    }
    expect(a).not.toBe(b);
    expect(executionNameOf(`${head}AAAAA`, 1)).toBe(a);
  });
});

describe('Plan, at the end of an execution’s share of passes', () => {
  const s = scenario('hunsbury-park').readyToGo().departed();
  const setup = async () => {
    const store = new InMemoryEventStore();
    await store.append('visit-0001', s.history, { expectedVersion: 0, commandId: 'seed' });
    const steps = memorySteps(store);
    return steps;
  };

  it('routes to the visit’s stage until then, and hands over to the next generation at the threshold', async () => {
    const steps = await setup();
    const input = { visitId: 'visit-0001', policy: s.policy };
    expect(await steps.plan({ ...input, iteration: CONTINUE_AFTER_PASSES - 1 })).toMatchObject({ route: 'travelling', iteration: CONTINUE_AFTER_PASSES });
    expect(await steps.plan({ ...input, iteration: CONTINUE_AFTER_PASSES })).toMatchObject({
      route: 'continue',
      continuation: { executionName: 'visit-0001--1', generation: 1 },
    });
    expect(await steps.plan({ ...input, iteration: CONTINUE_AFTER_PASSES, execution: { generation: 3 } })).toMatchObject({
      route: 'continue',
      continuation: { executionName: 'visit-0001--4', generation: 4 },
    });
  });

  it('takes a lower threshold from the execution input, never a higher one', async () => {
    const steps = await setup();
    const input = { visitId: 'visit-0001', policy: s.policy };
    expect((await steps.plan({ ...input, iteration: 3, execution: { continueAfterPasses: 3 } })).route).toBe('continue');
    expect((await steps.plan({ ...input, iteration: CONTINUE_AFTER_PASSES, execution: { continueAfterPasses: 10 * CONTINUE_AFTER_PASSES } })).route).toBe('continue');
  });

  it('hands a visit over at once when the running definition does not know its route, so no older definition ends it in UnknownRoute', async () => {
    const steps = await setup();
    const input = { visitId: 'visit-0001', policy: s.policy, iteration: 3 };
    const known = ROUTES.filter((route) => route !== 'travelling');
    expect(await steps.plan({ ...input, routes: known })).toMatchObject({ route: 'continue', continuation: { executionName: 'visit-0001--1', generation: 1 } });
    expect(await steps.plan({ ...input, routes: ROUTES })).toMatchObject({ route: 'travelling' });
    // A definition from before they were named knows the routes it was deployed with.
    expect(await steps.plan(input)).toMatchObject({ route: 'travelling' });
    expect(ROUTES_OF_UNNAMED_DEFINITIONS).toEqual(expect.arrayContaining(['travelling', 'continue', 'done']));
  });

  it('lets a filed visit end rather than hand it over', async () => {
    const filed = scenario('hunsbury-park').requested();
    filed.ok('decline', { reason: 'Phone first.' }, HEAD);
    const store = new InMemoryEventStore();
    const steps = memorySteps(store);
    await store.append('visit-0001', filed.history, { expectedVersion: 0, commandId: 'seed' });
    const input = { visitId: 'visit-0001', policy: filed.policy };
    const closedAndFiled = await steps.closeThenPlan({ ...input, version: filed.visit.version, iteration: CONTINUE_AFTER_PASSES });
    expect(closedAndFiled).toMatchObject({ route: 'done', status: 'filed' });
    expect((await steps.plan({ visitId: 'visit-0001', policy: filed.policy, iteration: CONTINUE_AFTER_PASSES })).route).toBe('done');
  });
});

describe('states:startExecution on the local engine', () => {
  // Starts the execution `$.start` describes, if any, and ends with what StartExecution answered.
  const definition = JSON.stringify({
    StartAt: 'AnythingToStart',
    States: {
      AnythingToStart: { Type: 'Choice', Choices: [{ Variable: '$.start', IsPresent: true, Next: 'StartOne' }], Default: 'Done' },
      StartOne: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution',
        Parameters: { 'StateMachineArn.$': '$.start.arn', 'Name.$': '$.start.name', 'Input.$': '$.start.input' },
        ResultPath: '$.started',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  });
  let engine: LocalStepFunctions;
  beforeAll(() => {
    engine = new LocalStepFunctions({ definition, resources: {}, timeScale: 1000, stateMachineName: 'Visits' });
  });
  afterAll(() => engine.close());

  const run = async (name: string, start: { arn: string; name: string; input: unknown }) => {
    const { executionArn } = await engine.startExecution({ name, input: JSON.stringify({ start }) });
    const { status, output } = await engine.waitForExecution(executionArn);
    expect(status).toBe('SUCCEEDED');
    return JSON.parse(output!) as { started?: { ExecutionArn: string }; error?: { Error: string } };
  };

  it('starts an execution of this machine with the task’s name and input', async () => {
    const output = await run('parent', { arn: engine.stateMachineArn, name: 'child', input: { visitId: 'visit-1' } });
    expect(output.started?.ExecutionArn).toBe(localExecutionArn('Visits', 'child'));
    expect(await engine.describeExecution(output.started!.ExecutionArn)).toMatchObject({ name: 'child', input: JSON.stringify({ visitId: 'visit-1' }) });
  });

  it('fails the task as Step Functions names it: a used name, another machine', async () => {
    expect((await run('again', { arn: engine.stateMachineArn, name: 'child', input: { visitId: 'visit-2' } })).error?.Error).toBe('StepFunctions.ExecutionAlreadyExistsException');
    const elsewhere = engine.stateMachineArn.replace(':Visits', ':Elsewhere');
    expect((await run('elsewhere', { arn: elsewhere, name: 'other', input: {} })).error?.Error).toBe('StepFunctions.StateMachineDoesNotExistException');
  });
});

describe('a visit driven past the switch, on the local engine with the real definition', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    // A 2-hour check-in interval passes in 6 s. Six passes an execution: the request, risk assessment,
    // departure, arrival and entry take five, so the first check-in in the home is the sixth.
    h = await startWorkflowHarness(1200, { executionInput: { continueAfterPasses: 6 } });
  });
  afterAll(() => h.close());

  it('carries on as <visitId>--1: the missed check-in still raises its alert, and the visit completes and files its report', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    const checkedInAt = h.runtime.clock.now().toISOString();
    expect(await h.act(id, 'check-in', {})).toMatchObject({ ok: true, signal: 'delivered' });

    // The first execution hands over and ends; the second waits in the home, from the events.
    await h.stage(id, 'in-home', checkedInAt);
    expect(await h.executions(id)).toEqual([id, `${id}--1`]);
    const engine = h.runtime.engine;
    const first = await engine.describeExecution(localExecutionArn(engine.stateMachineName, id));
    const second = await engine.describeExecution(localExecutionArn(engine.stateMachineName, `${id}--1`));
    expect(first.status).toBe('SUCCEEDED');
    expect(second.status).toBe('RUNNING');
    expect(JSON.parse(second.input)).toMatchObject({ visitId: id, generation: 1, policy: { schoolId: 'hunsbury-park' } });

    // Nobody checks in again: the check-in deadline, counted from the check-in the first execution
    // saw, passes in the second, which raises the overdue alert.
    const overdue = await h.alert(id, (alert) => alert.kind === 'check-in-overdue' && alert.level === 1);
    const visit = await h.visit(id);
    const alert = visit.alerts.find((candidate) => candidate.alertId === overdue.alertId)!;
    expect(minutesBetween(checkedInAt, alert.raisedAt)).toBeGreaterThanOrEqual(120);
    expect(minutesBetween(checkedInAt, alert.raisedAt)).toBeLessThan(130);
    // The ack lands while the workflow moves from the timed-out wait to the next: it wakes that
    // wait, or the wait's own check finds it first; either way the workflow acts on it.
    expect(await h.act(id, 'acknowledge', { alertId: alert.alertId, note: 'Phoned Alice, all fine' }, OFFICE)).toMatchObject({
      ok: true,
      signal: expect.stringMatching(/^(delivered|pending)$/),
    });

    await h.stage(id, 'in-home', alert.raisedAt);
    await h.act(id, 'leave', {});
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});
    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect(await h.executions(id)).toEqual([id, `${id}--1`]);

    const types = await h.types(id);
    expect(types.slice(0, 8)).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'Entered', 'CheckedIn', 'CheckInOverdue']);
    // Acknowledged, the alert stayed open until the staff were back: their return resolved it.
    expect(types.slice(-5)).toEqual(['LeftHome', 'ReturnedSafely', 'AlertResolved', 'VisitClosed', 'ReportFiled']);
    expect(types.filter((type) => type === 'CheckInOverdue')).toHaveLength(1);
    expect(types).toContain('AlertAcknowledged');
    expect((await h.visit(id)).alerts).toEqual([expect.objectContaining({ alertId: alert.alertId, acknowledged: expect.objectContaining({ by: OFFICE }), resolved: expect.objectContaining({ resolution: 'returned' }) })]);
    expect((await h.visit(id)).closed?.outcome).toBe('completed');
  });
});

describe('a fault that never clears, on the local engine with the real definition', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    // Every step of these executions asks for a policy version this bundle lacks, as after a deploy
    // that dropped a version still in use: Plan fails on every pass, and so does recording the lost
    // watch. Eight passes an execution, and a lost watch counts as WATCH_LOST_PASSES of them.
    h = await startWorkflowHarness(1200, {
      executionInput: { continueAfterPasses: 2 * WATCH_LOST_PASSES, policy: { schoolId: 'hunsbury-park', version: 'dropped-by-a-deploy' } },
    });
  });
  afterAll(() => h.close());

  it('counts each lost watch toward the hand-over, so the execution hands the visit on rather than filling its history', async () => {
    const id = await h.request('hunsbury-park');
    const handedOver = await poll(async () => ((await h.executions(id)).length >= 2 ? h.executions(id) : undefined));
    expect(handedOver?.slice(0, 2)).toEqual([id, `${id}--1`]);

    const engine = h.runtime.engine;
    const first = await engine.describeExecution(localExecutionArn(engine.stateMachineName, id));
    const second = await engine.describeExecution(localExecutionArn(engine.stateMachineName, `${id}--1`));
    expect(first.status).toBe('SUCCEEDED');
    // The next execution carries the same visit and policy, and meets the same fault: still watched for it, never failed.
    expect(JSON.parse(second.input)).toMatchObject({ visitId: id, generation: 1, policy: { schoolId: 'hunsbury-park', version: 'dropped-by-a-deploy' } });
    expect(second.status).toBe('RUNNING');
    expect(await h.types(id)).toEqual(['VisitRequested']);
  });
});

describe('a fault that fails WatchLost too, on the local engine with the real definition', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await startWorkflowHarness(1200, { executionInput: { continueAfterPasses: 2 * WATCH_LOST_PASSES } });
  });
  afterAll(() => h.close());

  it('still counts each lost watch (the workflow counts it itself), so the first pass once Lambda is back hands the visit over', async () => {
    const id = await h.request('hunsbury-park');
    // Lambda fails every invocation for this visit, WatchLost's included, until two lost watches have failed outright.
    let watchLostAttempts = 0;
    const restore = h.runtime.engine.interceptInvocations((_fn, payload) => {
      const event = payload as { visitId?: string; error?: string };
      if (event.visitId !== id) return;
      if (event.error !== undefined) watchLostAttempts++;
      throw new LambdaServiceFailure('Unknown', 'Task timed out after 20.00 seconds');
    });
    // Nine attempts a lost watch (the first and eight retries).
    await poll(() => watchLostAttempts >= 2 * 9);
    restore();

    const handedOver = await poll(async () => ((await h.executions(id)).length >= 2 ? h.executions(id) : undefined));
    expect(handedOver).toEqual([id, `${id}--1`]);
    await h.stage(id, 'awaiting-authorisation');
    expect(await h.types(id)).toEqual(['VisitRequested']);
  });
});
