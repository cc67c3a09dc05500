import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSignals } from '../../functions/adapters/task-signals';
import { createVisitService } from '../../functions/app/visit-service';
import { createSteps } from '../../functions/steps/steps';
import { ALICE } from '../support/actors';
import { uniqueId } from '../support/ids';
import { policyOf, seedPolicies } from '../support/scenario';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * Round trips on the paths that keep staff safe, counted through the real clients (issue 12): every
 * DynamoDB call made on behalf of one request or one step (attributed by async context, so the
 * workflow's own work, which the request wakes, is not counted against the request), and every
 * Step Functions call. On the real runtime: dynalite, the local engine, the real definition.
 */
const calls = new AsyncLocalStorage<string[]>();

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(60);
  h.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      calls.getStore()?.push(`DynamoDB ${(context.commandName ?? '').replace(/Command$/, '')} ${(args.input as { TableName?: string }).TableName ?? ''}`);
      return next(args);
    },
    { step: 'initialize', name: 'countRoundTrips' },
  );
}, 120_000);
afterAll(() => h.close());

/** The runtime's signals, each call counted as the Step Functions call it is on AWS. */
function countedSignals(signals: TaskSignals): TaskSignals {
  const counted = (name: string) => calls.getStore()?.push(`StepFunctions ${name}`);
  return {
    success: (token, output) => (counted('SendTaskSuccess'), signals.success(token, output)),
    failure: (token, error, cause) => (counted('SendTaskFailure'), signals.failure(token, error, cause)),
    heartbeat: (token) => (counted('SendTaskHeartbeat'), signals.heartbeat(token)),
  };
}

async function counting<T>(work: () => Promise<T>): Promise<{ result: T; made: string[] }> {
  const made: string[] = [];
  const result = await calls.run(made, work);
  return { result, made };
}

describe('round trips', () => {
  it('a check-in over the API makes at most four DynamoDB calls and one Step Functions call before it answers', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] });
    await h.stage(id, 'in-home');
    const service = createVisitService({ ...h.runtime.deps, signals: countedSignals(h.runtime.deps.signals) });

    const { result, made } = await counting(() => service.act(id, { asked: { name: 'check-in', body: {} }, actor: ALICE, commandId: uniqueId('cmd') }));
    expect(result).toMatchObject({ ok: true, signal: 'delivered' });
    const dynamodb = made.filter((call) => call.startsWith('DynamoDB'));
    // One read of the stream, one conditional write, the waiting task's token read, and its delete.
    expect(dynamodb.length, made.join('\n')).toBeLessThanOrEqual(4);
    expect(dynamodb.filter((call) => call.startsWith('DynamoDB Query')), made.join('\n')).toHaveLength(1);
    expect(made.filter((call) => call.startsWith('StepFunctions')), made.join('\n')).toEqual(['StepFunctions SendTaskSuccess']);

    // The stage woke, and the table's stream put the check-in on the board.
    await h.stage(id, 'in-home', (await h.visit(id)).lastRecordedAt);
    await h.runtime.stream.idle();
    const [line] = await h.runtime.deps.board.list({ schoolId: 'hunsbury-park' }).then((lines) => lines.filter((candidate) => candidate.visitId === id));
    expect(line).toMatchObject({ version: (await h.visit(id)).version });
  });

  it('Plan reads the stream once per pass, and writes nothing (the board is the stream\'s projection)', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    const { store, tokens, signals, clock } = h.runtime.deps;
    const steps = createSteps({ store, tokens, signals, clock, policies: seedPolicies });
    const { result, made } = await counting(() => steps.plan({ visitId: id, policy: policyOf('hunsbury-park'), iteration: 0 }));
    expect(result).toMatchObject({ route: 'at-the-door' });
    expect(made.filter((call) => call.startsWith('DynamoDB Query')), made.join('\n')).toHaveLength(1);
    expect(made, made.join('\n')).toHaveLength(1);
  });

  it('a panic, which wakes no stage, answers without writing the board, and the stream puts its alert there', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    const service = createVisitService({ ...h.runtime.deps, signals: countedSignals(h.runtime.deps.signals) });
    const { result, made } = await counting(() => service.act(id, { asked: { name: 'panic', body: {} }, actor: ALICE, commandId: uniqueId('cmd') }));
    expect(result).toMatchObject({ ok: true, signal: 'not-needed' });
    expect(made.filter((call) => call.startsWith('StepFunctions'))).toEqual([]);
    expect(made.filter((call) => call.includes(h.tables.board))).toEqual([]);
    await h.runtime.stream.idle();
    const [line] = (await h.runtime.deps.board.list({ schoolId: 'hunsbury-park' })).filter((candidate) => candidate.visitId === id);
    expect(line).toMatchObject({ openAlerts: 1 });
  });
});
