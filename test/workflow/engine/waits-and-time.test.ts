import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { afterEach, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../../local/engine/local-sfn';
import { ScaledClock } from '../../../local/engine/scaled-clock';
import { ToyStack } from './toy-machines';

function waitsToy() {
  const toy = new ToyStack();
  const stamp = (id: string) =>
    new sfn.Pass(toy.stack, id, {
      parameters: { 'started.$': '$$.Execution.StartTime', 'entered.$': '$$.State.EnteredTime' },
      resultPath: `$.${id}`,
    });
  const chain = stamp('before')
    .next(new sfn.Wait(toy.stack, 'Minute', { time: sfn.WaitTime.duration(Duration.minutes(1)) }))
    .next(new sfn.Wait(toy.stack, 'CheckInGap', { time: sfn.WaitTime.secondsPath('$.gapSeconds') }))
    .next(stamp('afterGap'))
    .next(new sfn.Wait(toy.stack, 'UntilReturn', { time: sfn.WaitTime.timestampPath('$.returnBy') }))
    .next(stamp('afterReturn'));
  return toy.synth(chain);
}

const toy = waitsToy();
let engine: LocalStepFunctions | undefined;
afterEach(async () => {
  await engine?.close();
});

it('waits on the scaled clock: a two-hour gap reads as two hours in the execution\'s times', async () => {
  const clock = new ScaledClock(36_000, new Date('2024-03-01T09:00:00Z'));
  engine = new LocalStepFunctions({ definition: toy.machine.definitionString, resources: {}, clock });
  const returnBy = new Date(Date.parse('2024-03-01T09:00:00Z') + 3 * 3600_000).toISOString();

  const { executionArn } = await engine.startExecution({ input: JSON.stringify({ gapSeconds: 7200, returnBy }) });
  const result = await engine.waitForExecution(executionArn);

  const output = JSON.parse(result.output ?? '{}') as Record<string, { started: string; entered: string }>;
  const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;
  expect(result.status).toBe('SUCCEEDED');
  expect(output.before?.started).toBe(result.startDate.toISOString());
  expect(seconds(output.before?.entered ?? '', output.afterGap?.entered ?? '')).toBeGreaterThanOrEqual(60 + 7200);
  expect(Date.parse(output.afterReturn?.entered ?? '')).toBeGreaterThanOrEqual(Date.parse(returnBy));
});

it('refuses a timeScale that disagrees with the clock it is given', () => {
  expect(() => new LocalStepFunctions({ definition: toy.machine.definitionString, resources: {}, clock: new ScaledClock(10), timeScale: 60 })).toThrow(
    /timeScale/,
  );
});

it('reads a ScaledClock as starting at the given time and running timeScale times faster', async () => {
  const clock = new ScaledClock(600, new Date('2024-01-01T00:00:00Z'));

  await new Promise((resolve) => setTimeout(resolve, 100));

  const elapsedSeconds = (clock.now().getTime() - Date.parse('2024-01-01T00:00:00Z')) / 1000;
  // At least the 100 ms waited, 600 times over (a timer may fire a millisecond early); how much more depends on the machine's load.
  expect(elapsedSeconds).toBeGreaterThanOrEqual(55);
});
