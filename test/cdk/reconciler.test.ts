import { beforeAll, describe, expect, it } from 'vitest';
import { BOARD_OPEN_INDEX } from '../../functions/adapters/visit-board';
import { RECONCILER_ENTRY } from '../../lib/reconciler';
import { RECONCILE_EVERY_MINUTES, RECONCILE_TIMEOUT_SECONDS } from '../../functions/reconcile/reconcile';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The reconciler on AWS: a scheduled Lambda that may read the open board and the events, and start and describe executions. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

const handlerId = () => synth.logicalId(synth.stack.reconciler.handler);
const roleId = () => synth.logicalId(synth.stack.reconciler.handler.role as never);
const statementsOfRole = () => policyStatements(synth.template).filter((statement) => statement.roles.includes(roleId()));

describe('the reconciler', () => {
  it('runs every five minutes on EventBridge Scheduler (no scheduled rule), a run never retried into the next', () => {
    expect(Object.values(synth.resources('AWS::Events::Rule')).filter((rule) => refersTo(rule.Properties, handlerId()))).toEqual([]);
    const schedules = Object.values(synth.resources('AWS::Scheduler::Schedule')).map((schedule) => schedule.Properties!);
    const ours = schedules.filter((schedule) => refersTo(schedule.Target, handlerId()));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 } },
    });
    // Scheduler invokes with a role of its own, which may invoke this function and nothing else.
    const schedulerRole = (ours[0]!.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn['Fn::GetAtt'][0];
    const invokes = policyStatements(synth.template).filter((statement) => statement.roles.includes(schedulerRole));
    expect(invokes.flatMap(actionsOf)).toEqual(expect.arrayContaining(['lambda:InvokeFunction']));
    for (const statement of invokes) expect(refersTo(statement.Resource, handlerId())).toBe(true);
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: handlerId() }, MaximumRetryAttempts: 0 });
  });

  it('is bundled from its own entry, with the trust policies built in and the names it reads in its environment', () => {
    expect(RECONCILER_ENTRY).toBe('functions/reconcile/lambda.ts');
    const variables = (synth.resources('AWS::Lambda::Function')[handlerId()]!.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(['BOARD_TABLE', 'EVENTS_TABLE', 'NODE_OPTIONS', 'STATE_MACHINE_ARN']);
  });

  it('times out before the next run is due, so runs never overlap', () => {
    const timeout = (synth.resources('AWS::Lambda::Function')[handlerId()]!.Properties as { Timeout: number }).Timeout;
    expect(timeout).toBe(RECONCILE_TIMEOUT_SECONDS);
    expect(timeout).toBeLessThan(RECONCILE_EVERY_MINUTES * 60);
  });

  it('may query the board only through its open index, and read the events without writing them', () => {
    const board = synth.logicalId(synth.stack.board.table);
    const onBoard = statementsOfRole().filter((statement) => refersTo(statement.Resource, board));
    expect(onBoard.flatMap(actionsOf)).toEqual(['dynamodb:Query']);
    expect(JSON.stringify(onBoard[0]!.Resource)).toContain(`/index/${BOARD_OPEN_INDEX}`);

    const events = synth.logicalId(synth.stack.eventTable);
    const onEvents = statementsOfRole().filter((statement) => refersTo(statement.Resource, events)).flatMap(actionsOf);
    expect([...new Set(onEvents)].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  });

  it('may start executions of the visit state machine and describe them, and nothing else on Step Functions', () => {
    const stateMachine = synth.logicalId(synth.stack.workflow.stateMachine);
    const onStates = statementsOfRole().filter((statement) => actionsOf(statement).some((action) => action.startsWith('states:')));
    expect(onStates.flatMap(actionsOf).sort()).toEqual(['states:DescribeExecution', 'states:StartExecution']);
    for (const statement of onStates) expect(refersTo(statement.Resource, stateMachine) || JSON.stringify(statement.Resource).includes(':execution:')).toBe(true);
  });

  it('decrypts with the trust key and never encrypts: it writes no table', () => {
    const key = synth.logicalId(synth.stack.key);
    const onKey = statementsOfRole().filter((statement) => refersTo(statement.Resource, key)).flatMap(actionsOf);
    expect([...new Set(onKey)]).toEqual(['kms:Decrypt']);
    const writes = statementsOfRole().flatMap(actionsOf).filter((action) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(action));
    expect(writes).toEqual([]);
  });

  it('has an Errors alarm on the operations topic', () => {
    const alarms = Object.values(synth.resources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties!);
    const ours = alarms.filter((alarm) => alarm.Namespace === 'AWS/Lambda' && alarm.MetricName === 'Errors' && refersTo(alarm.Dimensions, handlerId()));
    expect(ours).toHaveLength(1);
    expect(refersTo(ours[0]!.AlarmActions, synth.logicalId(synth.stack.operations.topic))).toBe(true);
  });
});
