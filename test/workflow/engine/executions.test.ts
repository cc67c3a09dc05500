import { Duration } from 'aws-cdk-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionInputConflictError } from '../../../functions/adapters/workflow-starter';
import { LocalStepFunctions } from '../../../local/engine/local-sfn';
import { LocalWorkflowStarter } from '../../../local/engine/local-workflow-starter';
import { CallbackInbox } from './callback-inbox';
import { guardedWaitToy, type GuardedWaitToy } from './guarded-wait-toy';

const toy = guardedWaitToy();
const shortLivedToy = guardedWaitToy({ machineTimeout: Duration.minutes(1) });

let engine: LocalStepFunctions | undefined;
afterEach(async () => {
  await engine?.close();
});

function local(machine: GuardedWaitToy = toy) {
  const inbox = new CallbackInbox();
  engine = new LocalStepFunctions({
    definition: machine.machine.definitionString,
    resources: { [machine.awaitSignalArn]: inbox.handler },
    snsPublish: async () => undefined,
    timeScale: 1000,
    stateMachineName: 'Visits',
  });
  return { engine, inbox };
}

const waitingInput = (visitId: string) => JSON.stringify({ visitId, deadlineSeconds: 3600 });

describe('executions', () => {
  it('returns the running execution when the same name starts again with the same input', async () => {
    const { engine } = local();

    const first = await engine.startExecution({ name: 'visit-1', input: waitingInput('visit-1') });
    const again = await engine.startExecution({ name: 'visit-1', input: waitingInput('visit-1') });

    expect(again).toEqual(first);
    expect(first.executionArn).toBe('arn:aws:states:local:000000000000:execution:Visits:visit-1');
    expect(await engine.listExecutions()).toHaveLength(1);
  });

  it('refuses a used name with other input, and a used name once its execution has ended, like SFN', async () => {
    const { engine, inbox } = local();
    const { executionArn } = await engine.startExecution({ name: 'visit-2', input: waitingInput('visit-2') });

    await expect(engine.startExecution({ name: 'visit-2', input: waitingInput('other') })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await engine.sendTaskSuccess((await inbox.nth(0)).token, JSON.stringify({ kind: 'arrived' }));
    await engine.waitForExecution(executionArn);
    await expect(engine.startExecution({ name: 'visit-2', input: waitingInput('visit-2') })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('lets the workflow starter start a name again with the same input, running or ended, but not with other input', async () => {
    const { engine, inbox } = local();
    const starter = new LocalWorkflowStarter(engine);
    const input = { visitId: 'visit-3', deadlineSeconds: 3600 };

    const { executionArn } = await starter.start('visit-3', input);
    await starter.start('visit-3', input);
    await engine.sendTaskSuccess((await inbox.nth(0)).token, JSON.stringify({ kind: 'arrived' }));
    await engine.waitForExecution(executionArn);
    const afterEnd = await starter.start('visit-3', { deadlineSeconds: 3600, visitId: 'visit-3' });

    expect(afterEnd.executionArn).toBe(executionArn);
    await expect(starter.start('visit-3', { ...input, visitId: 'x' })).rejects.toBeInstanceOf(ExecutionInputConflictError);
    expect(await engine.listExecutions()).toHaveLength(1);
  });

  it('stops an execution: ABORTED with the reason given, and its waiting token no longer accepted', async () => {
    const { engine, inbox } = local();
    const { executionArn } = await engine.startExecution({ name: 'visit-4', input: waitingInput('visit-4') });
    const { token } = await inbox.nth(0);

    await engine.stopExecution(executionArn, { error: 'VisitCancelled', cause: 'cancelled by the office' });
    const stopped = await engine.describeExecution(executionArn);

    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'VisitCancelled', cause: 'cancelled by the office' });
    expect(stopped.stopDate).toBeInstanceOf(Date);
    await expect(engine.sendTaskSuccess(token, '{}')).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('lists executions by status, newest first', async () => {
    const { engine, inbox } = local();
    const a = await engine.startExecution({ name: 'a', input: waitingInput('a') });
    await engine.startExecution({ name: 'b', input: waitingInput('b') });
    await engine.sendTaskSuccess((await inbox.nth(0)).token, JSON.stringify({ kind: 'arrived' }));
    await engine.waitForExecution(a.executionArn);

    const running = await engine.listExecutions({ status: 'RUNNING' });
    const succeeded = await engine.listExecutions({ status: 'SUCCEEDED' });
    const all = await engine.listExecutions();

    expect(running.map((execution) => execution.name)).toEqual(['b']);
    expect(succeeded.map((execution) => execution.name)).toEqual(['a']);
    expect(all.map((execution) => execution.name)).toEqual(['b', 'a']);
  });

  it('reports a Fail state as FAILED with its error', async () => {
    const { engine, inbox } = local();
    const { executionArn } = await engine.startExecution({ input: waitingInput('v') });

    await engine.sendTaskSuccess((await inbox.nth(0)).token, JSON.stringify({ kind: 'unheard-of' }));

    expect(await engine.waitForExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'UnexpectedSignal' });
  });

  it("times out the whole execution after the machine's TimeoutSeconds, scaled", async () => {
    const { engine, inbox } = local(shortLivedToy);
    const { executionArn } = await engine.startExecution({ input: waitingInput('v') });
    const { token } = await inbox.nth(0);

    const result = await engine.waitForExecution(executionArn);

    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(((result.stopDate?.getTime() ?? 0) - result.startDate.getTime()) / 1000).toBeGreaterThanOrEqual(60);
    await expect(engine.sendTaskSuccess(token, '{}')).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('refuses names SFN refuses, input that is not JSON, and unknown executions', async () => {
    const { engine } = local();

    await expect(engine.startExecution({ name: 'has space' })).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(engine.startExecution({ name: 'x'.repeat(81) })).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(engine.startExecution({ name: 'ok', input: '{' })).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(engine.describeExecution(`${engine.stateMachineArn}:nope`)).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });

  it('fails at construction when a function the definition invokes has no handler', () => {
    expect(() => new LocalStepFunctions({ definition: toy.machine.definitionString, resources: {}, snsPublish: async () => undefined })).toThrow(
      /missing resources.*WaitForFamily/s,
    );
  });
});

describe('closing the engine', () => {
  it('stops running executions and waits for handler calls still in flight', async () => {
    const definition = JSON.stringify({ StartAt: 'Step', States: { Step: { Type: 'Task', Resource: 'arn:aws:lambda:local:000000000000:function:step', End: true } } });
    let began = () => {};
    const beganCall = new Promise<void>((resolve) => (began = resolve));
    let finished = false;
    const slowStep = async () => {
      began();
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = true;
    };
    const closing = new LocalStepFunctions({ definition, resources: { 'arn:aws:lambda:local:000000000000:function:step': slowStep } });
    const { executionArn } = await closing.startExecution({});
    await beganCall;

    await closing.close();

    expect(finished).toBe(true);
    expect((await closing.describeExecution(executionArn)).status).toBe('ABORTED');
  });
});
