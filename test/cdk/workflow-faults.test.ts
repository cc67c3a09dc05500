import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizedDefinition } from '../../local/engine';
import { allStates } from '../../local/engine/engine-definition';
import type { JsonObject } from '../../local/engine/json';
import { WATCH_METRIC } from '../../functions/steps/watch-metric';
import { WATCH_LOST_PASSES } from '../../functions/steps/steps';
import { STAGE_NAMES } from '../../functions/core/stages';
import { LAMBDA_SERVICE_ERRORS, STEP_TRANSIENT_ERRORS } from '../../workflows/faults';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/**
 * A visit never goes silent, as deployed: every Task retries every transient error with capped,
 * jittered backoff; whatever is left goes to WatchLost, which records it and pauses before Plan; no
 * Task can fail the execution; and operations have an alarm on the metric WatchLost writes.
 */
let synth: SampleTrustStack;
let states: Map<string, JsonObject>;
beforeAll(() => {
  synth = synthSampleTrust();
  states = new Map(allStates(synthesizedDefinition(synth.template.toJSON()).definition));
});

type Retrier = { ErrorEquals: string[]; IntervalSeconds: number; BackoffRate: number; MaxAttempts: number; MaxDelaySeconds: number; JitterStrategy: string };
type Catcher = { ErrorEquals: string[]; Next: string; ResultPath: string };
const tasks = () => [...states].filter(([, state]) => state.Type === 'Task');
/** Every Task but the hand-over to a new execution, which calls Step Functions itself, not a Lambda. */
const lambdaTasks = () => tasks().filter(([, state]) => String(state.Resource).includes(':lambda:'));

describe('every Task of the visit workflow', () => {
  it('retries our retryable errors and every Lambda service error, in one jittered, capped retrier', () => {
    expect(lambdaTasks().length).toBeGreaterThanOrEqual(12);
    expect(tasks().length).toBe(lambdaTasks().length + 1);
    for (const [name, state] of lambdaTasks()) {
      const retry = state.Retry as Retrier[];
      expect(retry, name).toEqual([
        { ErrorEquals: [...STEP_TRANSIENT_ERRORS, ...LAMBDA_SERVICE_ERRORS], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 8, MaxDelaySeconds: 30, JitterStrategy: 'FULL' },
      ]);
      expect(retry[0]!.ErrorEquals, name).toEqual(expect.arrayContaining(['Lambda.TooManyRequestsException', 'Lambda.Unknown', 'Lambda.ServiceException', 'DependencyUnavailableError']));
      // A deadline is the stage's outcome, never retried.
      expect(retry[0]!.ErrorEquals, name).not.toContain('States.Timeout');
    }
  });

  it('retries any failure of the hand-over to a new execution as jittered and capped, the same backoff', () => {
    expect(states.get('ContinueAsNew')!.Retry).toEqual([
      { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 8, MaxDelaySeconds: 30, JitterStrategy: 'FULL' },
    ]);
  });

  it('ends in a catch-all: to WatchLost, or (WatchLost itself) to counting the pass it could not count', () => {
    for (const [name, state] of tasks()) {
      const last = (state.Catch as Catcher[]).at(-1)!;
      expect(last.ErrorEquals, name).toEqual(['States.ALL']);
      expect(last.Next, name).toBe(name === 'WatchLost' ? 'CountTheLostWatch' : 'WatchLost');
    }
    expect(states.get('CountTheLostWatch')).toMatchObject({
      Type: 'Pass',
      Parameters: { 'iteration.$': `States.MathAdd($.plan.iteration, ${WATCH_LOST_PASSES})`, 'version.$': '$.plan.version' },
      ResultPath: '$.plan',
      Next: 'PauseBeforeWatchingAgain',
    });
  });

  it('lets a guarded wait meet its deadline before anything else, and sets no heartbeat nobody would send', () => {
    const waits = tasks().filter(([, state]) => state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(waits).toHaveLength(STAGE_NAMES.length);
    for (const [name, state] of waits) {
      expect(state, name).not.toHaveProperty('HeartbeatSeconds');
      expect(state, name).not.toHaveProperty('HeartbeatSecondsPath');
      expect((state.Catch as Catcher[]).map((catcher) => [catcher.ErrorEquals, catcher.Next]), name).toEqual([
        [['States.Timeout'], 'OnDeadline'],
        [['RecordUnreadableError'], 'RecordDamaged'],
        [['States.ALL'], 'WatchLost'],
      ]);
    }
  });

  it('records a lost watch with the failure’s name and the passes so far, pauses a minute, then hands over if they are spent, or plans again', () => {
    const watchLost = states.get('WatchLost')!;
    expect(watchLost.Parameters).toMatchObject({ 'error.$': '$.fault.Error', 'visitId.$': '$.visitId', 'iteration.$': '$.plan.iteration', 'execution.$': '$$.Execution.Input' });
    expect(watchLost.ResultPath).toBe('$.plan');
    expect(watchLost.Next).toBe('PauseBeforeWatchingAgain');
    expect(states.get('PauseBeforeWatchingAgain')).toMatchObject({ Type: 'Wait', Seconds: 60, Next: 'HandOverOrWatchAgain' });
    expect(states.get('HandOverOrWatchAgain')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.plan.continuation', IsPresent: true, Next: 'ContinueAsNew' }],
      Default: 'Plan',
    });
  });

  it('leaves no way to fail the execution but a damaged record, which no retry can read, and a route the definition does not know', () => {
    const fails = [...states].filter(([, state]) => state.Type === 'Fail').map(([name]) => name);
    expect(fails.sort()).toEqual(['RecordDamaged', 'UnknownRoute']);
    for (const [name, state] of tasks().filter(([task]) => task !== 'WatchLost')) {
      expect((state.Catch as Catcher[]).find((catcher) => catcher.Next === 'RecordDamaged')?.ErrorEquals, name).toEqual(['RecordUnreadableError']);
    }
  });
});

describe('a definition older than the step code it runs', () => {
  it('tells every step that plans the routes its Route choice knows, so Plan never gives it one it lacks', () => {
    const known = (states.get('Route')!.Choices as { StringEquals: string }[]).map((choice) => choice.StringEquals);
    const planners = lambdaTasks().filter(([, state]) => 'iteration.$' in (state.Parameters as JsonObject) || 'iteration' in (state.Parameters as JsonObject));
    expect(planners.map(([name]) => name).sort()).toEqual(['AssessRisk', 'Begin', 'Close', 'FileReport', 'OnDeadline', 'Plan', 'WatchLost'].sort());
    for (const [name, state] of planners) expect((state.Parameters as { routes: string[] }).routes, name).toEqual(known);
  });
});

describe('a visit the workflow can no longer watch', () => {
  it('alarms operations on the metric the watch-lost step writes, for this stack', () => {
    const alarms = Object.values(synth.resources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties as Record<string, unknown>);
    const unwatched = alarms.filter((alarm) => alarm.Namespace === WATCH_METRIC.namespace && alarm.MetricName === WATCH_METRIC.name);
    expect(unwatched).toHaveLength(1);
    expect(unwatched[0]).toMatchObject({
      Dimensions: [{ Name: WATCH_METRIC.dimension, Value: synth.stack.stackName }],
      Statistic: 'Sum',
      Threshold: 1,
      AlarmActions: [{ Ref: synth.logicalId(synth.stack.operations.topic) }],
    });
    const fn = synth.resources('AWS::Lambda::Function')[synth.logicalId(synth.stack.steps.watchLost)]!;
    expect((fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables[WATCH_METRIC.environment]).toBe(synth.stack.stackName);
  });

  it('is recorded by a step that may read and append events, and may not write the board, put metrics or touch tokens', () => {
    const role = synth.logicalId(synth.stack.steps.watchLost.role!);
    const actions = policyStatements(synth.template)
      .filter((statement) => statement.roles.includes(role))
      .flatMap(actionsOf)
      .filter((action) => !action.startsWith('kms:') && !action.startsWith('xray:') && !action.startsWith('logs:'));
    expect([...new Set(actions)].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    const board = synth.logicalId(synth.stack.board.table);
    const events = synth.logicalId(synth.stack.eventTable);
    const resources = policyStatements(synth.template).filter((statement) => statement.roles.includes(role) && actionsOf(statement).includes('dynamodb:PutItem'));
    expect(resources.some((statement) => refersTo(statement.Resource, board))).toBe(false);
    expect(resources.some((statement) => refersTo(statement.Resource, events))).toBe(true);
    expect(resources.every((statement) => refersTo(statement.Resource, events))).toBe(true);
  });
});
