import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnsAlertPublisher } from '../../functions/adapters/alert-publisher';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { createEventTable } from '../../functions/adapters/event-table';
import { MemoryTaskTokenStore } from '../../functions/adapters/task-tokens';
import type { Command } from '../../functions/core/commands';
import { handleCommand, loadVisit } from '../../functions/core/handle-command';
import { localContext } from '../../functions/api/router';
import { createStepHandlers } from '../../functions/steps/handlers';
import { IDLE_WAIT_SECONDS, PolicyUnavailableError } from '../../functions/steps/steps';
import { policyRegistry } from '../../functions/app/policy-registry';
import { ALICE, HEAD } from '../support/actors';
import { RecordingWorkflow } from '../support/recording-workflow';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { uniqueId } from '../support/ids';
import { policyOf, seedPolicies, T0, visitDetails } from '../support/scenario';
import { addMinutes } from '../../functions/core/time';

/** The workflow's handlers as Step Functions calls them, against the DynamoDB adapter on dynalite. */
let dynalite: Dynalite;
let store: DynamoDbEventStore;
const policy = policyOf('hunsbury-park');
let now = T0;
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  dynalite = await startDynalite();
  const tableName = uniqueId('events');
  await createEventTable(dynalite.client, tableName);
  store = new DynamoDbEventStore({ client: dynalite.client, tableName });
});
afterAll(() => dynalite.stop());

function stepsWith(overrides: { tokens?: MemoryTaskTokenStore; workflow?: RecordingWorkflow } = {}) {
  return createStepHandlers({
    store,
    tokens: overrides.tokens ?? new MemoryTaskTokenStore(),
    signals: overrides.workflow ?? new RecordingWorkflow(),
    clock,
    policies: seedPolicies,
  });
}

async function visitInHome(): Promise<string> {
  const visitId = uniqueId('visit');
  let n = 0;
  const run = async (name: string, body: unknown, actor = ALICE) => {
    const command = { name, body, meta: { commandId: `${visitId}-${++n}`, actor, now } } as Command;
    const handled = await handleCommand(store, visitId, command, policy);
    expect(handled.ok).toBe(true);
  };
  await run('request', { visitId, details: visitDetails('hunsbury-park') });
  await run('authorise', {}, HEAD);
  await run('assess-risk', {}, { userId: 'workflow', role: 'system' });
  await run('depart', {});
  return visitId;
}

describe('the policy a step reads', () => {
  it('is the one its input names, looked up in its bundle; one missing fails the step and writes nothing', async () => {
    const visitId = await visitInHome();
    const { state } = await loadVisit(store, visitId);
    const missing = createStepHandlers({ store, tokens: new MemoryTaskTokenStore(), signals: new RecordingWorkflow(), clock, policies: policyRegistry([]) });
    now = addMinutes(T0, 121);
    try {
      await expect(missing.onDeadline({ visitId, policy: { schoolId: 'hunsbury-park', version: policy.version }, version: state.version }, localContext())).rejects.toThrow(
        new PolicyUnavailableError(`visit ${visitId}: policy hunsbury-park@${policy.version} is not in this bundle`),
      );
      expect((await loadVisit(store, visitId)).state.version).toBe(state.version);
      // The same input with the policy in the bundle: the check-in it missed is overdue.
      await stepsWith().onDeadline({ visitId, policy: { schoolId: 'hunsbury-park', version: policy.version }, version: state.version }, localContext());
      expect((await loadVisit(store, visitId)).events.slice(state.version).map((event) => event.type)).toContain('CheckInOverdue');
    } finally {
      now = T0;
    }
  });
});

describe('step handlers under Step Functions retries', () => {
  it('writes the overdue alert once when OnDeadline is invoked twice with the same input', async () => {
    const steps = stepsWith();
    const visitId = await visitInHome();
    now = addMinutes(T0, 121);
    const { state } = await loadVisit(store, visitId);
    const input = { visitId, policy, version: state.version };

    const first = await steps.onDeadline(input, localContext());
    const retry = await steps.onDeadline(input, localContext());

    expect(retry).toEqual(first);
    const { events } = await loadVisit(store, visitId);
    // Written once: the table's stream carries one append, so the publisher sends its alert once.
    expect(events.map((event) => event.type).slice(4)).toEqual(['CheckInOverdue', 'AlertEscalated']);
    now = T0;
  });

  it('waits for the next escalation once a deadline has raised its alert, and past the top of the ladder for a person', async () => {
    const steps = stepsWith();
    const visitId = await visitInHome();
    const stepInput = async () => ({ visitId, policy, version: (await loadVisit(store, visitId)).state.version });
    const planAt = async (minutes: number) => {
      now = addMinutes(T0, minutes);
      return (await steps.plan({ visitId, policy, iteration: 1 }, localContext())).waitSeconds;
    };
    const typesAfter = async (minutes: number) => {
      now = addMinutes(T0, minutes);
      await steps.onDeadline(await stepInput(), localContext());
      return (await loadVisit(store, visitId)).events.map((event) => event.type).slice(4);
    };

    expect(await typesAfter(121)).toEqual(['CheckInOverdue', 'AlertEscalated']);
    // The check-in deadline (T0 + 120) has passed and raised its alert: what is next is level 2, 15 minutes on.
    expect(await planAt(121)).toBe(15 * 60);
    expect(await typesAfter(136)).toEqual(['CheckInOverdue', 'AlertEscalated', 'AlertEscalated']);
    expect(await typesAfter(151)).toEqual(['CheckInOverdue', 'AlertEscalated', 'AlertEscalated', 'AlertEscalated']);
    // The top of the ladder: nothing more is due until a person answers, so the workflow waits, quietly.
    expect(await planAt(151)).toBe(IDLE_WAIT_SECONDS);
    expect(await typesAfter(152)).toHaveLength(4);
    now = T0;
  });

  it('assesses risk once when AssessRisk is retried', async () => {
    const steps = stepsWith();
    const visitId = uniqueId('visit');
    await handleCommand(store, visitId, { name: 'request', body: { visitId, details: visitDetails('hunsbury-park') }, meta: { commandId: 'r', actor: ALICE, now } } as Command, policy);
    await handleCommand(store, visitId, { name: 'authorise', body: {}, meta: { commandId: 'a', actor: HEAD, now } } as Command, policy);
    const input = { visitId, policy, version: 2 };
    await steps.assessRisk(input, localContext());
    await steps.assessRisk(input, localContext());
    const { events } = await loadVisit(store, visitId);
    expect(events.map((event) => event.type)).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed']);
  });

  it('wakes its own wait at once when an action was recorded after Plan read the stream', async () => {
    const tokens = new MemoryTaskTokenStore();
    const workflow = new RecordingWorkflow();
    const steps = stepsWith({ tokens, workflow });
    const visitId = await visitInHome();
    const { state } = await loadVisit(store, visitId);
    await steps.awaitSignal({ visitId, taskToken: 'token-stale', stage: 'travelling', version: state.version - 1 }, localContext());
    expect(workflow.signals.map((call) => call.token)).toEqual(['token-stale']);
    expect(await tokens.get(visitId)).toBeUndefined();

    await steps.awaitSignal({ visitId, taskToken: 'token-current', stage: 'travelling', version: state.version }, localContext());
    expect(workflow.signals).toHaveLength(1);
    expect(await tokens.get(visitId)).toMatchObject({ token: 'token-current', stage: 'travelling', accepts: expect.arrayContaining(['arrive', 'check-in']) });
  });

  it('rejects a malformed step input by name, so Step Functions does not retry it', async () => {
    const steps = stepsWith();
    await expect(steps.plan({ visitId: '', policy: {}, iteration: -1 } as never, localContext())).rejects.toMatchObject({ name: 'InvalidInputError' });
  });
});

describe('alerts on SNS', () => {
  it('publishes with the attributes subscriptions filter on', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const publisher = new SnsAlertPublisher({ client: new SNSClient({ region: 'eu-west-2' }), topicArn: 'arn:aws:sns:eu-west-2:1:alerts' });
    await publisher.publish({
      kind: 'check-in-overdue', severity: 'critical', schoolId: 'hunsbury-park', visitId: 'v-1', level: 2,
      notify: ['dsl', 'headteacher'], messageId: 'v-1:9', alertId: 'alert-7', subject: 'Level 2', text: 'Phone them',
    });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageAttributes).toMatchObject({
      kind: { DataType: 'String', StringValue: 'check-in-overdue' },
      severity: { StringValue: 'critical' },
      school: { StringValue: 'hunsbury-park' },
      level: { DataType: 'Number', StringValue: '2' },
      notify: { DataType: 'String.Array', StringValue: '["dsl","headteacher"]' },
      alertId: { StringValue: 'alert-7' },
    });
    sns.restore();
  });
});
