import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEPENDENCY_UNAVAILABLE, DependencyUnavailableError, isTransientAwsError } from '../../functions/adapters/dependency-unavailable';
import { DynamoDbDuressCodes } from '../../functions/adapters/duress-codes';
import { DynamoDbTaskTokenStore } from '../../functions/adapters/task-tokens';
import { DynamoDbVisitBoard } from '../../functions/adapters/visit-board';
import { startIdempotently } from '../../functions/adapters/workflow-starter';
import { EventStoreUnavailableError, ExpectedVersionConflictError } from '../../functions/core/event-store';
import { STEP_TRANSIENT_ERRORS } from '../../workflows/faults';
import { boardSummary } from '../../functions/core/board';
import { scenario } from '../support/scenario';

/**
 * Every adapter turns "throttled, or briefly unreachable" into the one retryable error the state
 * machine retries, and lets a refusal through as it came (retrying it would only repeat it).
 */
const metadata = { $metadata: { httpStatusCode: 400 } };
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata });
const refused = () => Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException', $fault: 'client' });

const dynamodb = mockClient(DynamoDBClient);
// The test process goes on to other files that talk to dynalite: give every DynamoDB client back.
afterAll(() => dynamodb.restore());
beforeEach(() => dynamodb.reset());
const client = new DynamoDBClient({ region: 'eu-west-2' });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a failure'),
    (error: unknown) => error,
  );
}

describe('the one retryable error', () => {
  it('has the names the state machine retries, beside the event store’s own', () => {
    expect(new DependencyUnavailableError('x', { cause: undefined }).name).toBe(DEPENDENCY_UNAVAILABLE);
    expect(STEP_TRANSIENT_ERRORS).toEqual([
      DEPENDENCY_UNAVAILABLE,
      new EventStoreUnavailableError('x').name,
      new ExpectedVersionConflictError('s', 1, 2).name,
    ]);
  });

  it('tells a throttle, a server fault and a dropped connection from a refusal', () => {
    expect(isTransientAwsError(throttled())).toBe(true);
    expect(isTransientAwsError(new InternalServerError({ message: 'oops', $metadata: {} }))).toBe(true);
    expect(isTransientAwsError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientAwsError(refused())).toBe(false);
    expect(isTransientAwsError(new ConditionalCheckFailedException({ message: 'no', ...metadata }))).toBe(false);
  });
});

describe('the task token table', () => {
  const tokens = new DynamoDbTaskTokenStore({ client, tableName: 'tokens' });
  const task = { visitId: 'visit-0001', token: 't', stage: 'in-home', accepts: ['check-in'], storedAt: '2026-11-23T09:30:00.000Z' };

  it.each([
    ['put', () => tokens.put(task), (error: Error) => dynamodb.on(PutItemCommand).rejects(error)],
    ['get', () => tokens.get('visit-0001'), (error: Error) => dynamodb.on(GetItemCommand).rejects(error)],
    ['take', () => tokens.take('visit-0001', 't'), (error: Error) => dynamodb.on(DeleteItemCommand).rejects(error)],
  ] as const)('%s: a throttle is DependencyUnavailableError with the SDK error as its cause', async (_name, call, arm) => {
    const sdkError = throttled();
    arm(sdkError);
    const error = await failure(call());
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toMatch(/task token table tokens/);
    expect((error as Error).cause).toBe(sdkError);
  });

  it('take: a failed condition is still "someone else took it", and a refusal passes through', async () => {
    dynamodb.on(DeleteItemCommand).rejectsOnce(new ConditionalCheckFailedException({ message: 'no', ...metadata })).rejectsOnce(refused());
    expect(await tokens.take('visit-0001', 't')).toBe(false);
    expect(await failure(tokens.take('visit-0001', 't'))).toMatchObject({ name: 'ValidationException' });
  });
});

describe('the board table', () => {
  const board = new DynamoDbVisitBoard({ client, tableName: 'board' });
  const s = scenario('hunsbury-park').readyToGo();

  it('project: a throttle is DependencyUnavailableError; a stale line is still dropped quietly', async () => {
    dynamodb.on(PutItemCommand).rejectsOnce(throttled()).rejectsOnce(new ConditionalCheckFailedException({ message: 'stale', ...metadata }));
    expect(await failure(board.project(boardSummary(s.visit, s.policy)))).toBeInstanceOf(DependencyUnavailableError);
    await expect(board.project(boardSummary(s.visit, s.policy))).resolves.toBeUndefined();
  });

  it('list: a throttled page is DependencyUnavailableError', async () => {
    dynamodb.on(QueryCommand).rejects(throttled());
    expect(await failure(board.list({ schoolId: 'hunsbury-park' }))).toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('the duress code table and starting a workflow', () => {
  it('duress codes: a throttle is DependencyUnavailableError, never "not a duress code"', async () => {
    dynamodb.on(GetItemCommand).rejects(throttled());
    const codes = new DynamoDbDuressCodes({ client, tableName: 'duress' });
    expect(await failure(codes.check('staff-alice', '1234'))).toBeInstanceOf(DependencyUnavailableError);
  });

  it('start: a throttled StartExecution is DependencyUnavailableError (starting again is safe)', async () => {
    const api = {
      startExecution: () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })),
      executionInput: () => Promise.resolve(undefined),
      executionArn: (name: string) => `arn:aws:states:eu-west-2:1:execution:m:${name}`,
    };
    expect(await failure(startIdempotently(api, 'visit-0001', {}))).toBeInstanceOf(DependencyUnavailableError);
  });
});
