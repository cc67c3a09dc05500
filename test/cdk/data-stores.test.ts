import { Match } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';
import { BOARD_OPEN, BOARD_OPEN_INDEX, BOARD_SCHOOL_ID } from '../../functions/adapters/visit-board';

/** The event store, task tokens, office board and duress codes: encryption, recovery, retention, and who may do what. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

const table = (id: string) => synth.resources('AWS::DynamoDB::GlobalTable')[id]!;
const roleOf = (fn: lambda.IFunction) => synth.logicalId(fn.role!);
const replica = (id: string) => (table(id).Properties!.Replicas as Array<Record<string, unknown>>)[0]!;

describe('the event store', () => {
  it('is encrypted with the trust\'s customer-managed key, which rotates and outlives the stack', () => {
    const key = synth.logicalId(synth.stack.key);
    const events = synth.logicalId(synth.stack.eventTable);
    expect(table(events).Properties!.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(replica(events).SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    expect(synth.resources('AWS::KMS::Key')[key]).toMatchObject({ DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
  });

  it('has point-in-time recovery and deletion protection, and is retained when the stack is deleted or replaced', () => {
    const events = synth.logicalId(synth.stack.eventTable);
    expect(replica(events)).toMatchObject({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true });
    expect(table(events)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('is keyed by stream and first version, as the adapter writes it', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'streamId', KeyType: 'HASH' },
        { AttributeName: 'version', KeyType: 'RANGE' },
      ],
    });
  });

  it('grants no wildcard action on the event table to anyone', () => {
    const events = synth.logicalId(synth.stack.eventTable);
    const onEvents = policyStatements(synth.template).filter((statement) => refersTo(statement.Resource, events));
    expect(onEvents.length).toBeGreaterThan(0);
    for (const statement of onEvents) expect(actionsOf(statement).filter((action) => action.includes('*'))).toEqual([]);
  });

  it('lets no role update or delete an event item: events are put and read only (the canary\'s own partition apart)', () => {
    const events = synth.logicalId(synth.stack.eventTable);
    const onEvents = policyStatements(synth.template).filter((statement) => refersTo(statement.Resource, events) && !JSON.stringify(statement.Resource).includes('StreamArn'));
    const canaryOnly = (statement: object) => JSON.stringify((statement as { Condition?: unknown }).Condition) === JSON.stringify({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['#canary'] } });
    const actions = new Set(onEvents.filter((statement) => !canaryOnly(statement)).flatMap(actionsOf));
    expect([...actions].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    // The alert path canary (lib/alert-canary.ts) rewrites its one ping item, in a partition no visit can have.
    const canary = onEvents.filter(canaryOnly);
    expect(canary.map((statement) => [statement.roles, actionsOf(statement).sort()])).toEqual([[[roleOf(synth.stack.canary.sender)], ['dynamodb:DeleteItem', 'dynamodb:PutItem']]]);
    const everyAction = policyStatements(synth.template).flatMap(actionsOf);
    expect(everyAction).not.toContain('dynamodb:*');
  });

  it('lets only the deciding steps (WatchLost among them) and the API append events; Plan and the wait only read them', () => {
    const events = synth.logicalId(synth.stack.eventTable);
    const appenders = policyStatements(synth.template)
      .filter((statement) => refersTo(statement.Resource, events) && actionsOf(statement).includes('dynamodb:PutItem') && !('Condition' in statement))
      .flatMap((statement) => statement.roles);
    const { steps } = synth.stack;
    expect(appenders.sort()).toEqual(
      // The text Lambda records a text as the API records a press (functions/app/text-gateway.ts).
      [steps.assessRisk, steps.onDeadline, steps.close, steps.fileReport, steps.watchLost, synth.stack.api.handler, synth.stack.texts.handler].map(roleOf).sort(),
    );
  });
});

describe('the task tokens', () => {
  it('may be stored only by the wait, and taken (Get, Delete) only by the wait and the API', () => {
    const tokens = synth.logicalId(synth.stack.tokens.table);
    const onTokens = policyStatements(synth.template).filter((statement) => refersTo(statement.Resource, tokens));
    const who = (action: string) => [...new Set(onTokens.filter((s) => actionsOf(s).includes(action)).flatMap((s) => s.roles))].sort();
    expect(who('dynamodb:PutItem')).toEqual([roleOf(synth.stack.steps.awaitSignal)]);
    expect(who('dynamodb:DeleteItem')).toEqual([roleOf(synth.stack.steps.awaitSignal), roleOf(synth.stack.api.handler), roleOf(synth.stack.texts.handler)].sort());
    expect(new Set(onTokens.flatMap(actionsOf))).toEqual(new Set(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem']));
  });

  it('live in their own encrypted table with point-in-time recovery', () => {
    const tokens = synth.logicalId(synth.stack.tokens.table);
    expect(replica(tokens)).toMatchObject({
      SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [synth.logicalId(synth.stack.key), 'Arn'] } },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });
});

describe('the office board and the duress codes', () => {
  it('are encrypted with the data key; duress codes are retained and protected from deletion', () => {
    const key = { KMSMasterKeyId: { 'Fn::GetAtt': [synth.logicalId(synth.stack.key), 'Arn'] } };
    expect(replica(synth.logicalId(synth.stack.board.table)).SSESpecification).toEqual(key);
    const duress = synth.logicalId(synth.stack.duress.table);
    expect(replica(duress)).toMatchObject({ SSESpecification: key, DeletionProtectionEnabled: true });
    expect(table(duress)).toMatchObject({ DeletionPolicy: 'Retain' });
  });

  it('gives the board a sparse index of unfinished visits, and lets readers query that index by name only', () => {
    const board = synth.logicalId(synth.stack.board.table);
    expect(table(board).Properties).toMatchObject({
      GlobalSecondaryIndexes: [
        {
          IndexName: BOARD_OPEN_INDEX,
          KeySchema: [{ AttributeName: BOARD_OPEN, KeyType: 'HASH' }, { AttributeName: BOARD_SCHOOL_ID, KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    const onBoard = policyStatements(synth.template).filter((statement) => refersTo(statement.Resource, board));
    expect(JSON.stringify(onBoard.map((statement) => statement.Resource))).not.toContain('index/*');
    const readers = onBoard.filter((statement) => actionsOf(statement).includes('dynamodb:Query'));
    // The API, the reconciler (which reads the open index to find visits with no execution) and the
    // text Lambda (which finds the visit a texting member of staff is out on).
    expect(readers.flatMap((statement) => statement.roles).sort()).toEqual(
      [synth.stack.api.handler, synth.stack.reconciler.handler, synth.stack.texts.handler].map((fn) => synth.logicalId(fn.role!)).sort(),
    );
    for (const reader of readers) expect(JSON.stringify(reader.Resource)).toContain(`/index/${BOARD_OPEN_INDEX}`);
  });

  it('lets the API and the text Lambda only read duress codes, and nobody else touch them', () => {
    const duress = synth.logicalId(synth.stack.duress.table);
    const onDuress = policyStatements(synth.template).filter((statement) => refersTo(statement.Resource, duress));
    expect(onDuress.map((statement) => ({ actions: actionsOf(statement), roles: statement.roles })).sort((a, b) => a.roles[0]!.localeCompare(b.roles[0]!))).toEqual(
      [synth.stack.api.handler, synth.stack.texts.handler]
        .map((fn) => ({ actions: ['dynamodb:GetItem'], roles: [synth.logicalId(fn.role!)] }))
        .sort((a, b) => a.roles[0]!.localeCompare(b.roles[0]!)),
    );
  });

  it('uses on-demand capacity for every table', () => {
    synth.template.allResourcesProperties('AWS::DynamoDB::GlobalTable', { BillingMode: 'PAY_PER_REQUEST', SSESpecification: Match.objectLike({ SSEType: 'KMS' }) });
  });
});
