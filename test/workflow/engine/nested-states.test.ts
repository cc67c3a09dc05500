import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterEach, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../../local/engine/local-sfn';
import { CallbackInbox } from './callback-inbox';
import { ToyStack } from './toy-machines';

let engine: LocalStepFunctions | undefined;
afterEach(async () => {
  await engine?.close();
});

it('runs callback tasks inside Parallel branches and scaled waits inside Map iterations', async () => {
  const toy = new ToyStack();
  const awaitSignal = toy.fn('AwaitSignal');
  const callback = (id: string) =>
    new tasks.LambdaInvoke(toy.stack, id, {
      lambdaFunction: awaitSignal,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken, who: id }),
      taskTimeout: sfn.Timeout.duration(Duration.hours(1)),
    });
  const both = new sfn.Parallel(toy.stack, 'BothAdults', { resultPath: '$.adults' }).branch(callback('StaffA')).branch(callback('StaffB'));
  const each = new sfn.Map(toy.stack, 'EachStop', { itemsPath: '$.stops', resultPath: '$.stops' }).itemProcessor(
    new sfn.Wait(toy.stack, 'Travel', { time: sfn.WaitTime.secondsPath('$.seconds') }),
  );
  const { machine } = toy.synth(both.next(each));
  const inbox = new CallbackInbox<{ token: string; who: string }>();
  engine = new LocalStepFunctions({ definition: machine.definitionString, resources: { [toy.arnOf(awaitSignal)]: inbox.handler }, timeScale: 1000 });

  const { executionArn } = await engine.startExecution({ input: JSON.stringify({ stops: [{ seconds: 60 }, { seconds: 120 }] }) });
  await inbox.nth(1);
  for (const { token, who } of inbox.received) await engine.sendTaskSuccess(token, JSON.stringify({ ready: who }));
  const result = await engine.waitForExecution(executionArn);

  expect(result.status).toBe('SUCCEEDED');
  expect(JSON.parse(result.output ?? '{}')).toEqual({
    adults: [{ ready: 'StaffA' }, { ready: 'StaffB' }],
    stops: [{ seconds: 60 }, { seconds: 120 }],
  });
  expect(((result.stopDate?.getTime() ?? 0) - result.startDate.getTime()) / 1000).toBeGreaterThanOrEqual(120);
});

it('puts the token where an intrinsic function uses $$.Task.Token', async () => {
  const definition = JSON.stringify({
    StartAt: 'Wait',
    States: {
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'link.$': "States.Format('https://visits/answer?token={}', $$.Task.Token)" } },
        End: true,
      },
    },
  });
  const inbox = new CallbackInbox<{ token: string; link: string }>();
  engine = new LocalStepFunctions({ definition, resources: { 'arn:aws:lambda:local:000000000000:function:notify': inbox.handler }, timeScale: 1000 });

  const { executionArn } = await engine.startExecution({});
  const { token, link } = await inbox.nth(0);
  await engine.sendTaskSuccess(token, '"answered"');

  expect(link).toBe(`https://visits/answer?token=${token}`);
  expect(await engine.waitForExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '"answered"' });
});
