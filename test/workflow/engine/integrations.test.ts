import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnsPublishParams } from '../../../local/engine/integrations';
import { LocalStepFunctions, type ExecutionDescription } from '../../../local/engine/local-sfn';
import { ToyStack } from './toy-machines';

class VisitNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VisitNotFoundError';
  }
}

function integrationsToy() {
  const toy = new ToyStack();
  const echo = toy.fn('Echo');
  const flaky = toy.fn('Flaky');
  const slow = toy.fn('Slow');
  const failing = toy.fn('Failing');
  const alerts = toy.topic('Alerts');
  const payload = sfn.TaskInput.fromObject({ visitId: sfn.JsonPath.stringAt('$.visitId') });

  const full = new tasks.LambdaInvoke(toy.stack, 'FullResponse', { lambdaFunction: echo, payload, resultPath: '$.full' });
  const only = new tasks.LambdaInvoke(toy.stack, 'PayloadOnly', { lambdaFunction: echo, payload, payloadResponseOnly: true, resultPath: '$.only' });
  const retried = new tasks.LambdaInvoke(toy.stack, 'Retried', { lambdaFunction: flaky, payloadResponseOnly: true, resultPath: '$.retried' }).addRetry({
    errors: ['StoreBusy'],
    interval: Duration.seconds(5),
    maxAttempts: 2,
  });
  const timed = new tasks.LambdaInvoke(toy.stack, 'TimedOut', {
    lambdaFunction: slow,
    payloadResponseOnly: true,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(10)),
    resultPath: '$.timed',
  });
  const failed = new tasks.LambdaInvoke(toy.stack, 'Failed', { lambdaFunction: failing, payload, resultPath: '$.failed' });
  const publish = new tasks.SnsPublish(toy.stack, 'Publish', {
    topic: alerts,
    subject: 'Overdue',
    message: sfn.TaskInput.fromObject({ visitId: sfn.JsonPath.stringAt('$.visitId'), level: 1 }),
    messageAttributes: { level: { value: '1' }, visitId: { value: sfn.JsonPath.stringAt('$.visitId') } },
    resultPath: '$.published',
  });
  const afterTimeout = new sfn.Pass(toy.stack, 'AfterTimeout');
  const afterFailure = new sfn.Pass(toy.stack, 'AfterFailure');
  timed.addCatch(afterTimeout, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timed' });
  failed.addCatch(afterFailure, { errors: ['VisitNotFoundError'], resultPath: '$.failed' });

  const machine = toy.synth(full.next(only).next(retried).next(timed).next(afterTimeout).next(failed).next(afterFailure).next(publish));
  return { ...machine, arns: { echo: toy.arnOf(echo), flaky: toy.arnOf(flaky), slow: toy.arnOf(slow), failing: toy.arnOf(failing), alerts: toy.arnOf(alerts) } };
}

const toy = integrationsToy();
const published: SnsPublishParams[] = [];
const echoed: unknown[] = [];
let flakyCalls = 0;
let engine: LocalStepFunctions;
let result: ExecutionDescription;
let output: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  engine = new LocalStepFunctions({
    definition: toy.machine.definitionString,
    resources: {
      [toy.arns.echo]: async (event) => {
        echoed.push(event);
        return { echoed: event };
      },
      [toy.arns.flaky]: async () => {
        flakyCalls += 1;
        if (flakyCalls === 1) throw Object.assign(new Error('try again'), { name: 'StoreBusy' });
        return 'stored';
      },
      [toy.arns.slow]: () => new Promise((resolve) => setTimeout(resolve, 200)), // far past its 10 ms (scaled 10 s) timeout
      [toy.arns.failing]: async () => {
        throw new VisitNotFoundError('no visit v9');
      },
    },
    snsPublish: async (params) => void published.push(params),
    timeScale: 1000,
  });
  const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'v9' }) });
  result = await engine.waitForExecution(executionArn);
  output = JSON.parse(result.output ?? '{}') as typeof output;
});
afterAll(() => engine.close());

describe('service integrations', () => {
  it('wraps lambda:invoke results like AWS, and passes the bare result with payloadResponseOnly', () => {
    expect(result.status).toBe('SUCCEEDED');
    expect(echoed[0]).toEqual({ visitId: 'v9' });
    expect(output.full).toMatchObject({ Payload: { echoed: { visitId: 'v9' } }, StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(output.only).toEqual({ echoed: { visitId: 'v9' } });
  });

  it("retries a handler's error matched by its name", () => {
    expect(flakyCalls).toBe(2);
    expect(output.retried).toBe('stored');
  });

  it('times out a plain task after its TimeoutSeconds, scaled', () => {
    expect(output.timed).toMatchObject({ Error: 'States.Timeout' });
  });

  it("surfaces a handler's error under its name, with the Lambda error as the cause", () => {
    expect(output.failed).toMatchObject({ Error: 'VisitNotFoundError' });
    expect(JSON.parse(String(output.failed?.Cause))).toMatchObject({ errorType: 'VisitNotFoundError', errorMessage: 'no visit v9' });
  });

  it('publishes to SNS with the subject, the message as JSON text and the message attributes', () => {
    expect(published).toEqual([
      {
        TopicArn: toy.arns.alerts,
        Subject: 'Overdue',
        Message: JSON.stringify({ visitId: 'v9', level: 1 }),
        MessageAttributes: { level: { DataType: 'String', StringValue: '1' }, visitId: { DataType: 'String', StringValue: 'v9' } },
      },
    ]);
    expect(output.published).toHaveProperty('MessageId');
  });
});
