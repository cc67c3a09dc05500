import { afterEach, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../../local/engine/local-sfn';
import { LocalTaskSignals } from '../../../local/engine/local-task-signals';
import { CallbackInbox } from './callback-inbox';
import { guardedWaitToy } from './guarded-wait-toy';

const toy = guardedWaitToy();
const EXECUTIONS = 200;

let engine: LocalStepFunctions | undefined;
afterEach(async () => {
  await engine?.close();
});

it(`runs ${EXECUTIONS} executions waiting on callbacks at once, and completes each when signalled`, async () => {
  const inbox = new CallbackInbox<{ token: string; visitId: string }>();
  engine = new LocalStepFunctions({
    definition: toy.machine.definitionString,
    resources: { [toy.awaitSignalArn]: inbox.handler },
    snsPublish: async () => undefined,
    timeScale: 1000,
  });
  const signals = new LocalTaskSignals(engine);
  const names = Array.from({ length: EXECUTIONS }, (_, index) => `visit-${index}`);

  const started = await Promise.all(names.map((name) => engine!.startExecution({ name, input: JSON.stringify({ visitId: name, deadlineSeconds: 86_400 }) })));
  await inbox.nth(EXECUTIONS - 1);
  const waitingBefore = await engine.listExecutions({ status: 'RUNNING' });
  await Promise.all(inbox.received.map(({ token, visitId }) => signals.success(token, { kind: 'arrived', visitId })));
  const results = await Promise.all(started.map(({ executionArn }) => engine!.waitForExecution(executionArn)));

  expect(waitingBefore).toHaveLength(EXECUTIONS);
  expect(new Set(inbox.received.map(({ token }) => token)).size).toBe(EXECUTIONS);
  expect(results.every((result) => result.status === 'SUCCEEDED')).toBe(true);
  expect(results.map((result) => JSON.parse(result.output ?? '{}').signal.visitId)).toEqual(names);
});
