import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../functions/adapters/dependency-unavailable';
import { executionArnOf, SfnWorkflowStarter } from '../../functions/adapters/workflow-starter';

/** What the reconciler asks Step Functions before it starts anything: DescribeExecution of the visit's execution, in three words. */

const sfnMock = mockClient(SFNClient);
// The test process goes on to other files: give the SDK's client back.
afterAll(() => sfnMock.restore());
const client = new SFNClient({ region: 'eu-west-2' });
const STATE_MACHINE = 'arn:aws:states:eu-west-2:123456789012:stateMachine:Visits';
const starter = new SfnWorkflowStarter({ client, stateMachineArn: STATE_MACHINE });

beforeEach(() => {
  sfnMock.reset();
});

describe('SfnWorkflowStarter.stateOf', () => {
  it.each([
    ['RUNNING', 'running'],
    ['PENDING_REDRIVE', 'running'],
    ['SUCCEEDED', 'ended'],
    ['FAILED', 'ended'],
    ['TIMED_OUT', 'ended'],
    ['ABORTED', 'ended'],
  ] as const)('calls an execution %s %s', async (status, state) => {
    sfnMock.on(DescribeExecutionCommand, { executionArn: executionArnOf(STATE_MACHINE, 'visit-1') }).resolves({ status });

    await expect(starter.stateOf('visit-1')).resolves.toBe(state);
  });

  it('calls a name with no execution not started', async () => {
    sfnMock.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));

    await expect(starter.stateOf('visit-1')).resolves.toBe('not-started');
  });

  it('reports a throttle as DependencyUnavailableError, never as not started', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    sfnMock.on(DescribeExecutionCommand).rejects(throttled);

    const error = await starter.stateOf('visit-1').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).cause).toBe(throttled);
  });
});
