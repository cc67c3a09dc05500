import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskNotWaitingError } from '../../../functions/adapters/task-signals';
import { engineTimeoutError } from '../../../local/engine/engine-timeout-error';
import { LocalStepFunctions } from '../../../local/engine/local-sfn';
import { LocalTaskSignals } from '../../../local/engine/local-task-signals';
import { CallbackInbox } from './callback-inbox';
import { guardedWaitToy, type GuardedWaitToy } from './guarded-wait-toy';

const deadlineToy = guardedWaitToy();
const heartbeatToy = guardedWaitToy({ heartbeat: sfn.Timeout.at('$.heartbeatSeconds'), timeout: 'none' });
const untimedToy = guardedWaitToy({ timeout: 'none' });

let engine: LocalStepFunctions | undefined;
afterEach(async () => {
  await engine?.close();
  vi.useRealTimers();
});

function start(toy: GuardedWaitToy, timeScale: number) {
  const inbox = new CallbackInbox<{ token: string; visitId: string }>();
  const published: unknown[] = [];
  engine = new LocalStepFunctions({
    definition: toy.machine.definitionString,
    resources: { [toy.awaitSignalArn]: inbox.handler },
    snsPublish: async (params) => void published.push(params),
    timeScale,
  });
  return { engine, inbox, signals: new LocalTaskSignals(engine), published };
}

const output = (description: { output?: string }) => JSON.parse(description.output ?? 'null') as Record<string, unknown>;
const elapsedSeconds = (description: { startDate: Date; stopDate?: Date }) =>
  ((description.stopDate?.getTime() ?? Number.NaN) - description.startDate.getTime()) / 1000;

describe('callback tasks (waitForTaskToken)', () => {
  it('routes a signal through the Choice, looping on check-in with a fresh token each time', async () => {
    const { engine, inbox, signals } = start(deadlineToy, 1000);
    const { executionArn } = await engine.startExecution({ name: 'v1', input: JSON.stringify({ visitId: 'v1', deadlineSeconds: 3600 }) });

    const first = await inbox.nth(0);
    await signals.success(first.token, { kind: 'checkIn' });
    const second = await inbox.nth(1);
    await signals.success(second.token, { kind: 'arrived' });
    const result = await engine.waitForExecution(executionArn);

    expect(first.visitId).toBe('v1');
    expect(second.token).not.toBe(first.token);
    expect(result.status).toBe('SUCCEEDED');
    expect(output(result)).toMatchObject({ route: 'Arrived', signal: { kind: 'arrived' } });
  });

  it('times out at the deadline read from the state input, though Parameters do not pass it on, and the Catch runs', async () => {
    const { engine, inbox } = start(deadlineToy, 1000);
    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'v2', deadlineSeconds: 20 }) });

    const result = await engine.waitForExecution(executionArn);

    expect(inbox.received).toHaveLength(1);
    expect(Object.keys(inbox.received[0] ?? {})).toEqual(['token', 'visitId']);
    expect(result.status).toBe('SUCCEEDED');
    expect(output(result)).toMatchObject({ route: 'Overdue', error: { Error: 'States.Timeout' } });
    expect(elapsedSeconds(result)).toBeGreaterThanOrEqual(20);
  });

  it('lets a timeout pass a States.TaskFailed catcher, as AWS does', async () => {
    const { engine } = start(deadlineToy, 1000);
    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'v3', deadlineSeconds: 5 }) });

    const result = await engine.waitForExecution(executionArn);

    expect(output(result).route).toBe('Overdue');
  });

  it('fails the task with the error sent by sendTaskFailure, so the Catch for that name runs', async () => {
    const { engine, inbox, signals } = start(deadlineToy, 1000);
    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'v4', deadlineSeconds: 3600 }) });

    await signals.failure((await inbox.nth(0)).token, 'FamilyRefused', 'Parent declined at the door');
    const result = await engine.waitForExecution(executionArn);

    expect(output(result)).toMatchObject({ route: 'Refused', error: { Error: 'FamilyRefused', Cause: 'Parent declined at the door' } });
  });

  it('answers a signal to a timed-out token with TaskTimedOut, which the port reports as TaskNotWaitingError', async () => {
    const { engine, inbox, signals } = start(deadlineToy, 1000);
    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'v5', deadlineSeconds: 5 }) });
    await engine.waitForExecution(executionArn);
    const { token } = await inbox.nth(0);

    await expect(engine.sendTaskSuccess(token, '{}')).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(signals.success(token, { kind: 'arrived' })).rejects.toBeInstanceOf(TaskNotWaitingError);
    await expect(signals.heartbeat(token)).rejects.toBeInstanceOf(TaskNotWaitingError);
  });

  it('answers a token it never issued with InvalidToken', async () => {
    const { engine, signals } = start(deadlineToy, 1000);

    await expect(engine.sendTaskSuccess('forged-token', '{}')).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(signals.failure('forged-token', 'X')).rejects.toBeInstanceOf(TaskNotWaitingError);
  });

  it('refuses task output that is not JSON, and the task keeps waiting', async () => {
    const { engine, inbox } = start(deadlineToy, 1000);
    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'v6', deadlineSeconds: 3600 }) });
    const { token } = await inbox.nth(0);

    await expect(engine.sendTaskSuccess(token, 'not json')).rejects.toMatchObject({ name: 'InvalidOutput' });
    await engine.sendTaskSuccess(token, JSON.stringify({ kind: 'arrived' }));

    expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });
});

describe('heartbeats', () => {
  it('fails a task that sends no heartbeat within HeartbeatSecondsPath with States.HeartbeatTimeout', async () => {
    const { engine } = start(heartbeatToy, 100);
    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'h1', heartbeatSeconds: 30 }) });

    const result = await engine.waitForExecution(executionArn);

    expect(output(result)).toMatchObject({ route: 'Silent', error: { Error: 'States.HeartbeatTimeout' } });
    expect(elapsedSeconds(result)).toBeGreaterThanOrEqual(30);
  });

  it('keeps a task waiting past its heartbeat interval while heartbeats arrive', async () => {
    const { engine, inbox, signals } = start(heartbeatToy, 100);
    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'h2', heartbeatSeconds: 60 }) });
    const { token } = await inbox.nth(0);

    for (let beat = 0; beat < 8; beat++) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // 10 s on the scaled clock
      await signals.heartbeat(token);
    }
    await signals.success(token, { kind: 'arrived' });
    const result = await engine.waitForExecution(executionArn);

    expect(output(result).route).toBe('Arrived');
    expect(elapsedSeconds(result)).toBeGreaterThanOrEqual(80);
  });
});

describe('a callback task without a timeout', () => {
  it('still waits after the 60 s the engine would otherwise allow, and days later', async () => {
    await engineTimeoutError(); // its 1 ms probe must run on real timers
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { engine, inbox, signals } = start(untimedToy, 1);
    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'u1' }) });
    const { token } = await inbox.nth(0);

    await vi.advanceTimersByTimeAsync(61_000);
    const afterAMinute = await engine.describeExecution(executionArn);
    await vi.advanceTimersByTimeAsync(Duration.days(3).toMilliseconds());
    const afterThreeDays = await engine.describeExecution(executionArn);
    await signals.success(token, { kind: 'arrived' });
    const result = await engine.waitForExecution(executionArn);

    expect(afterAMinute.status).toBe('RUNNING');
    expect(afterThreeDays.status).toBe('RUNNING');
    expect(output(result).route).toBe('Arrived');
  });
});
