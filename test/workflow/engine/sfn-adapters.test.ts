import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { DependencyUnavailableError } from '../../../functions/adapters/dependency-unavailable';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SfnTaskSignals, TaskNotWaitingError } from '../../../functions/adapters/task-signals';
import { ExecutionInputConflictError, SfnWorkflowStarter, executionArnOf } from '../../../functions/adapters/workflow-starter';

const sfnMock = mockClient(SFNClient);
// The test process goes on to other files: give the SDK's client back.
afterAll(() => sfnMock.restore());
const client = new SFNClient({ region: 'eu-west-2' });
const metadata = { $metadata: {} };
const STATE_MACHINE = 'arn:aws:states:eu-west-2:123456789012:stateMachine:Visits';

beforeEach(() => {
  sfnMock.reset();
});

describe('SfnTaskSignals', () => {
  const signals = new SfnTaskSignals({ client });

  it('sends the output as JSON text, and the error and cause of a failure', async () => {
    sfnMock.on(SendTaskSuccessCommand).resolves(metadata).on(SendTaskFailureCommand).resolves(metadata).on(SendTaskHeartbeatCommand).resolves(metadata);

    await signals.success('t1', { kind: 'arrived' });
    await signals.failure('t2', 'FamilyRefused', 'declined');
    await signals.heartbeat('t3');

    expect(sfnMock.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({ taskToken: 't1', output: '{"kind":"arrived"}' });
    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({ taskToken: 't2', error: 'FamilyRefused', cause: 'declined' });
    expect(sfnMock.commandCalls(SendTaskHeartbeatCommand)[0]?.args[0].input).toEqual({ taskToken: 't3' });
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', ...metadata })],
    ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'Task does not exist', ...metadata })],
    ['InvalidToken', new InvalidToken({ message: 'Invalid token', ...metadata })],
  ])('reports %s as TaskNotWaitingError, keeping the SDK error as its cause', async (_name, sdkError) => {
    sfnMock.on(SendTaskSuccessCommand).rejects(sdkError);

    const error = await signals.success('t', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TaskNotWaitingError);
    expect((error as TaskNotWaitingError).cause).toBe(sdkError);
  });

  it('reports a throttle as DependencyUnavailableError (retryable: the token still waits), keeping the SDK error as its cause', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    sfnMock.on(SendTaskHeartbeatCommand).rejects(throttled);

    const error = await signals.heartbeat('t').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).cause).toBe(throttled);
  });

  it('lets other errors through unchanged', async () => {
    const invalid = Object.assign(new Error('Invalid output'), { name: 'InvalidOutput' });
    sfnMock.on(SendTaskHeartbeatCommand).rejects(invalid);

    await expect(signals.heartbeat('t')).rejects.toBe(invalid);
  });
});

describe('SfnWorkflowStarter', () => {
  const starter = new SfnWorkflowStarter({ client, stateMachineArn: STATE_MACHINE });
  const executionArn = executionArnOf(STATE_MACHINE, 'visit-1');
  const alreadyExists = () => new ExecutionAlreadyExists({ message: 'Execution Already Exists', ...metadata });

  it('starts the execution named after the visit, with the input as JSON text', async () => {
    sfnMock.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date() });

    await expect(starter.start('visit-1', { visitId: 'visit-1' })).resolves.toEqual({ executionArn });
    expect(sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({ stateMachineArn: STATE_MACHINE, name: 'visit-1', input: '{"visitId":"visit-1"}' });
  });

  it('treats ExecutionAlreadyExists with the same input as started', async () => {
    sfnMock.on(StartExecutionCommand).rejects(alreadyExists()).on(DescribeExecutionCommand, { executionArn }).resolves({ input: '{ "visitId": "visit-1" }' });

    await expect(starter.start('visit-1', { visitId: 'visit-1' })).resolves.toEqual({ executionArn });
  });

  it('reports ExecutionAlreadyExists with other input as ExecutionInputConflictError', async () => {
    sfnMock.on(StartExecutionCommand).rejects(alreadyExists()).on(DescribeExecutionCommand, { executionArn }).resolves({ input: '{"visitId":"other"}' });

    await expect(starter.start('visit-1', { visitId: 'visit-1' })).rejects.toBeInstanceOf(ExecutionInputConflictError);
  });

  it('maps the state machine ARN to the execution ARN', () => {
    expect(executionArn).toBe('arn:aws:states:eu-west-2:123456789012:execution:Visits:visit-1');
  });
});
